"""Sign-in URLs, included by both the platform and the municipality URLconfs."""

from django.urls import path

from hub.accounts import views, views_handoff

app_name = "accounts"
urlpatterns = [
    path("signin/", views.signin, name="login"),
    path("signout/", views.signout, name="logout"),
    path("go/", views_handoff.go, name="go"),
    path("handoff/", views_handoff.handoff, name="handoff"),
]
