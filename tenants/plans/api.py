"""Plans API: public content for everyone, drafts and writes for the municipality's staff."""

from django.shortcuts import get_object_or_404
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from hub import ratelimit
from hub.accounts.models import Role
from hub.accounts.permissions import PublicReadStaffWrite
from hub.accounts.selectors import has_role, request_role
from tenants.plans import lifecycle, rollup, selectors, services
from tenants.plans.models import (
    ActionItem,
    ActionPlan,
    Activity,
    Comment,
    Evaluation,
    EvaluationEntry,
    Indicator,
    Measure,
    Plan,
    Priority,
    TargetGroup,
)


def _is_staff(request) -> bool:
    return has_role(request_role(request), Role.VIEWER)


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["id", "name", "position", "is_active"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = serializers.DictField(child=serializers.CharField(), required=False)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "baseline", "targets"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "measure", "number", "title", "description", "responsible", "weight"]
        read_only_fields = ["measure"]


class BudgetLineSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    source = serializers.CharField(max_length=150)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class MeasureSerializer(serializers.ModelSerializer):
    target_groups = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                       queryset=TargetGroup.objects.all())
    budget_lines = BudgetLineSerializer(many=True, required=False)
    indicators = IndicatorSerializer(many=True, required=False)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "priority", "number", "title", "description", "responsible",
                  "partners", "target_groups", "service_types", "weight", "budget_lines",
                  "indicators", "activities"]
        read_only_fields = ["priority"]


class PrioritySerializer(serializers.ModelSerializer):
    target_groups = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                       queryset=TargetGroup.objects.all())
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "plan", "number", "title", "description", "target_groups", "weight",
                  "measures"]
        read_only_fields = ["plan"]


class PlanSerializer(serializers.ModelSerializer):
    # The state today from the plan's days (never "in_force" for an ended period); ``status``
    # is the stored one, which the nightly task brings in line.
    state = serializers.CharField(source="state_now", read_only=True)
    valid_until = serializers.DateField(read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "legal_basis", "title", "year_from", "year_to", "vision", "status",
                  "state", "discussion_from", "discussion_to", "discussion_closed_on",
                  "discussion_close_reason", "resolution_number", "resolution_date",
                  "in_force_from", "valid_until", "ended_on", "superseded_by", "version",
                  "amends", "amendment_label"]
        read_only_fields = ["status", "discussion_from", "discussion_to", "discussion_closed_on",
                            "discussion_close_reason", "resolution_number", "resolution_date",
                            "in_force_from", "ended_on", "superseded_by", "version", "amends",
                            "amendment_label"]
        validators = []  # one plan in force per basis: the lifecycle service keeps that


class PlanDetailSerializer(PlanSerializer):
    priorities = PrioritySerializer(many=True, read_only=True)
    sections = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = PlanSerializer.Meta.fields + ["sections", "priorities"]

    def get_sections(self, plan) -> dict[str, str]:
        return {s.kind: s.body for s in plan.sections.all()}


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(lifecycle.TRANSITIONS))
    discussion_from = serializers.DateField(required=False, allow_null=True)
    discussion_to = serializers.DateField(required=False, allow_null=True)
    resolution_number = serializers.CharField(required=False, allow_blank=True, default="")
    resolution_date = serializers.DateField(required=False, allow_null=True)
    in_force_from = serializers.DateField(required=False, allow_null=True)
    supersede = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlanViewSet(viewsets.ModelViewSet):
    api_description = _(
        "Plans. Anonymous readers see plans from the public discussion on; "
        "staff see drafts.")

    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    def get_queryset(self):
        plans = Plan.objects.all() if _is_staff(self.request) else selectors.plans_public()
        return plans.prefetch_related("sections")

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def perform_create(self, serializer):
        serializer.instance = services.plan_create(user=self.request.user,
                                                   **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.plan_update(user=self.request.user,
                                                   plan=serializer.instance,
                                                   **serializer.validated_data)

    def perform_destroy(self, instance):
        if not has_role(request_role(self.request), Role.ADMIN):
            raise PermissionDenied
        services.plan_delete(user=self.request.user, plan=instance)

    @extend_schema(summary=_("Move the plan to another stage"), request=TransitionSerializer,
                   responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        plan = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_transition(user=request.user, plan=plan,
                                        **data.validated_data)
        return Response(PlanSerializer(plan).data)

    @extend_schema(summary=_("Progress of the plan"), responses={200: OpenApiResponse(
        description=_("Progress by id, in per cent"))})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        plan = self.get_object()
        evaluation = plan.evaluations.order_by("-year").first() if _is_staff(request) else \
            selectors.evaluation_latest_published(plan)
        if evaluation is None:
            return Response({"year": None, "plan": None, "priorities": {}, "measures": {}})
        result = rollup.plan_progress(plan, evaluation)
        return Response({
            "year": evaluation.year, "plan": rollup.rounded(result.plan),
            "priorities": {k: rollup.rounded(v) for k, v in result.priorities.items()},
            "measures": {k: rollup.rounded(v) for k, v in result.measures.items()}})


class _TreeViewSet(viewsets.ModelViewSet):
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"
    plan_path = ""
    public_rows = None  # the selector of the rows anyone may read

    def get_queryset(self):
        rows = self.serializer_class.Meta.model.objects.all() if _is_staff(self.request) else \
            type(self).public_rows()
        plan_id = self.request.query_params.get("plan")
        if plan_id and plan_id.isdigit():
            rows = rows.filter(**{f"{self.plan_path}id": plan_id})
        return rows

    def perform_destroy(self, instance):
        services.tree_delete(user=self.request.user, obj=instance)


def _parent(model, name: str, request):
    """The parent a new row goes under, named by ``?<name>=<id>``; a missing, malformed or
    unknown id is the caller's mistake (400 under that name), not a missing page."""
    value = request.query_params.get(name, "")
    found = model.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if found is None:
        raise serializers.ValidationError({name: [_("Give the id of an existing one here, "
                                                    "as ?%(name)s=<id>.") % {"name": name}]})
    return found


def _parent_parameter(name: str):
    # Lazy: the schema is described in each request's language.
    description = lazy(lambda: _("The id of the %(name)s the new row belongs to.") % {
        "name": name}, str)()
    return extend_schema_view(create=extend_schema(parameters=[OpenApiParameter(
        name, int, required=True, description=description)]))


@_parent_parameter("plan")
class PriorityViewSet(_TreeViewSet):
    api_description = _("Priorities; create with `?plan=<id>`.")

    serializer_class = PrioritySerializer
    plan_path = "plan__"
    public_rows = staticmethod(selectors.priorities_public)

    def perform_create(self, serializer):
        plan = _parent(Plan, "plan", self.request)
        serializer.instance = services.priority_save(user=self.request.user, plan=plan,
                                                     **serializer.validated_data)

    def perform_update(self, serializer):
        obj = serializer.instance
        serializer.instance = services.priority_save(user=self.request.user,
                                                     plan=obj.plan, priority=obj,
                                                     **serializer.validated_data)


@_parent_parameter("priority")
class MeasureViewSet(_TreeViewSet):
    api_description = _("Measures; create with `?priority=<id>`.")

    serializer_class = MeasureSerializer
    plan_path = "priority__plan__"
    public_rows = staticmethod(selectors.measures_public)

    def perform_create(self, serializer):
        priority = _parent(Priority, "priority", self.request)
        serializer.instance = services.measure_save(user=self.request.user,
                                                    priority=priority, **serializer.validated_data)

    def perform_update(self, serializer):
        obj = serializer.instance
        serializer.instance = services.measure_save(user=self.request.user,
                                                    priority=obj.priority, measure=obj,
                                                    **serializer.validated_data)


@_parent_parameter("measure")
class ActivityViewSet(_TreeViewSet):
    api_description = _("Activities; create with `?measure=<id>`.")

    serializer_class = ActivitySerializer
    plan_path = "measure__priority__plan__"
    public_rows = staticmethod(selectors.activities_public)

    def perform_create(self, serializer):
        measure = _parent(Measure, "measure", self.request)
        serializer.instance = services.activity_save(user=self.request.user,
                                                     measure=measure, **serializer.validated_data)

    def perform_update(self, serializer):
        obj = serializer.instance
        serializer.instance = services.activity_save(user=self.request.user,
                                                     measure=obj.measure, activity=obj,
                                                     **serializer.validated_data)


class EntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationEntry
        fields = ["id", "measure", "activity", "status", "progress", "spending", "narrative",
                  "evidence"]


class EvaluationSerializer(serializers.ModelSerializer):
    entries = EntrySerializer(many=True, read_only=True)
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "plan", "year", "summary", "published", "published_at", "entries"]
        read_only_fields = ["published_at"]
        validators = []  # the service refuses a second evaluation of a year, in words


class EvaluationViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                        mixins.ListModelMixin, viewsets.GenericViewSet):
    api_description = _(
        "Evaluations: the public sees published ones; staff record entries and "
        "publish.")

    serializer_class = EvaluationSerializer
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    def get_queryset(self):
        rows = Evaluation.objects.all() if _is_staff(self.request) else \
            selectors.evaluations_public()
        return rows.prefetch_related("entries")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.evaluation_create(user=self.request.user,
                                                         plan=data["plan"], year=data["year"])

    @extend_schema(summary=_("Record a measure's evaluation"), request=EntrySerializer,
                   responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        evaluation = self.get_object()
        data = EntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.evaluation_entry_save(user=request.user, evaluation=evaluation,
                                               **data.validated_data)
        return Response(EntrySerializer(entry).data, status=status.HTTP_200_OK)

    @extend_schema(summary=_("Publish the evaluation"), request=None,
                   responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        evaluation = services.evaluation_publish(user=request.user,
                                                 evaluation=self.get_object(), publish=True)
        return Response(EvaluationSerializer(evaluation).data)


class CommentSerializer(serializers.ModelSerializer):
    consent = serializers.BooleanField(write_only=True)

    class Meta:
        model = Comment
        fields = ["id", "plan", "priority", "measure", "name", "text", "answer", "created_at",
                  "answered_at", "email", "consent"]
        read_only_fields = ["answer", "created_at", "answered_at"]
        extra_kwargs = {"email": {"write_only": True}}


class CommentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    api_description = _(
        "Published comments (with answers); anyone may comment during a public "
        "discussion.")

    serializer_class = CommentSerializer
    permission_classes = [AllowAny]
    access = "public"

    def get_queryset(self):
        return selectors.comments_public()

    def perform_create(self, serializer):
        data = serializer.validated_data
        plan = get_object_or_404(selectors.plans_public(), pk=data["plan"].pk)
        # The same limit as the plan's page (hub/ratelimit.py), answered with 429.
        if not ratelimit.submission_allowed(self.request, action="comment", subject_id=plan.pk):
            raise Throttled(detail=ratelimit.LIMITS["comment"].message)
        serializer.instance = services.comment_submit(plan=plan, text=data["text"],
                                                      consent=data["consent"],
                                                      name=data.get("name", ""),
                                                      email=data.get("email", ""),
                                                      priority=data.get("priority"),
                                                      measure=data.get("measure"))


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "activity", "deadline", "responsible", "budget", "done"]


class ActionPlanSerializer(serializers.ModelSerializer):
    items = ActionItemSerializer(many=True, read_only=True)
    state = serializers.CharField(source="state_now", read_only=True)

    class Meta:
        model = ActionPlan
        fields = ["id", "plan", "year", "status", "state", "note", "approved_body",
                  "approval_reference", "approved_on", "closed_on", "items"]


class ActionPlanApproveSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=150)
    reference = serializers.CharField(max_length=60)
    approved_on = serializers.DateField()


class ActionPlanViewSet(viewsets.ReadOnlyModelViewSet):
    api_description = _(
        "Yearly action plans of the public plans (staff also see those of "
        "drafts); editors record their approval and close them.")

    serializer_class = ActionPlanSerializer
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"

    def get_queryset(self):
        rows = ActionPlan.objects.all() if _is_staff(self.request) else \
            selectors.action_plans_public()
        return rows.prefetch_related("items")

    @extend_schema(summary=_("Record the approval"), request=ActionPlanApproveSerializer,
                   responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ActionPlanApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action_plan = services.action_plan_approve(user=request.user,
                                                   action_plan=self.get_object(),
                                                   **data.validated_data)
        return Response(ActionPlanSerializer(action_plan).data)

    @extend_schema(summary=_("Close the action plan"), request=None,
                   responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        action_plan = services.action_plan_close(user=request.user,
                                                 action_plan=self.get_object())
        return Response(ActionPlanSerializer(action_plan).data)


class TargetGroupViewSet(viewsets.ModelViewSet):
    api_description = _(
        "Target groups; editors add and rename them (switch off instead of "
        "deleting).")

    serializer_class = TargetGroupSerializer
    permission_classes = [PublicReadStaffWrite]
    access = "public-read:staff:editor"
    queryset = TargetGroup.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.target_group_save(user=self.request.user,
                                                         **serializer.validated_data)

    def perform_update(self, serializer):
        data = {"name": serializer.instance.name, "position": serializer.instance.position,
                "is_active": serializer.instance.is_active, **serializer.validated_data}
        serializer.instance = services.target_group_save(user=self.request.user,
                                                         group=serializer.instance, **data)


# (prefix, viewset, basename), registered under /api/ (PlansConfig.api_routes)
ROUTES = [
    ("plans", PlanViewSet, "plan"),
    ("priorities", PriorityViewSet, "priority"),
    ("measures", MeasureViewSet, "measure"),
    ("activities", ActivityViewSet, "activity"),
    ("action-plans", ActionPlanViewSet, "action-plan"),
    ("evaluations", EvaluationViewSet, "evaluation"),
    ("comments", CommentViewSet, "comment"),
    ("target-groups", TargetGroupViewSet, "target-group"),
]
