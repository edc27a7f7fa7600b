from django.urls import path

from . import views

app_name = "dispatch"

c = "campaigns/<int:pk>/"

urlpatterns = [
    path(c, views.dispatch_board, name="board"),
    path(c + "bulletin.docx", views.bulletin_docx, name="bulletin_docx"),
    path(c + "settings/", views.dispatch_settings, name="settings"),
    path(c + "issue/", views.issue, name="issue"),
    path(c + "meeting/", views.meeting, name="meeting"),
    path(c + "catch-ups/<int:item>/done/", views.catch_up_done, name="catch_up_done"),
    path(c + "areas/<str:code>/", views.area_page, name="area"),
    path(c + "areas/<str:code>/group/", views.group_edit, name="group"),
    path("people/<int:pk>/", views.person_page, name="person"),
]
