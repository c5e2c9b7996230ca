"""Isolation-matrix rows of working groups and meetings, news and the documents archive."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import account

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Upload(SimpleUploadedFile):
    """An upload the matrix can send again and again (the test client reads it each time)."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


MEETING = {"title": "Zmenené", "groups": "{group}", "date": "2031-05-05", "starts_at": "10:00",
           "ends_at": "12:00", "place": "Radnica", "room": "1", "open_to_public": "on"}
PAGES = [
    # Public pages
    ("/groups/", "/groups/", "get", "public", None),
    ("/groups/<int:group_id>/", "/groups/{group}/", "get", "public", None),
    ("/groups/<int:group_id>/join/", "/groups/{group}/join/", "post", "public",
     {"name": "Zmenené", "email": "x@example.org", "sector": "public"}),
    ("/groups/<int:group_id>/schedule.ics", "/groups/{group}/schedule.ics", "get", "public",
     None),
    ("/groups/confirm/<str:token>/", "/groups/confirm/bad/", "get", "public", None),
    ("/groups/withdraw/<str:token>/", "/groups/withdraw/bad/", "get", "public", None),
    ("/schedule/", "/schedule/", "get", "public", None),
    ("/schedule.ics", "/schedule.ics", "get", "public", None),
    ("/meetings/<int:meeting_id>/", "/meetings/{planned}/", "get", "public", None),
    ("/meetings/<int:meeting_id>/register/", "/meetings/{planned}/register/", "post", "public",
     {"name": "Zmenené", "email": "x@example.org"}),
    ("/meetings/registration/cancel/<str:token>/", "/meetings/registration/cancel/bad/",
     "get", "public", None),
    ("/meetings/<int:meeting_id>/files/<int:file_id>/", "/meetings/{held}/files/{file}/", "get",
     "public", None),
    ("/news/", "/news/", "get", "public", None),
    ("/news/<int:item_id>/", "/news/{published}/", "get", "public", None),
    ("/archive/", "/archive/", "get", "public", None),
    ("/archive/<int:document_id>/download/", "/archive/{document}/download/", "get", "public",
     None),
    ("/contact/", "/contact/", "get", "public", None),
    # Staff: groups and members
    ("/staff/groups/", "/staff/groups/", "get", "viewer", None),
    ("/staff/groups/new/", "/staff/groups/new/", "post", "editor",
     {"name": "Zmenené", "kind": "target", "position": 1, "is_active": "on"}),
    ("/staff/groups/<int:group_id>/", "/staff/groups/{group}/", "get", "viewer", None),
    ("/staff/groups/<int:group_id>/edit/", "/staff/groups/{group}/edit/", "post", "editor",
     {"name": "Zmenené", "kind": "target", "position": 1, "is_active": "on"}),
    ("/staff/groups/<int:group_id>/members/new/", "/staff/groups/{group}/members/new/", "post",
     "editor", {"name": "Zmenené", "sector": "public", "role": "member"}),
    ("/staff/groups/<int:group_id>/members/<int:member_id>/",
     "/staff/groups/{group}/members/{member}/", "get", "editor", None),
    ("/staff/groups/<int:group_id>/members/<int:member_id>/",
     "/staff/groups/{group}/members/{member}/", "post", "editor",
     {"name": "Zmenené", "sector": "public", "role": "member"}),
    ("/staff/members/<int:member_id>/decide/", "/staff/members/{request}/decide/", "post",
     "editor", {"decision": "approve"}),
    ("/staff/members/<int:member_id>/withdraw/", "/staff/members/{member}/withdraw/", "post",
     "editor", {}),
    # Staff: meetings
    ("/staff/meetings/", "/staff/meetings/", "get", "viewer", None),
    ("/staff/meetings/new/", "/staff/meetings/new/", "post", "editor", MEETING),
    ("/staff/meetings/<int:meeting_id>/", "/staff/meetings/{held}/", "get", "viewer", None),
    ("/staff/meetings/<int:meeting_id>/edit/", "/staff/meetings/{planned}/edit/", "post",
     "editor", MEETING),
    ("/staff/meetings/<int:meeting_id>/status/", "/staff/meetings/{planned}/status/", "post",
     "editor", {"status": "cancelled"}),
    ("/staff/meetings/<int:meeting_id>/invite/", "/staff/meetings/{planned}/invite/", "post",
     "editor", {}),
    ("/staff/meetings/<int:meeting_id>/minutes/", "/staff/meetings/{held}/minutes/", "post",
     "editor", {"minutes": "Zmenené", "public_attendees": 2, "publish": "on"}),
    ("/staff/meetings/<int:meeting_id>/attendance/", "/staff/meetings/{held}/attendance/",
     "post", "editor", {"member": "{member}"}),
    ("/staff/meetings/<int:meeting_id>/files/", "/staff/meetings/{held}/files/", "post",
     "editor", {"title": "Zmenené", "file": Upload("z.pdf", PDF, "application/pdf")}),
    ("/staff/meetings/<int:meeting_id>/files/<int:file_id>/",
     "/staff/meetings/{held}/files/{file}/", "get", "viewer", None),
    ("/staff/meetings/<int:meeting_id>/files/<int:file_id>/delete/",
     "/staff/meetings/{held}/files/{file}/delete/", "post", "editor", {}),
    # Staff: news and archive
    ("/staff/news/", "/staff/news/", "get", "viewer", None),
    ("/staff/news/new/", "/staff/news/new/", "post", "editor", {"title": "Zmenené"}),
    ("/staff/news/<int:item_id>/", "/staff/news/{draft_news}/", "post", "editor",
     {"title": "Zmenené"}),
    ("/staff/news/<int:item_id>/delete/", "/staff/news/{draft_news}/delete/", "post", "editor",
     {}),
    ("/staff/archive/", "/staff/archive/", "get", "viewer", None),
    ("/staff/archive/", "/staff/archive/", "post", "editor",
     {"title": "Zmenené", "category": "other", "file": Upload("z.pdf", PDF, "application/pdf")}),
    ("/staff/archive/<int:document_id>/delete/", "/staff/archive/{document}/delete/", "post",
     "editor", {}),
    # API: writes for editors; members (personal data) for staff only
    ("/api/working-groups/", "/api/working-groups/", "post", "editor",
     {"name": "Zmenené", "kind": "target"}),
    ("/api/working-groups/<id>/", "/api/working-groups/{group}/", "patch", "editor",
     {"name": "Zmenené"}),
    ("/api/group-members/", "/api/group-members/", "get", "viewer", None),
    ("/api/group-members/", "/api/group-members/", "post", "editor",
     {"group": "{group}", "name": "Zmenené", "sector": "public"}),
    ("/api/group-members/<id>/", "/api/group-members/{member}/", "get", "viewer", None),
    ("/api/group-members/<id>/", "/api/group-members/{member}/", "patch", "editor",
     {"name": "Zmenené"}),
    ("/api/group-members/<id>/", "/api/group-members/{member}/", "delete", "editor", None),
    ("/api/group-members/<id>/decide/", "/api/group-members/{request}/decide/", "post",
     "editor", {"approve": True}),
    ("/api/meetings/", "/api/meetings/", "post", "editor",
     {**MEETING, "groups": ["{group}"], "open_to_public": True}),
    ("/api/meetings/<id>/", "/api/meetings/{planned}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/meetings/<id>/status/", "/api/meetings/{planned}/status/", "post", "editor",
     {"status": "cancelled"}),
    ("/api/meetings/<id>/invite/", "/api/meetings/{planned}/invite/", "post", "editor", {}),
    ("/api/meetings/<id>/minutes/", "/api/meetings/{held}/minutes/", "post", "editor",
     {"minutes": "Zmenené", "publish": True}),
    ("/api/news/", "/api/news/", "post", "editor", {"title": "Zmenené"}),
    ("/api/news/<id>/", "/api/news/{draft_news}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/news/<id>/", "/api/news/{draft_news}/", "delete", "editor", None),
    ("/api/archive/<id>/", "/api/archive/{document}/", "delete", "editor", None),
]
API_READS = ["/api/working-groups/", "/api/working-groups/{group}/", "/api/meetings/",
             "/api/meetings/{held}/", "/api/news/", "/api/archive/",
             "/api/archive/{document}/"]
MARKERS = ["tajny.clen@alfa.test", "Tajný Člen", "registrovany@alfa.test",
           "Koncept novinky Alfa", "Neverejná poznámka"]


def objects(municipality):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tenants.participation import services
    from tenants.participation.models import Meeting, MeetingFile, Member, Registration
    from tenants.portal.models import Document, NewsItem

    user = account("alfa.editor@test.sk")
    group = services.group_save(user=user, name="Seniori Alfa", kind="target")
    member = services.member_add(user=user, group=group, name="Tajný Člen", sector="provider",
                                 email="tajny.clen@alfa.test", phone="+421900000000",
                                 note="Neverejná poznámka", consent=True)
    request = Member.objects.create(group=group, state=Member.State.CONFIRMED, sector="public",
                                    name="Žiadateľ", email="ziadatel@alfa.test",
                                    consent_at=timezone.now(), confirmed_at=timezone.now())
    planned = services.meeting_save(
        user=user, groups=[group], title="Budúce stretnutie", date=datetime.date(2031, 3, 3),
        starts_at=datetime.time(12), ends_at=datetime.time(15), place="Mestský úrad",
        room="č. 250")
    Registration.objects.create(meeting=planned, name="Registrovaný",
                                email="registrovany@alfa.test", consent_at=timezone.now())
    held = Meeting.objects.create(title="Minulé stretnutie", date=datetime.date(2024, 3, 3),
                                  starts_at=datetime.time(9), ends_at=datetime.time(11),
                                  place="Mestský úrad", status=Meeting.Status.HELD,
                                  minutes="<p>Zápis</p>", minutes_published_at=timezone.now())
    held.groups.set([group])
    attachment = MeetingFile(meeting=held, title="Zápis", original_name="zapis.pdf",
                             content_type="application/pdf", size=len(PDF))
    attachment.file.save("zapis.pdf", ContentFile(PDF), save=False)
    attachment.save()
    draft = NewsItem.objects.create(title="Koncept novinky Alfa")
    published = NewsItem.objects.create(title="Aktualita Alfa", published_at=timezone.now())
    document = Document(title="Zápis v archíve", category="minutes", original_name="a.pdf",
                        content_type="application/pdf", size=len(PDF))
    document.file.save("a.pdf", ContentFile(PDF), save=False)
    document.save()
    return {"group": group.pk, "member": member.pk, "request": request.pk,
            "planned": planned.pk, "held": held.pk, "file": attachment.pk,
            "draft_news": draft.pk, "published": published.pk, "document": document.pk}


def state():
    from tenants.participation import models as p
    from tenants.portal import models as portal

    return (sorted(p.WorkingGroup.objects.values_list("pk", "name", "is_active")),
            sorted(p.Member.objects.values_list("pk", "state", "name", "email")),
            sorted(p.Meeting.objects.values_list("pk", "status", "title", "minutes",
                                                 "minutes_published_at")),
            p.MeetingFile.objects.count(), p.Registration.objects.count(),
            p.Attendance.objects.count(), p.Invitation.objects.count(),
            sorted(portal.NewsItem.objects.values_list("pk", "title", "published_at")),
            sorted(portal.Document.objects.values_list("pk", "title")))
