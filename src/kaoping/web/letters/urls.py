from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("t/<str:code>/", views.letter_list, name="list"),
    path("t/<str:code>/new/", views.letter_new, name="new"),
    path("t/<str:code>/from-allocation/", views.from_allocation, name="from_allocation"),
    path("units/<str:code>/", views.unit_letters, name="unit"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/edit/", views.letter_edit, name="edit"),
    path("<int:pk>/delete/", views.letter_delete, name="delete"),
    path("<int:pk>/correct/", views.letter_correct, name="correct"),
    path("<int:pk>/clauses/", views.clause_new, name="clause_new"),
    path("<int:pk>/clauses/<int:cpk>/edit/", views.clause_edit, name="clause_edit"),
    path("<int:pk>/clauses/<int:cpk>/delete/", views.clause_delete, name="clause_delete"),
    path("<int:pk>/sign/", views.letter_sign, name="sign"),
    path("<int:pk>/scan/", views.letter_scan, name="scan"),
    path("<int:pk>/accept/", views.letter_accept, name="accept"),
    path("<int:pk>/letter.docx", views.letter_docx, name="docx"),
]
