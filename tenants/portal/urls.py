"""Portal URLs on a municipality's subdomain."""

from django.urls import path

from tenants.portal import views
from tenants.portal import views_content as content

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", content.news_list, name="news"),
    path("news/<int:item_id>/", content.news_detail, name="news_item"),
    path("archive/", content.archive, name="archive"),
    path("archive/<int:document_id>/download/", content.document_download,
         name="document_download"),
    path("contact/", content.contact, name="contact"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/introduction/", views.introduction_edit, name="introduction_edit"),
    path("staff/worker-check/", views.worker_check, name="worker_check"),
    path("staff/news/", content.staff_news, name="staff_news"),
    path("staff/news/new/", content.staff_news_form, name="staff_news_create"),
    path("staff/news/<int:item_id>/", content.staff_news_form, name="staff_news_edit"),
    path("staff/news/<int:item_id>/delete/", content.staff_news_delete, name="staff_news_delete"),
    path("staff/archive/", content.staff_archive, name="staff_archive"),
    path("staff/archive/<int:document_id>/delete/", content.staff_document_delete,
         name="staff_document_delete"),
]
