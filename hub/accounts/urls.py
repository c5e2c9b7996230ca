"""Sign-in URLs, included by both the platform and the municipality URLconfs."""

from django.urls import path

from hub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("signin/", views.signin, name="login"),
    path("signout/", views.signout, name="logout"),
]
