"""Isolation-matrix rows of the needs analysis and its surveys (staff pages, the public pages,
the API)."""

from django.core.files.uploadedfile import SimpleUploadedFile


class _Upload(SimpleUploadedFile):
    """The same upload sent by every actor of a row: each send reads it from the start."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


TEMPLATE = _Upload("demografia.csv", b"code;year;age_band;count\n508438;2022;80+;5\n",
                   content_type="text/csv")

SURVEY = {"title": "Zmenené", "audience": "residents"}
PAGES = [
    ("/analysis/", "/analysis/", "get", "public", None),
    ("/staff/analysis/", "/staff/analysis/", "get", "viewer", None),
    ("/staff/analysis/import/", "/staff/analysis/import/", "post", "editor",
     {"file": TEMPLATE}),
    ("/staff/analysis/imports/<int:job_id>/", "/staff/analysis/imports/{demography_import}/",
     "get", "editor", None),
    ("/staff/analysis/enter/", "/staff/analysis/enter/", "post", "editor",
     {"area_code": "508438", "year": 2023, "age_0_14": 1}),
    ("/staff/analysis/publish/", "/staff/analysis/publish/", "post", "editor",
     {"published": "1"}),
    ("/staff/analysis/network/", "/staff/analysis/network/", "get", "viewer", None),
    ("/staff/analysis/norms/", "/staff/analysis/norms/", "post", "editor",
     {"service_type": "sk-35", "target_group": "", "unit": "bed", "per_1000": "5"}),
    ("/staff/analysis/norms/<int:norm_id>/delete/", "/staff/analysis/norms/{norm}/delete/",
     "post", "editor", {}),
    ("/staff/analysis/targets/", "/staff/analysis/targets/", "post", "editor",
     {"service_type": "sk-35", "target": "80+"}),
    # API: members read (anyone once published), editors write
    ("/api/demography/", "/api/demography/", "get", "viewer", None),
    ("/api/demography/imports/<job_id>/", "/api/demography/imports/{demography_import}/",
     "get", "editor", None),
    ("/api/demography/enter/", "/api/demography/enter/", "post", "editor",
     {"area_code": "508438", "year": 2023, "age_0_14": 1}),
    ("/api/norms/", "/api/norms/", "get", "viewer", None),
    ("/api/norms/", "/api/norms/", "post", "editor",
     {"service_type": "sk-35", "target_group": "", "unit": "bed", "per_1000": "5.00"}),
    ("/api/norms/<id>/", "/api/norms/{norm}/", "delete", "editor", None),
    ("/api/network-analysis/", "/api/network-analysis/", "get", "viewer", None),
    # Needs surveys: residents answer on the public link; staff build and read
    ("/surveys/", "/surveys/", "get", "public", None),
    ("/surveys/<uuid:key>/", "/surveys/{survey_key}/", "get", "public", None),
    ("/surveys/<uuid:key>/thanks/", "/surveys/{survey_key}/thanks/", "get", "public", None),
    ("/surveys/<uuid:key>/results/", "/surveys/{survey_key}/results/", "get", "public", None),
    ("/staff/surveys/", "/staff/surveys/", "get", "viewer", None),
    ("/staff/surveys/new/", "/staff/surveys/new/", "post", "editor", SURVEY),
    ("/staff/surveys/<int:survey_id>/", "/staff/surveys/{survey}/", "get", "viewer", None),
    ("/staff/surveys/<int:survey_id>/edit/", "/staff/surveys/{survey}/edit/", "post", "editor",
     SURVEY),
    ("/staff/surveys/<int:survey_id>/state/", "/staff/surveys/{survey}/state/", "post",
     "editor", {"state": "closed"}),
    ("/staff/surveys/<int:survey_id>/publish/", "/staff/surveys/{survey}/publish/", "post",
     "editor", {"public": "0"}),
    ("/staff/surveys/<int:survey_id>/delete/", "/staff/surveys/{draft_survey}/delete/", "post",
     "editor", {}),
    ("/staff/surveys/<int:survey_id>/questions/new/",
     "/staff/surveys/{survey}/questions/new/", "post", "editor",
     {"text": "Zmenené", "kind": "text"}),
    ("/staff/surveys/<int:survey_id>/questions/<int:question_id>/",
     "/staff/surveys/{survey}/questions/{question}/", "get", "editor", None),
    ("/staff/surveys/<int:survey_id>/questions/<int:question_id>/",
     "/staff/surveys/{survey}/questions/{question}/", "post", "editor",
     {"text": "Zmenené", "kind": "text"}),
    ("/staff/surveys/<int:survey_id>/questions/<int:question_id>/delete/",
     "/staff/surveys/{survey}/questions/{free_question}/delete/", "post", "editor", {}),
    ("/staff/surveys/<int:survey_id>/results/", "/staff/surveys/{survey}/results/", "get",
     "viewer", None),
    ("/staff/surveys/<int:survey_id>/results/<int:question_id>/",
     "/staff/surveys/{survey}/results/{question}/", "get", "viewer", None),
    ("/staff/surveys/<int:survey_id>/export.csv", "/staff/surveys/{survey}/export.csv", "get",
     "viewer", None),
    ("/staff/surveys/<int:survey_id>/export.xlsx", "/staff/surveys/{survey}/export.xlsx",
     "get", "viewer", None),
    ("/api/surveys/", "/api/surveys/", "post", "editor", SURVEY),
    ("/api/surveys/<id>/", "/api/surveys/{survey}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/surveys/<id>/", "/api/surveys/{draft_survey}/", "delete", "editor", None),
    ("/api/surveys/<id>/state/", "/api/surveys/{survey}/state/", "post", "editor",
     {"state": "closed"}),
    ("/api/surveys/<id>/publish/", "/api/surveys/{survey}/publish/", "post", "editor",
     {"public": False}),
    ("/api/survey-questions/", "/api/survey-questions/", "get", "viewer", None),
    ("/api/survey-questions/", "/api/survey-questions/", "post", "editor",
     {"survey": "{survey}", "text": "Zmenené", "kind": "text"}),
    ("/api/survey-questions/<id>/", "/api/survey-questions/{question}/", "patch", "editor",
     {"text": "Zmenené"}),
    ("/api/survey-questions/<id>/", "/api/survey-questions/{free_question}/", "delete",
     "editor", None),
]
# Published results are public; a draft survey is not in them.
API_READS = ["/api/surveys/", "/api/surveys/{survey}/", "/api/surveys/{survey}/results/"]
MARKERS = ["Tajná norma Alfa", "tajna_demografia_alfa.csv", "Tajná odpoveď Alfa", "respondent@alfa.test",
           "Koncept prieskumu Alfa"]


def objects(municipality):
    """Alfa (an SK town; its unit 508438) with counts of one year and a norm."""
    from hub.municipalities.models import TerritorialUnit
    from tenants.analysis.models import DemographyImport, Norm, PopulationCount

    unit, _created = TerritorialUnit.objects.get_or_create(
        country="SK", level="municipality", code="508438", defaults={"name": "Alfa"})
    municipality.territory = unit
    municipality.save(update_fields=["territory"])
    PopulationCount.objects.create(area_code="508438", area_name="Alfa", year=2023, sex="t",
                                   age_from=65, age_to=None, count=777, source="manual")
    norm = Norm.objects.create(service_type="sk-41", unit="client", per_1000=3,
                               note="Tajná norma Alfa")
    job = DemographyImport.objects.create(filename="tajna_demografia_alfa.csv", status="done",
                                          stored=1)
    return {"norm": norm.pk, "demography_import": job.pk, **_surveys()}


def _surveys():
    """An open survey with published results and one answer (a free text and an e-mail
    only staff may read), and a draft nobody may see publicly."""
    from tenants.analysis.surveys import services

    survey = services.survey_save(title="Prieskum Alfa", audience="residents")
    choice = services.question_save(survey=survey, text="Vek", kind="single", required=True,
                                    options=["do 64", "65 a viac"])
    text = services.question_save(survey=survey, text="Čo chýba?", kind="text")
    email = services.question_save(survey=survey, text="E-mail", kind="email")
    free = services.question_save(survey=survey, text="Bez odpovede", kind="number")
    services.survey_open(survey=survey)
    services.response_submit(survey=survey, values={
        choice.pk: choice.options.first().pk, text.pk: "Tajná odpoveď Alfa",
        email.pk: "respondent@alfa.test"}, consents=frozenset({email.pk}))
    services.survey_publish_results(survey=survey, public=True)
    draft = services.survey_save(title="Koncept prieskumu Alfa", audience="providers")
    return {"survey": survey.pk, "survey_key": survey.key, "question": text.pk,
            "free_question": free.pk, "draft_survey": draft.pk}


def state():
    from tenants.analysis.models import (
        Answer,
        Norm,
        PopulationCount,
        Publication,
        Question,
        Survey,
        TypeSetting,
    )

    return (sorted(PopulationCount.objects.values_list("area_code", "year", "age_from",
                                                       "count")),
            sorted(Norm.objects.values_list("service_type", "unit", "per_1000")),
            list(TypeSetting.objects.values_list("service_type", "target")),
            list(Publication.objects.values_list("published", flat=True)),
            sorted(Survey.objects.values_list("pk", "title", "state", "results_public")),
            sorted(Question.objects.values_list("pk", "text", "kind")),
            Answer.objects.count())
