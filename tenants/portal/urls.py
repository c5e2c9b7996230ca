"""Portal URLs on a municipality's subdomain."""

from django.urls import path

from tenants.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/introduction/", views.introduction_edit, name="introduction_edit"),
    path("staff/worker-check/", views.worker_check, name="worker_check"),
]
