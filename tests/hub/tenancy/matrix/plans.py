"""Isolation-matrix rows of the plans app."""

import datetime

from tests.conftest import account

PAGES = [
    # Plans, public
    ("/plan/", "/plan/", "get", "public", None),
    ("/plans/", "/plans/", "get", "public", None),
    ("/plans/<int:plan_id>/", "/plans/{plan}/", "get", "public", None),
    ("/plans/<int:plan_id>/comment/", "/plans/{plan}/comment/", "post", "public",
     {"text": "Zmenené", "consent": "on"}),
    ("/plans/<int:plan_id>/evaluations/<int:year>/", "/plans/{plan}/evaluations/2023/", "get",
     "public", None),
    ("/plans/<int:plan_id>/action-plans/<int:year>/", "/plans/{plan}/action-plans/2024/",
     "get", "public", None),
    # Plans, staff
    ("/staff/plans/", "/staff/plans/", "get", "viewer", None),
    ("/staff/plans/new/", "/staff/plans/new/", "get", "editor", None),
    ("/staff/plans/new/", "/staff/plans/new/", "post", "editor",
     {"legal_basis": "sk-kpss", "title": "Zmenené", "year_from": 2025, "year_to": 2026}),
    ("/staff/plans/<int:plan_id>/", "/staff/plans/{draft}/", "get", "viewer", None),
    ("/staff/plans/<int:plan_id>/edit/", "/staff/plans/{draft}/edit/", "post", "editor",
     {"legal_basis": "sk-kpss", "title": "Zmenené", "year_from": 2025, "year_to": 2026}),
    ("/staff/plans/<int:plan_id>/transition/", "/staff/plans/{draft}/transition/", "post",
     "editor", {"action": "start_discussion", "discussion_from": "2025-01-01",
                "discussion_to": "2025-01-31"}),
    ("/staff/plans/<int:plan_id>/amend/", "/staff/plans/{plan}/amend/", "post", "editor",
     {"label": "Zmenené"}),
    ("/staff/plans/<int:plan_id>/delete/", "/staff/plans/{draft}/delete/", "post", "admin", {}),
    ("/staff/plans/<int:plan_id>/history/", "/staff/plans/{plan}/history/", "get", "viewer",
     None),
    ("/staff/plans/<int:plan_id>/sections/<slug:kind>/", "/staff/plans/{draft}/sections/swot/",
     "post", "editor", {"body": "Zmenené"}),
    ("/staff/plans/<int:plan_id>/priorities/new/", "/staff/plans/{draft}/priorities/new/",
     "post", "editor", {"number": 9, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/priorities/<int:priority_id>/",
     "/staff/plans/{draft}/priorities/{dp}/", "post", "editor",
     {"number": 1, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/priorities/<int:priority_id>/measures/new/",
     "/staff/plans/{draft}/priorities/{dp}/measures/new/", "get", "editor", None),
    ("/staff/plans/<int:plan_id>/priorities/<int:priority_id>/measures/<int:measure_id>/",
     "/staff/plans/{draft}/priorities/{dp}/measures/{dm}/", "get", "editor", None),
    ("/staff/plans/<int:plan_id>/measures/<int:measure_id>/activities/new/",
     "/staff/plans/{draft}/measures/{dm}/activities/new/", "post", "editor",
     {"number": 9, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/measures/<int:measure_id>/activities/<int:activity_id>/",
     "/staff/plans/{draft}/measures/{dm}/activities/{da}/", "post", "editor",
     {"number": 1, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/delete/<slug:kind>/<int:object_id>/",
     "/staff/plans/{draft}/delete/measure/{dm}/", "post", "editor", {}),
    ("/staff/plans/<int:plan_id>/action-plans/new/", "/staff/plans/{plan}/action-plans/new/",
     "post", "editor", {"year": 2025}),
    ("/staff/plans/<int:plan_id>/action-plans/<int:year>/",
     "/staff/plans/{plan}/action-plans/2024/", "post", "editor",
     {"activity": "{a111}", "responsible": "Zmenené"}),
    ("/staff/plans/<int:plan_id>/action-plans/<int:year>/approve/",
     "/staff/plans/{plan}/action-plans/2024/approve/", "post", "editor",
     {"body": "Zmenené", "reference": "1/2024", "approved_on": "2024-01-10"}),
    ("/staff/plans/<int:plan_id>/action-plans/<int:year>/close/",
     "/staff/plans/{plan}/action-plans/2025/close/", "post", "editor", {}),
    ("/staff/plans/<int:plan_id>/action-plans/<int:year>/next-year/",
     "/staff/plans/{plan}/action-plans/2024/next-year/", "post", "editor", {}),
    ("/staff/plans/<int:plan_id>/evaluations/new/", "/staff/plans/{plan}/evaluations/new/",
     "post", "editor", {"year": 2025}),
    ("/staff/plans/<int:plan_id>/evaluations/<int:year>/",
     "/staff/plans/{plan}/evaluations/2024/", "get", "viewer", None),
    ("/staff/plans/<int:plan_id>/evaluations/<int:year>/publish/",
     "/staff/plans/{plan}/evaluations/2024/publish/", "post", "editor", {"publish": "1"}),
    ("/staff/plans/<int:plan_id>/comments/", "/staff/plans/{plan}/comments/", "get", "viewer",
     None),
    ("/staff/plans/<int:plan_id>/comments/<int:comment_id>/",
     "/staff/plans/{plan}/comments/{comment}/", "post", "editor", {"action": "reject"}),
    ("/staff/target-groups/", "/staff/target-groups/", "get", "editor", None),
    # Plans API (router): reads as the viewsets decide, writes for editors
    ("/api/plans/", "/api/plans/", "post", "editor",
     {"legal_basis": "sk-kpss", "title": "Zmenené", "year_from": 2025, "year_to": 2026}),
    ("/api/plans/<id>/", "/api/plans/{draft}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/plans/<id>/", "/api/plans/{draft}/", "delete", "admin", None),
    ("/api/plans/<id>/transition/", "/api/plans/{draft}/transition/", "post", "editor",
     {"action": "start_discussion", "discussion_from": "2025-01-01",
      "discussion_to": "2025-01-31"}),
    ("/api/priorities/", "/api/priorities/?plan={draft}", "post", "editor",
     {"title": "Zmenené", "number": 9}),
    ("/api/measures/<id>/", "/api/measures/{dm}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/activities/<id>/", "/api/activities/{da}/", "delete", "editor", None),
    ("/api/evaluations/", "/api/evaluations/", "post", "editor", {"plan": "{plan}", "year": 2025}),
    ("/api/evaluations/<id>/entries/", "/api/evaluations/{evaluation}/entries/", "post",
     "editor", {"measure": "{m21}", "status": "fulfilled"}),
    ("/api/evaluations/<id>/publish/", "/api/evaluations/{evaluation}/publish/", "post",
     "editor", {}),
    ("/api/target-groups/", "/api/target-groups/", "post", "editor", {"name": "Zmenené"}),
    ("/api/action-plans/<id>/approve/", "/api/action-plans/{ap2024}/approve/", "post", "editor",
     {"body": "Zmenené", "reference": "1/2024", "approved_on": "2024-01-10"}),
    ("/api/action-plans/<id>/close/", "/api/action-plans/{ap2025}/close/", "post", "editor",
     {}),
]
API_READS = ["/api/plans/", "/api/plans/{plan}/", "/api/plans/{plan}/progress/",
             "/api/priorities/", "/api/measures/", "/api/activities/", "/api/evaluations/",
             "/api/action-plans/",
             "/api/comments/", "/api/target-groups/"]
MARKERS = ["Koncept Alfa", "Tajná pripomienka"]


def objects(municipality):
    """Alfa's plans: one in force (with action plan, evaluation, a pending comment), one draft."""
    from tenants.plans import services
    from tenants.plans.models import Comment
    from tests.tenants.plans.builders import plan_in_force, plan_with_tree

    user = account("alfa.editor@test.sk")
    plan, tree = plan_in_force(user, year_from=2023)
    ap2024 = services.action_plan_create(user=user, plan=plan, year=2024)
    # Approved, its year over: the one an editor may close.
    ap2025 = services.action_plan_approve(
        user=user, action_plan=services.action_plan_create(user=user, plan=plan, year=2025),
        body="Mestské zastupiteľstvo", reference="9/2024",
        approved_on=datetime.date(2024, 12, 10))
    evaluation = services.evaluation_create(user=user, plan=plan, year=2024)
    comment = Comment.objects.create(plan=plan, text="Tajná pripomienka",
                                     consent_at="2024-01-01T00:00:00Z")
    draft, dtree = plan_with_tree(user, title="Koncept Alfa")
    return {"plan": plan.pk, "draft": draft.pk, "evaluation": evaluation.pk,
            "comment": comment.pk, "ap2024": ap2024.pk, "ap2025": ap2025.pk,
            "a111": tree["a111"].pk, "m21": tree["m21"].pk,
            "dp": dtree["p1"].pk, "dm": dtree["m11"].pk, "da": dtree["a111"].pk}


def state():
    from tenants.history.models import Change
    from tenants.plans import models as plan_models

    return (Change.objects.count(),
            sorted(plan_models.Plan.objects.values_list("pk", "status", "title")),
            sorted(plan_models.Priority.objects.values_list("pk", "title")),
            sorted(plan_models.Measure.objects.values_list("pk", "title")),
            sorted(plan_models.Activity.objects.values_list("pk", "title")),
            sorted(plan_models.ActionPlan.objects.values_list("pk", "status")),
            plan_models.ActionItem.objects.count(),
            plan_models.Evaluation.objects.filter(published_at__isnull=False).count(),
            plan_models.EvaluationEntry.objects.count(),
            sorted(plan_models.Comment.objects.values_list("pk", "state")),
            plan_models.TargetGroup.objects.count())
