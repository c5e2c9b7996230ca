"""Isolation-matrix rows of the funding app."""

from tenants.funding.quality import CODES
from tests.conftest import account

_ROUND = {"title": "Zmenené", "year": 2025, "budget": "1000", "source": "Zmenené",
          "min_score": "0", "cap_percent": "100"}
_APPLICATION = {"requested": "10", "personnel_costs": "100", "operating_costs": "0",
                "other_sources": "0", "capacity": "1", "capacity_unit": "x"}
_QUALITY_FORM = {"year": "2030", **{f"c{code}-status": "met" for code in CODES}}
_QUALITY_API = {"year": 2030, "answers": [{"criterion": code, "status": "na"} for code in CODES]}
PAGES = [
    # Public: published rounds only
    ("/funding/", "/funding/", "get", "public", None),
    ("/funding/<int:round_id>/", "/funding/{fpub}/", "get", "public", None),
    ("/funding/<int:round_id>/results.csv", "/funding/{fpub}/results.csv", "get", "public",
     None),
    # A provider's signed link (the token is the access)
    ("/funding/apply/<str:token>/", "/funding/apply/{flink}/", "get", "public", None),
    # Staff
    ("/staff/funding/<int:round_id>/links/", "/staff/funding/{fopen}/links/", "get", "editor",
     None),
    ("/staff/funding/", "/staff/funding/", "get", "viewer", None),
    ("/staff/funding/new/", "/staff/funding/new/", "post", "editor", _ROUND),
    ("/staff/funding/<int:round_id>/", "/staff/funding/{fround}/", "get", "viewer", None),
    ("/staff/funding/<int:round_id>/edit/", "/staff/funding/{fdraft}/edit/", "post", "editor",
     _ROUND),
    ("/staff/funding/<int:round_id>/delete/", "/staff/funding/{fdraft}/delete/", "post",
     "admin", {}),
    ("/staff/funding/<int:round_id>/step/", "/staff/funding/{fdraft}/step/", "post", "editor",
     {"to": "open"}),
    ("/staff/funding/<int:round_id>/criteria/", "/staff/funding/{fdraft}/criteria/", "get",
     "editor", None),
    ("/staff/funding/<int:round_id>/allocate/", "/staff/funding/{fround}/allocate/", "post",
     "editor", {}),
    ("/staff/funding/<int:round_id>/history/", "/staff/funding/{fround}/history/", "get",
     "viewer", None),
    ("/staff/funding/<int:round_id>/applications/new/",
     "/staff/funding/{fround}/applications/new/", "get", "editor", None),
    ("/staff/funding/<int:round_id>/applications/<int:application_id>/",
     "/staff/funding/{fround}/applications/{fapp}/", "post", "editor", _APPLICATION),
    ("/staff/funding/<int:round_id>/applications/<int:application_id>/delete/",
     "/staff/funding/{fround}/applications/{fapp}/delete/", "post", "editor", {}),
    ("/staff/funding/<int:round_id>/applications/<int:application_id>/score/",
     "/staff/funding/{fround}/applications/{fapp}/score/", "get", "editor", None),
    ("/staff/funding/<int:round_id>/applications/<int:application_id>/override/",
     "/staff/funding/{fround}/applications/{fapp}/override/", "post", "editor",
     {"amount": "100", "reason": "Zmenené"}),
    # Staff: the self-assessment of the planning's quality
    ("/staff/quality/", "/staff/quality/", "get", "viewer", None),
    ("/staff/quality/new/", "/staff/quality/new/", "post", "editor", _QUALITY_FORM),
    ("/staff/quality/<int:assessment_id>/", "/staff/quality/{fqa}/", "get", "viewer", None),
    ("/staff/quality/<int:assessment_id>/edit/", "/staff/quality/{fqa}/edit/", "post",
     "editor", {**_QUALITY_FORM, "year": "2031"}),
    ("/staff/quality/<int:assessment_id>/delete/", "/staff/quality/{fqa}/delete/", "post",
     "admin", {}),
    # Staff API
    ("/api/funding-rounds/", "/api/funding-rounds/", "get", "viewer", None),
    ("/api/funding-rounds/", "/api/funding-rounds/", "post", "editor", _ROUND),
    ("/api/funding-rounds/<id>/", "/api/funding-rounds/{fdraft}/", "patch", "editor",
     {"title": "Zmenené"}),
    ("/api/funding-rounds/<id>/", "/api/funding-rounds/{fdraft}/", "delete", "admin", None),
    ("/api/funding-rounds/<id>/transition/", "/api/funding-rounds/{fdraft}/transition/", "post",
     "editor", {"to": "open"}),
    ("/api/funding-rounds/<id>/allocate/", "/api/funding-rounds/{fround}/allocate/", "post",
     "editor", None),
    ("/api/funding-rounds/<id>/criteria/", "/api/funding-rounds/{fdraft}/criteria/", "put",
     "editor", [{"name": "Zmenené", "kind": "scored", "weight": "100", "max_points": 10}]),
    ("/api/funding-criteria/", "/api/funding-criteria/", "get", "viewer", None),
    ("/api/funding-applications/", "/api/funding-applications/", "get", "viewer", None),
    ("/api/funding-applications/<id>/", "/api/funding-applications/{fapp}/", "patch", "editor",
     {"note": "Zmenené"}),
    ("/api/funding-applications/<id>/", "/api/funding-applications/{fapp}/", "delete",
     "editor", None),
    ("/api/funding-applications/<id>/scores/", "/api/funding-applications/{fapp}/scores/",
     "post", "editor", [{"criterion": "{fcrit}", "points": "5", "reason": "Zmenené"}]),
    ("/api/funding-criteria/<id>/", "/api/funding-criteria/{fcrit}/", "get", "viewer", None),
    ("/api/quality-assessments/", "/api/quality-assessments/", "get", "viewer", None),
    ("/api/quality-assessments/", "/api/quality-assessments/", "post", "editor",
     _QUALITY_API),
    ("/api/quality-assessments/<id>/", "/api/quality-assessments/{fqa}/", "get", "viewer",
     None),
    ("/api/quality-assessments/<id>/", "/api/quality-assessments/{fqa}/", "patch", "editor",
     {"note": "Zmenené"}),
    ("/api/quality-assessments/<id>/", "/api/quality-assessments/{fqa}/", "delete", "admin",
     None),
    ("/api/quality-assessments/criteria/", "/api/quality-assessments/criteria/", "get",
     "viewer", None),
    ("/api/funding-applications/<id>/override/",
     "/api/funding-applications/{fapp}/override/", "post", "editor",
     {"amount": "100", "reason": "Zmenené"}),
]
API_READS = ["/api/funding-results/", "/api/funding-results/{fpub}/"]
MARKERS = ["Tajné kolo Alfa", "Tajné sebahodnotenie Alfa"]


def objects(municipality):
    """Alfa's rounds: a draft, one being evaluated (allocated), one published."""
    from tenants.funding import links, quality, services
    from tests.tenants.funding.builders import evaluated, round_

    user = account("alfa.editor@test.sk")
    draft = round_(user, title="Tajné kolo Alfa návrh")
    open_round = round_(user, title="Tajné kolo Alfa otvorené")
    services.round_transition(user=user, round_=open_round, to="open")
    evaluating, first = evaluated(user, title="Tajné kolo Alfa", ico="55500021")
    published, _app = evaluated(user, title="Zverejnené kolo Alfa", ico="55500031",
                                publish=True)
    flink = links.provider_link_token(round_=open_round, provider_id=first.service.provider_id)
    scored = evaluating.criteria.filter(kind="scored").first()
    assessment = services.assessment_create(
        user=user, year=2025, note="Tajné sebahodnotenie Alfa",
        answers={code: {"status": "met"} for code in quality.CODES})
    return {"fqa": assessment.pk, "fdraft": draft.pk, "fround": evaluating.pk, "fapp": first.pk,
            "fpub": published.pk, "fopen": open_round.pk, "flink": flink, "fcrit": scored.pk}


def state():
    from tenants.funding.models import (
        Application,
        Criterion,
        QualityAnswer,
        Round,
        Score,
        SelfAssessment,
    )

    return (sorted(SelfAssessment.objects.values_list("pk", "year", "note")),
            sorted(QualityAnswer.objects.values_list("pk", "status", "comment")),
            sorted(Round.objects.values_list("pk", "state", "title", "budget", "allocated_at")),
            sorted(Application.objects.values_list("pk", "allocated", "override", "note")),
            sorted(Criterion.objects.values_list("pk", "name", "weight")),
            sorted(Score.objects.values_list("pk", "points", "reason")))
