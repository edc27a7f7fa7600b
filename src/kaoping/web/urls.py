from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kaoping.web.core import api
from kaoping.web.core.views import (
    auth,
    completeness,
    datasets,
    home,
    passwords,
    region_users,
    reports,
    tokens,
    two_factor,
    units,
    upload,
    users,
    webapp,
)
from kaoping.web.jobs import imports as upload_jobs

report = "report/<int:dataset_pk>/<str:unit_code>/<str:period>/"
dataset_period = "datasets/<int:dataset_pk>/<str:period>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", passwords.password_change, name="password_change"),
    path("account/password/done/", passwords.password_change_done, name="password_change_done"),
    path("account/password/reset/", passwords.password_reset, name="password_reset"),
    path(
        "account/password/reset/sent/",
        passwords.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        passwords.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/complete/",
        passwords.password_reset_complete,
        name="password_reset_complete",
    ),
    path(
        "users/<int:pk>/temporary-password/",
        passwords.temporary_password,
        name="temporary_password",
    ),
    path("account/two-factor/", two_factor.setup, name="two_factor_setup"),
    path("account/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("users/<int:pk>/two-factor/reset/", two_factor.reset, name="two_factor_reset"),
    path("i18n/", include("django.conf.urls.i18n")),
    # At the root: a service worker only controls the pages under its own path.
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("offline/", webapp.offline, name="offline"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_new, name="unit_new"),
    path("units/import/", units.unit_import, name="unit_import"),
    path("datasets/new/", datasets.dataset_new, name="dataset_new"),
    path("users/", users.user_list, name="user_list"),
    path("users/roles/<int:pk>/delete/", users.membership_delete, name="membership_delete"),
    path("users/county/", region_users.region_users, name="region_users"),
    path(
        "users/county/roles/<int:pk>/delete/",
        region_users.region_membership_delete,
        name="region_membership_delete",
    ),
    path("units/<str:code>/", units.unit_detail, name="unit_detail"),
    path("units/<str:code>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<str:code>/history/", units.unit_history, name="unit_history"),
    path("units/<str:code>/people/new/", units.person_new, name="person_new"),
    path("people/<int:pk>/edit/", units.person_edit, name="person_edit"),
    path(report, reports.report_view, name="report"),
    path(report + "check/<str:element>/", reports.report_check_field, name="report_check"),
    path(report + "return/", reports.report_return, name="report_return"),
    path(report + "approve/", reports.report_approve, name="report_approve"),
    path(report + "reopen/", reports.report_reopen, name="report_reopen"),
    path(dataset_period + "completeness/", completeness.completeness, name="completeness"),
    path(
        dataset_period + "completeness/bulk/",
        completeness.completeness_bulk,
        name="completeness_bulk",
    ),
    path(
        dataset_period + "completeness.xlsx",
        completeness.completeness_xlsx,
        name="completeness_xlsx",
    ),
    path(dataset_period + "template.xlsx", upload.template_download, name="template_download"),
    path(dataset_period + "upload/", upload.upload, name="upload"),
    # Inline up to KAOPING_IMPORT_INLINE_MAX_BYTES, a job above (kaoping.web.jobs.imports).
    path(dataset_period + "upload/confirm/", upload_jobs.confirm, name="upload_confirm"),
    path("account/tokens/", tokens.token_list, name="token_list"),
    path("account/tokens/<int:pk>/delete/", tokens.token_delete, name="token_delete"),
    path("api/", api.api_docs, name="api_docs"),
    path("api/v1/openapi.json", api.openapi, name="openapi"),
    path("api/v1/units/", api.units, name="api_units"),
    path("api/v1/datasets/", api.datasets, name="api_datasets"),
    path(
        "api/v1/reports/<int:dataset_pk>/<str:unit_code>/<str:period>/",
        api.report,
        name="api_report",
    ),
    path(
        "api/v1/reports/<int:dataset_pk>/<str:unit_code>/<str:period>/approve/",
        api.report_approve,
        name="api_report_approve",
    ),
    path("planning/", include("kaoping.web.planning.urls")),
    path("assessment/", include("kaoping.web.assessment.urls")),
    path("meetings/", include("kaoping.web.meetings.urls")),
    path("dispatch/", include("kaoping.web.dispatch.urls")),
    path("letters/", include("kaoping.web.letters.urls")),
    path("jobs/", include("kaoping.web.jobs.urls")),
    path("notify/", include("kaoping.web.notify.urls")),
    # Before admin.site.urls: the admin's login keeps the app's attempt limit.
    path("admin/login/", auth.admin_login_view),
    path("admin/", admin.site.urls),
]
