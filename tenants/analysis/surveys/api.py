"""API of the needs surveys: staff read surveys, questions and results, editors build, open,
close and publish them; anyone reads a survey whose results are published, and its results.
Answering stays on the public page (its honeypot, cookie and submission limit)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from tenants.analysis.models import Question, Survey
from tenants.analysis.surveys import selectors, services


def _staff(request) -> bool:
    return has_role(request_role(request), Role.VIEWER)


class SurveysPermission(BasePermission):
    """Anyone reads (the queryset narrows to published results); editors write."""

    def has_permission(self, request, view):
        if getattr(request, "municipality", None) is None:
            return False
        if request.method in SAFE_METHODS:
            return True
        return has_role(request_role(request), Role.EDITOR)


class StaffOnly(BasePermission):
    """Members read, editors write."""

    def has_permission(self, request, view):
        if getattr(request, "municipality", None) is None:
            return False
        return has_role(request_role(request),
                        Role.VIEWER if request.method in SAFE_METHODS else Role.EDITOR)


class OptionsField(serializers.ListField):
    """Option labels in order: written as a list of strings, read from the options."""

    def to_representation(self, data):
        return [option.label for option in data.all()]


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionsField(
        child=serializers.CharField(max_length=200), required=False, default=list,
        help_text=_("The labels of a single or multiple choice, in order."))
    answers = serializers.SerializerMethodField(help_text=_("How many people answered it."))

    class Meta:
        model = Question
        fields = ["id", "survey", "position", "section", "text", "help_text", "kind",
                  "required", "options", "answers"]
        extra_kwargs = {"position": {"required": False}}

    def get_answers(self, question) -> int:
        return question.answers.values("response").distinct().count()


class SurveySerializer(serializers.ModelSerializer):
    answers = serializers.SerializerMethodField(help_text=_("How many people answered."))
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "key", "title", "intro", "audience", "opens_on", "closes_on", "state",
                  "results_public", "answers", "questions"]
        read_only_fields = ["key", "state", "results_public"]

    def get_answers(self, survey) -> int:
        return survey.responses.count()


class StateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[Survey.State.OPEN, Survey.State.CLOSED])


class PublishSerializer(serializers.Serializer):
    public = serializers.BooleanField()


class OptionResultSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, help_text=_(
        "Of those who answered the question."))


class StatsSerializer(serializers.Serializer):
    mean = serializers.DecimalField(max_digits=14, decimal_places=2)
    median = serializers.DecimalField(max_digits=14, decimal_places=2)
    min = serializers.DecimalField(max_digits=14, decimal_places=2)
    max = serializers.DecimalField(max_digits=14, decimal_places=2)


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    answered = serializers.IntegerField()
    options = OptionResultSerializer(many=True, source="rows", help_text=_(
        "Per option (a scale: per value 1–5)."))
    stats = StatsSerializer(allow_null=True)


class ResultsSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    questions = QuestionResultSerializer(many=True)


class SurveyViewSet(viewsets.ModelViewSet):
    """Needs surveys with their questions; anyone reads those whose results are published."""
    api_description = _("Needs surveys with their questions; anyone reads those whose results "
                        "are published.")

    serializer_class = SurveySerializer
    permission_classes = [SurveysPermission]
    access = "published-read:staff:editor"

    def get_queryset(self):
        surveys = Survey.objects.prefetch_related("questions__options")
        return surveys if _staff(self.request) else surveys.filter(results_public=True)

    def perform_create(self, serializer):
        serializer.instance = services.survey_save(**serializer.validated_data)

    def perform_update(self, serializer):
        data = {field: getattr(serializer.instance, field)
                for field in ("title", "intro", "audience", "opens_on", "closes_on")}
        data.update(serializer.validated_data)
        serializer.instance = services.survey_save(survey=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.survey_delete(survey=instance)

    @extend_schema(summary=_("Open or close the survey"), request=StateSerializer,
                   responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def state(self, request, pk=None):
        survey = self.get_object()
        data = StateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["state"] == Survey.State.OPEN:
            services.survey_open(survey=survey)
        else:
            services.survey_close(survey=survey)
        return Response(SurveySerializer(survey).data)

    @extend_schema(summary=_("Publish or withdraw the results"), request=PublishSerializer,
                   responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        survey = self.get_object()
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_publish_results(survey=survey, public=data.validated_data["public"])
        return Response(SurveySerializer(survey).data)

    @extend_schema(summary=_("Results: counts and percentages per question"),
                   responses=ResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        return Response(ResultsSerializer(selectors.results(self.get_object())).data)


class QuestionViewSet(viewsets.ModelViewSet):
    """Questions of the surveys (staff). A question answered keeps its kind and its chosen
    options; deleting it is refused."""
    api_description = _("Questions of the needs surveys. A question somebody answered keeps "
                        "its kind and its chosen options and cannot be deleted.")

    serializer_class = QuestionSerializer
    permission_classes = [StaffOnly]
    access = "staff:viewer:editor"

    def get_queryset(self):
        questions = Question.objects.prefetch_related("options")
        survey = self.request.query_params.get("survey")
        return questions.filter(survey=survey) if survey and survey.isdigit() else questions

    def perform_create(self, serializer):
        serializer.instance = services.question_save(**serializer.validated_data)

    def perform_update(self, serializer):
        question = serializer.instance
        data = {"survey": question.survey, "text": question.text, "kind": question.kind,
                "required": question.required, "section": question.section,
                "help_text": question.help_text, "position": question.position,
                "options": [o.label for o in question.options.all()]}
        data.update(serializer.validated_data)
        if data["survey"] != question.survey:
            raise serializers.ValidationError({"survey": [_("A question stays in its survey.")]})
        serializer.instance = services.question_save(question=question, **data)

    def perform_destroy(self, instance):
        services.question_delete(question=instance)


ROUTES = [
    ("surveys", SurveyViewSet, "survey"),
    ("survey-questions", QuestionViewSet, "survey-question"),
]
