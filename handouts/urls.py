from django.urls import path

from . import views

app_name = "handouts"

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("print/diary.pdf", views.blank_diary, name="blank-diary"),
    path("print/screening/<uuid:public_id>.pdf", views.screening_pdf, name="screening-pdf"),
]
