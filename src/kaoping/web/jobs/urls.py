from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.jobs, name="list"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
