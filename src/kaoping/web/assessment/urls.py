from django.urls import path

from . import views
from .views import county, documents, followups, inspections, region

app_name = "assessment"
t = "t/<str:code>/"
a = "<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(t, views.township, name="township"),
    path("region/<str:code>/", region.home, name="region"),
    path("county/<str:code>/", county.home, name="county"),
    path("county/<str:code>/rubrics/", county.upload_rubric, name="county_rubric"),
    path("county/<str:code>/new/", county.create, name="county_create"),
    path("county/<str:code>/acceptance/", county.acceptance_step, name="county_acceptance"),
    path("county/a/<int:pk>/", county.detail, name="county_detail"),
    path("county/a/<int:pk>/entry/", county.entry, name="county_entry"),
    path("county/a/<int:pk>/compute/", county.compute, name="county_compute"),
    path("county/a/<int:pk>/bulletin.docx", documents.county_bulletin, name="county_bulletin"),
    path("county/a/<int:pk>/annex.xlsx", documents.county_annex, name="county_annex"),
    path("county/a/<int:pk>/summary.docx", documents.county_summary, name="county_summary"),
    path("county/a/<int:pk>/<str:action>/", county.step, name="county_step"),
    path(t + "new/", views.create, name="create"),
    path(t + "new-campaign/", views.create_campaign, name="create_campaign"),
    path(t + "inspections/", inspections.inspection_list, name="inspections"),
    path(t + "inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/units/<str:unit>/",
        inspections.inspection_unit,
        name="inspection_unit",
    ),
    path(t + "rubrics/", views.rubrics, name="rubrics"),
    path(t + "rubrics/diff/", views.rubric_diff, name="rubric_diff"),
    path(t + "rubrics/<int:number>/", views.rubric_detail, name="rubric_detail"),
    path(t + "ledger/<int:year>/", views.ledger, name="ledger"),
    path(t + "ledger/<int:year>.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path(t + "year/<int:year>/", views.year_view, name="year"),
    path(t + "monthly.docx", views.monthly, name="monthly"),
    path(t + "summary.docx", views.period_summary, name="period_summary"),
    path(t + "sources/", views.sources_view, name="sources"),
    path(t + "sources/resolve/", views.resolve, name="resolve"),
    path(t + "followups/", followups.township_list, name="followups"),
    path(t + "followups/<str:unit>/", followups.unit_list, name="followups_unit"),
    path("followups/<int:pk>/attachment/", followups.attachment, name="followup_attachment"),
    path("followups/<int:pk>/<str:action>/", followups.step, name="followup_step"),
    path(a, views.detail, name="detail"),
    path(a + "compute/", views.compute, name="compute"),
    path(a + "correct/", views.correct, name="correct"),
    path(a + "bulletin.docx", views.bulletin, name="bulletin"),
    path(a + "annex.xlsx", views.annex, name="annex"),
    path(a + "summary.docx", views.summary, name="summary"),
    path(a + "charts/ranking.png", views.ranking_chart, name="ranking_chart"),
    path(a + "charts/heatmap.png", views.heatmap_chart, name="heatmap_chart"),
    path(a + "unit/<str:code>/trend.png", views.trend_chart, name="trend_chart"),
    path(a + "unit/<str:code>/", views.unit, name="unit"),
    path(a + "unit/<str:code>/manual/", views.manual, name="manual"),
    path(a + "<str:action>/", views.step, name="step"),
]
