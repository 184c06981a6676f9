from django.urls import path

from . import views

app_name = "selfcare"

urlpatterns = [
    path("today/", views.today, name="today"),
]
