from django.urls import path

from .views import allocations, campaigns, home, reminders, service_days, targets, undo

app_name = "planning"

t = "t/<str:code>/"

urlpatterns = [
    path("", home.planning_home, name="home"),
    path("villages/<str:code>/", home.village, name="village"),
    # service days
    path(t + "service-days/", service_days.service_day_list, name="service_days"),
    path(t + "service-days/new/", service_days.service_day_new, name="service_day_new"),
    path(t + "service-days/notice-check/", service_days.notice_check, name="notice_check"),
    path(t + "service-days/notices.docx", service_days.service_day_notices, name="notices"),
    path("service-days/<int:pk>/", service_days.service_day_detail, name="service_day"),
    path("service-days/<int:pk>/edit/", service_days.service_day_edit, name="service_day_edit"),
    path(
        "service-days/<int:pk>/record/", service_days.service_day_record, name="service_day_record"
    ),
    path("service-days/<int:pk>/delete/", undo.service_day_delete, name="service_day_delete"),
    path("service-days/<int:pk>/notice.docx", service_days.service_day_notice, name="notice"),
    # targets
    path(t + "targets/", targets.targets, name="targets"),
    path(t + "targets/upload/", targets.targets_upload, name="targets_upload"),
    # allocation
    path(t + "base-figures/", allocations.base_figures, name="base_figures"),
    path(t + "base-figures/upload/", allocations.base_figures_upload, name="base_upload"),
    path(t + "allocations/", allocations.allocation_list, name="allocations"),
    path(t + "allocations/new/", allocations.allocation_new, name="allocation_new"),
    path("allocations/<int:pk>/", allocations.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/delete/", undo.allocation_delete, name="allocation_delete"),
    # campaigns
    path(t + "campaigns/", campaigns.campaign_list, name="campaigns"),
    path(t + "campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/entries/", campaigns.campaign_entries, name="campaign_entries"),
    path(
        "campaigns/<int:pk>/targets/new/", campaigns.campaign_target_new, name="campaign_target_new"
    ),
    path(
        "campaigns/<int:pk>/targets/<int:target>/delete/",
        campaigns.campaign_target_delete,
        name="campaign_target_delete",
    ),
    path("campaigns/<int:pk>/bulletin.docx", campaigns.campaign_bulletin_docx, name="bulletin"),
    path("campaigns/<int:pk>/units/<str:code>/", campaigns.campaign_unit, name="campaign_unit"),
    # reminders
    path(t + "reminders/", reminders.reminder_list, name="reminders"),
    path(t + "reminders/generate/", reminders.reminder_generate, name="reminder_generate"),
    path(t + "reminders.docx", reminders.reminders_docx_open, name="reminders_docx"),
    path("villages/<str:code>/reminders/", reminders.unit_reminders, name="unit_reminders"),
    path("reminders/<int:pk>/", reminders.reminder_detail, name="reminder"),
    path("reminders/<int:pk>/acknowledge/", reminders.reminder_acknowledge, name="reminder_ack"),
    path("reminders/<int:pk>/resolve/", reminders.reminder_resolve, name="reminder_resolve"),
    path("reminders/<int:pk>/delete/", undo.reminder_delete, name="reminder_delete"),
    path("reminders/<int:pk>/reminder.docx", reminders.reminder_docx, name="reminder_docx"),
]
