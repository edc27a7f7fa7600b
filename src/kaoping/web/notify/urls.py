from django.urls import path

from . import views

app_name = "notify"
t = "t/<str:code>/"

urlpatterns = [
    path("account/", views.preferences, name="preferences"),
    path(t + "robots/", views.robots, name="robots"),
    path(t + "robots/<int:pk>/delete/", views.robot_delete, name="robot_delete"),
    path(t + "log/", views.log, name="log"),
]
