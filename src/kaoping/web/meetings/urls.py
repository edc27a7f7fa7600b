from django.urls import path

from .views import approval, meetings, minutes

app_name = "meetings"

urlpatterns = [
    path("t/<str:code>/", meetings.meeting_list, name="list"),
    path("t/<str:code>/new/", meetings.meeting_new, name="new"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("<int:pk>/approve/", approval.approve, name="approve"),
    path("<int:pk>/link/", approval.link, name="link"),
    path("<int:pk>/minutes.docx", minutes.minutes, name="minutes"),
]
