from django.urls import path

from . import views

app_name = "handouts"

urlpatterns = [
    path("desk/", views.desk, name="desk"),
]
