"""API of working groups and meetings: public reads (never members' personal data), staff
writes through the services. ROUTES are registered on the tenant router by hub/urls_tenant.py."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hub.accounts.models import Role
from hub.accounts.permissions import PublicReadStaffWrite, StaffOnly
from hub.accounts.selectors import has_role, request_role
from tenants.common.models import TargetGroup
from tenants.participation import selectors, services
from tenants.participation.models import Meeting, Member, WorkingGroup


def _is_staff(request) -> bool:
    return has_role(request_role(request), Role.VIEWER)


class GroupSerializer(serializers.ModelSerializer):
    target_group = serializers.PrimaryKeyRelatedField(queryset=TargetGroup.objects.all(),
                                                      allow_null=True, required=False)
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "kind", "target_group", "description", "open_to_join",
                  "position", "is_active", "member_count"]
        # The service takes every field; what the model defaults is defaulted here too.
        extra_kwargs = {"kind": {"default": WorkingGroup.Kind.TARGET}}

    def get_member_count(self, group) -> int:
        # Annotated by the selectors; a group just saved by a service is counted here.
        if hasattr(group, "member_count"):
            return group.member_count
        return group.members.filter(state=Member.State.ACTIVE).count()


class GroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    api_description = _(
        "Working groups. Everyone reads active groups and member counts; "
        "editors write.")

    serializer_class = GroupSerializer
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    def get_queryset(self):
        groups = selectors.groups_for_staff() if _is_staff(self.request) else \
            selectors.groups_public()
        return groups.order_by("position", "name")

    def perform_create(self, serializer):
        serializer.instance = services.group_save(user=self.request.user,
                                                  **serializer.validated_data)

    def perform_update(self, serializer):
        data = {**GroupSerializer(serializer.instance).data, **serializer.validated_data}
        data = {k: data[k] for k in services.GROUP_FIELDS}
        if isinstance(data["target_group"], int):
            data["target_group"] = TargetGroup.objects.get(pk=data["target_group"])
        serializer.instance = services.group_save(user=self.request.user,
                                                  group=serializer.instance, **data)


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "group", "state", "name", "organisation", "sector", "role", "email",
                  "phone", "note", "consent_at", "confirmed_at", "approved_at"]
        read_only_fields = ["state", "consent_at", "confirmed_at", "approved_at"]
        # A name or an organisation: the service says which is missing, under "name".
        extra_kwargs = {"name": {"default": ""}}
        validators = []  # one address per group: the service says so under "email"


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    api_description = _(
        "Members with their personal data: staff of this municipality only. "
        "DELETE = the member withdraws and their personal data is erased.")

    serializer_class = MemberSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"

    def get_queryset(self):
        members = Member.objects.exclude(state=Member.State.WITHDRAWN).order_by("group", "pk")
        group = self.request.query_params.get("group")
        return members.filter(group_id=group) if group and group.isdigit() else members

    def perform_create(self, serializer):
        serializer.instance = services.member_add(user=self.request.user, consent=True,
                                                  **serializer.validated_data)

    def perform_update(self, serializer):
        member = serializer.instance
        data = {k: serializer.validated_data.get(k, getattr(member, k))
                for k in ["name", "organisation", "sector", "role", "email", "phone", "note"]}
        serializer.instance = services.member_update(user=self.request.user,
                                                     member=member, **data)

    def perform_destroy(self, instance):
        services.member_withdraw(user=self.request.user, member=instance)

    @extend_schema(summary=_("Accept or refuse a request to join"), request=DecisionSerializer,
                   responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.member_decide(user=request.user, member=self.get_object(),
                                        approve=data.validated_data["approve"])
        return Response(MemberSerializer(member).data if member else {})


class MeetingSerializer(serializers.ModelSerializer):
    groups = serializers.PrimaryKeyRelatedField(many=True, queryset=WorkingGroup.objects.all())
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "groups", "date", "starts_at", "ends_at", "place", "room",
                  "agenda", "status", "open_to_public", "capacity", "minutes",
                  "minutes_published_at", "public_attendees"]
        read_only_fields = ["status", "minutes_published_at", "public_attendees"]

    def get_minutes(self, meeting) -> str:
        request = self.context.get("request")
        if meeting.minutes_published_at or (request and _is_staff(request)):
            return meeting.minutes
        return ""


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Meeting.Status.choices)


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)
    public_attendees = serializers.IntegerField(min_value=0, default=0)
    publish = serializers.BooleanField(default=False)


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    api_description = _(
        "Meetings (harmonogram). Everyone reads; minutes show once published; "
        "editors write.")

    serializer_class = MeetingSerializer
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    def get_queryset(self):
        meetings = Meeting.objects.prefetch_related("groups").order_by("date", "starts_at")
        group = self.request.query_params.get("group")
        return meetings.filter(groups=group) if group and group.isdigit() else meetings

    def _fields(self, serializer):
        meeting = serializer.instance
        data = serializer.validated_data
        fields = {k: data.get(k, getattr(meeting, k) if meeting else
                              Meeting._meta.get_field(k).get_default())
                  for k in services.MEETING_FIELDS}
        fields["groups"] = data.get("groups", list(meeting.groups.all()) if meeting else [])
        return fields

    def perform_create(self, serializer):
        serializer.instance = services.meeting_save(user=self.request.user,
                                                    **self._fields(serializer))

    def perform_update(self, serializer):
        serializer.instance = services.meeting_save(user=self.request.user,
                                                    meeting=serializer.instance,
                                                    **self._fields(serializer))

    @extend_schema(summary=_("Change the meeting's status"), request=StatusSerializer,
                   responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_set_status(user=request.user, meeting=self.get_object(),
                                              status=data.validated_data["status"])
        return Response(MeetingSerializer(meeting, context={"request": request}).data)

    @extend_schema(summary=_("Send the invitations"), request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        count = services.meeting_invite(user=request.user, meeting=self.get_object())
        return Response({"invitations": count})

    @extend_schema(summary=_("Record the minutes"), request=MinutesSerializer,
                   responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        data = MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.minutes_save(user=request.user, meeting=self.get_object(),
                                        **data.validated_data)
        return Response(MeetingSerializer(meeting, context={"request": request}).data)


# (prefix, viewset, basename)
ROUTES = [
    ("working-groups", GroupViewSet, "working-group"),
    ("group-members", MemberViewSet, "group-member"),
    ("meetings", MeetingViewSet, "meeting"),
]
