"""Portal URLs on a municipality's subdomain."""

from django.urls import path

from tenants.portal import views, views_legal, views_privacy, views_subscriptions
from tenants.portal import views_content as content
from tenants.portal import views_opendata as opendata

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", content.news_list, name="news"),
    path("news/<int:item_id>/", content.news_detail, name="news_item"),
    path("archive/", content.archive, name="archive"),
    path("archive/<int:document_id>/download/", content.document_download,
         name="document_download"),
    path("contact/", content.contact, name="contact"),
    path("accessibility/", views_legal.accessibility, name="accessibility"),
    path("privacy/", views_legal.privacy, name="privacy"),
    path("privacy/my-data/", views_privacy.my_data_request, name="my_data_request"),
    path("privacy/my-data/<str:token>/", views_privacy.my_data, name="my_data"),
    path("privacy/my-data/<str:token>/export/", views_privacy.my_data_export,
         name="my_data_export"),
    path("privacy/my-data/<str:token>/erase/", views_privacy.my_data_erase,
         name="my_data_erase"),
    path("subscribe/", views_subscriptions.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views_subscriptions.subscription_confirm,
         name="subscription_confirm"),
    path("unsubscribe/<uuid:token>/", views_subscriptions.unsubscribe, name="unsubscribe"),
    path("staff/privacy/", views_privacy.staff_privacy, name="staff_privacy"),
    path("data/", opendata.data_index, name="open_data"),
    path("data/datapackage.json", opendata.data_package, name="open_data_package"),
    path("data/<slug:name>.<str:fmt>", opendata.data_download, name="open_data_download"),
    path("staff/open-data/", opendata.licence_edit, name="open_data_licence"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/introduction/", views.introduction_edit, name="introduction_edit"),
    path("staff/legal/<slug:kind>/", views_legal.legal_notice_edit, name="legal_notice_edit"),
    path("staff/worker-check/", views.worker_check, name="worker_check"),
    path("staff/news/", content.staff_news, name="staff_news"),
    path("staff/news/new/", content.staff_news_form, name="staff_news_create"),
    path("staff/news/<int:item_id>/", content.staff_news_form, name="staff_news_edit"),
    path("staff/news/<int:item_id>/delete/", content.staff_news_delete, name="staff_news_delete"),
    path("staff/archive/", content.staff_archive, name="staff_archive"),
    path("staff/archive/<int:document_id>/delete/", content.staff_document_delete,
         name="staff_document_delete"),
]
