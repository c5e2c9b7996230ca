"""Funding API: rounds, criteria and applications for the municipality's staff; the results of
published rounds for everyone; the staff's yearly self-assessment of the planning's quality."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from hub.accounts.models import Role
from hub.accounts.permissions import StaffOnly
from hub.accounts.selectors import has_role, request_role
from tenants.catalogue import selectors as catalogue
from tenants.funding import explain, quality, selectors, services
from tenants.funding.models import Application, Criterion, QualityAnswer, Round, SelfAssessment


class CriterionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True)

    class Meta:
        model = Criterion
        fields = ["id", "round", "position", "name", "description", "kind", "weight",
                  "max_points"]
        read_only_fields = ["round"]


class RoundSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Round
        fields = ["id", "title", "year", "budget", "source", "applications_from",
                  "applications_until", "decision_on", "decision_reference", "description",
                  "min_score", "cap_percent", "state", "allocated_at", "published_at",
                  "criteria"]
        read_only_fields = ["state", "allocated_at", "published_at"]


class RoundTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Round.State.choices)


class RoundViewSet(viewsets.ModelViewSet):
    """Funding rounds (staff). A new round copies the criteria of the latest one."""
    api_description = _(
        "Funding rounds (staff). A new round copies the criteria of the latest one.")

    serializer_class = RoundSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"

    def get_queryset(self):
        return Round.objects.prefetch_related("criteria")

    def perform_create(self, serializer):
        serializer.instance = services.round_create(user=self.request.user,
                                                    **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.round_update(user=self.request.user,
                                                    round_=serializer.instance,
                                                    **serializer.validated_data)

    def perform_destroy(self, instance):
        if not has_role(request_role(self.request), Role.ADMIN):
            raise PermissionDenied
        services.round_delete(user=self.request.user, round_=instance)

    @extend_schema(summary=_("Move the round to another state"),
                   request=RoundTransitionSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        data = RoundTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = services.round_transition(user=request.user, round_=self.get_object(),
                                           to=data.validated_data["to"])
        return Response(RoundSerializer(round_).data)

    @extend_schema(summary=_("Allocate the budget"),
                   request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def allocate(self, request, pk=None):
        round_ = services.round_allocate(user=request.user, round_=self.get_object())
        return Response(RoundSerializer(round_).data)

    @extend_schema(summary=_("Replace the round's criteria"),
                   request=CriterionSerializer(many=True), responses=CriterionSerializer(many=True))
    @action(detail=True, methods=["put"])
    def criteria(self, request, pk=None):
        """Replace the round's criteria at once; the weights must add up to 100."""
        round_ = self.get_object()
        data = CriterionSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        own = {c.pk: c for c in round_.criteria.all()}
        rows = []
        for row in data.validated_data:
            row = dict(row)
            criterion_id = row.pop("id", None)
            if criterion_id is not None and criterion_id not in own:
                raise serializers.ValidationError({"id": ["Unknown criterion of this round."]})
            rows.append({"criterion": own.get(criterion_id), **row})
        saved = services.criteria_save(user=request.user, round_=round_, rows=rows)
        return Response(CriterionSerializer(saved, many=True).data)


class CriterionViewSet(viewsets.ReadOnlyModelViewSet):
    """Criteria of the rounds (staff); ``?round=<id>`` for one round. Written at once through
    ``PUT /api/funding-rounds/<id>/criteria/``."""
    api_description = _("Criteria of the funding rounds (staff); `?round=<id>` for one round.")

    serializer_class = CriterionSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer"

    def get_queryset(self):
        rows = Criterion.objects.all()
        round_id = self.request.query_params.get("round", "")
        return rows.filter(round_id=round_id) if round_id.isdigit() else rows


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=5, decimal_places=2)
    reason = serializers.CharField()


class OverrideSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, allow_null=True)
    reason = serializers.CharField()


class ApplicationSerializer(serializers.ModelSerializer):
    explanation_text = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "round", "service", "service_name", "provider_name", "measure",
                  "requested", "personnel_costs", "operating_costs", "other_sources",
                  "capacity", "capacity_unit", "note", "score", "allocated", "override",
                  "override_reason", "explanation", "explanation_text"]
        read_only_fields = ["service_name", "provider_name", "score", "allocated", "override",
                            "override_reason", "explanation"]

    def get_explanation_text(self, application) -> str:
        return explain.explanation_text(application)


class ApplicationViewSet(viewsets.ModelViewSet):
    """Applications of catalogue services in the rounds (staff); ``?round=<id>``."""
    api_description = _(
        "Applications of catalogue services in the funding rounds (staff); `?round=<id>`.")

    serializer_class = ApplicationSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"

    def get_queryset(self):
        rows = Application.objects.select_related("round")
        round_id = self.request.query_params.get("round", "")
        return rows.filter(round_id=round_id) if round_id.isdigit() else rows

    def _fields(self, data):
        return {k: v for k, v in data.items() if k not in ("round", "service")}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.application_save(
            user=self.request.user, round_=data["round"], service=data.get("service"),
            **self._fields(data))

    def perform_update(self, serializer):
        data = serializer.validated_data
        application = serializer.instance
        serializer.instance = services.application_save(
            user=self.request.user, round_=application.round, application=application,
            service=data.get("service"), **self._fields(data))

    def perform_destroy(self, instance):
        services.application_delete(user=self.request.user, application=instance)

    @extend_schema(summary=_("Score the application"),
                   request=ScoreSerializer(many=True), responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        application = self.get_object()
        data = ScoreSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        criteria = {c.pk: c for c in application.round.criteria.all()}
        scores = {}
        for row in data.validated_data:
            criterion = criteria.get(row["criterion"])
            if criterion is None:
                raise serializers.ValidationError({"criterion": ["Not a criterion of this "
                                                                 "round."]})
            scores[criterion] = (row["points"], row["reason"])
        services.scores_save(user=request.user, application=application, scores=scores)
        return Response(ApplicationSerializer(application).data)

    @extend_schema(summary=_("Set the amount by hand, with a reason"),
                   request=OverrideSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        data = OverrideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_override(
            user=request.user, application=self.get_object(), **data.validated_data)
        return Response(ApplicationSerializer(application).data)


class ResultLineSerializer(serializers.ModelSerializer):
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["service_name", "provider_name", "requested", "score", "allocated",
                  "explanation"]

    def get_explanation(self, application) -> str:
        return explain.explanation_text(application)


class ResultSerializer(serializers.ModelSerializer):
    criteria = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "title", "year", "budget", "source", "decision_on",
                  "decision_reference", "min_score", "cap_percent", "published_at", "criteria",
                  "results"]

    def get_criteria(self, round_) -> list[dict]:
        return [{"name": c.name, "kind": c.kind, "weight": str(c.weight)}
                for c in round_.criteria.all()]

    def get_results(self, round_) -> list[dict]:
        return ResultLineSerializer(round_.result_lines, many=True).data


class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Results of published rounds, for everyone: who got how much and why."""
    api_description = _(
        "Results of published funding rounds, for everyone: who got how much and why.")

    serializer_class = ResultSerializer
    permission_classes = [AllowAny]
    access = "public"

    def get_queryset(self):
        return selectors.rounds_published_with_results()


class AnswerSerializer(serializers.ModelSerializer):
    evidence = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list,
        help_text=_("This municipality's objects as \"kind:id\": meeting, plan, evaluation, "
                    "comment."))
    links = serializers.ListField(child=serializers.CharField(max_length=500), required=False,
                                  default=list, help_text=_("Web addresses (https://…)."))

    class Meta:
        model = QualityAnswer
        fields = ["criterion", "status", "comment", "evidence", "links"]


class AreaScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    previous = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    change = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    met = serializers.IntegerField()
    partly = serializers.IntegerField()
    not_met = serializers.IntegerField()
    na = serializers.IntegerField()


class ScoresSerializer(serializers.Serializer):
    areas = AreaScoreSerializer(many=True)
    overall = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    previous_overall = serializers.DecimalField(max_digits=4, decimal_places=1,
                                                allow_null=True)
    overall_change = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class SelfAssessmentSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, required=False)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = SelfAssessment
        fields = ["id", "year", "note", "answers", "scores"]
        # The year's uniqueness is the service's to check, in the same words as the pages.
        validators = []
        extra_kwargs = {"year": {"validators": []}}

    @extend_schema_field(ScoresSerializer)
    def get_scores(self, assessment) -> dict:
        return ScoresSerializer(selectors.assessment_compared(assessment)).data


class QualityCriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    area = serializers.CharField()
    area_name = serializers.CharField()
    text = serializers.CharField()


def _answers(data: dict) -> dict | None:
    if "answers" not in data:
        return None
    return {a["criterion"]: a for a in data["answers"]}


class SelfAssessmentViewSet(viewsets.ModelViewSet):
    """Yearly self-assessments of the planning's quality (staff), with the scores by area."""
    api_description = _(
        "Yearly self-assessments of the planning's quality (staff): an answer to every "
        "criterion (met, partly, not met, not applicable) with a comment and evidence; the "
        "scores by area and overall (met 1, partly ½, not met 0, not applicable left out; "
        "overall = the mean of the areas) and the change against the year before.")

    serializer_class = SelfAssessmentSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"

    def get_queryset(self):
        return SelfAssessment.objects.prefetch_related("answers")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.assessment_create(
            user=self.request.user, year=data["year"], note=data.get("note", ""),
            answers=_answers(data) or {})

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.assessment_update(
            user=self.request.user, assessment=serializer.instance, year=data.get("year"),
            note=data.get("note"), answers=_answers(data))

    def perform_destroy(self, instance):
        if not has_role(request_role(self.request), Role.ADMIN):
            raise PermissionDenied
        services.assessment_delete(user=self.request.user, assessment=instance)

    @extend_schema(summary=_("The criteria, worded for this municipality"),
                   responses=QualityCriterionSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def criteria(self, request):
        found = [{"code": c.code, "area": c.area, "area_name": quality.quality_area_name(c.area),
                  "text": c.text} for c in quality.criteria(catalogue.country())]
        return Response(QualityCriterionSerializer(found, many=True).data)


# (prefix, viewset, basename), registered under /api/ (FundingConfig.api_routes)
ROUTES = [
    ("funding-rounds", RoundViewSet, "funding-round"),
    ("funding-criteria", CriterionViewSet, "funding-criterion"),
    ("funding-applications", ApplicationViewSet, "funding-application"),
    ("funding-results", ResultViewSet, "funding-result"),
    ("quality-assessments", SelfAssessmentViewSet, "quality-assessment"),
]
