"""The municipality's open data: published plan, meetings and catalogue as JSON, CSV and a
Frictionless Data Package (datapackage.json). Runs inside the municipality's schema and reads
only what the public pages show, through the other apps' selectors and print_data."""

import csv
import io
import json

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenants.catalogue import selectors as catalogue
from tenants.participation import selectors as participation
from tenants.plans import print_data as plans_print
from tenants.plans import selectors as plans
from tenants.portal.models import OpenDataSettings

#: Licences a municipality may choose: code → (SPDX id, title, URL).
LICENCES = {
    OpenDataSettings.Licence.CC_BY: ("CC-BY-4.0", "Creative Commons Attribution 4.0",
                                     "https://creativecommons.org/licenses/by/4.0/"),
    OpenDataSettings.Licence.CC0: ("CC0-1.0", "Creative Commons Zero 1.0",
                                   "https://creativecommons.org/publicdomain/zero/1.0/"),
    OpenDataSettings.Licence.CC_BY_SA: ("CC-BY-SA-4.0",
                                        "Creative Commons Attribution-ShareAlike 4.0",
                                        "https://creativecommons.org/licenses/by-sa/4.0/"),
}

#: Dataset name → (title, description, [(field, Table Schema type)]). Order is the page's.
DATASETS = {
    "priorities": (gettext_lazy("Priorities of the plan in force"),
                   gettext_lazy("The priorities of the community plan of social services in "
                                "force."),
                   [("plan", "string"), ("number", "integer"), ("title", "string"),
                    ("description", "string"), ("target_groups", "string")]),
    "measures": (gettext_lazy("Measures of the plan in force"),
                 gettext_lazy("The measures under each priority of the plan in force."),
                 [("plan", "string"), ("priority", "integer"), ("number", "string"),
                  ("title", "string"), ("description", "string"), ("target_groups", "string"),
                  ("service_types", "string")]),
    "indicators": (gettext_lazy("Indicators of the plan in force"),
                   gettext_lazy("How each measure's progress is measured: unit, baseline and "
                                "yearly targets."),
                   [("plan", "string"), ("measure", "string"), ("name", "string"),
                    ("unit", "string"), ("baseline", "number"), ("targets", "string")]),
    "evaluations": (gettext_lazy("Evaluations of the plan in force"),
                    gettext_lazy("Published yearly evaluations: each measure's state, progress "
                                 "and spending."),
                    [("plan", "string"), ("year", "integer"), ("measure", "string"),
                     ("title", "string"), ("status", "string"), ("progress", "number"),
                     ("spending", "number")]),
    "meetings": (gettext_lazy("Meetings"),
                 gettext_lazy("Meetings of the working groups: date, time, place and state."),
                 [("date", "date"), ("starts_at", "string"), ("ends_at", "string"),
                  ("title", "string"), ("groups", "string"), ("place", "string"),
                  ("status", "string")]),
    "services": (gettext_lazy("Catalogue of social services"),
                 gettext_lazy("The active social services in the catalogue (the full catalogue "
                              "is also published as HSDS)."),
                 [("id", "string"), ("name", "string"), ("provider", "string"),
                  ("service_type", "string"), ("target_groups", "string"),
                  ("description", "string"), ("website", "string")]),
}
FORMATS = ("json", "csv")


def licence() -> tuple[str, str, str]:
    """(SPDX id, title, URL) of the licence the municipality chose."""
    chosen = OpenDataSettings.objects.values_list("licence", flat=True).first()
    return LICENCES.get(chosen, LICENCES[OpenDataSettings.Licence.CC_BY])


def _plan():
    return plans.plans_in_force().order_by("-year_to", "-version").first()


def _number(value) -> float | None:
    return None if value is None else float(value)


def _joined(names) -> str:
    return "; ".join(str(n) for n in names)


def _plan_rows(plan) -> dict[str, list[dict]]:
    rows = {"priorities": [], "measures": [], "indicators": []}
    for priority in plans.plan_tree(plan):
        rows["priorities"].append({
            "plan": plan.title, "number": priority.number, "title": priority.title,
            "description": priority.description,
            "target_groups": _joined(t.name for t in priority.target_groups.all())})
        for m in priority.measures.all():
            rows["measures"].append({
                "plan": plan.title, "priority": priority.number, "number": m.code,
                "title": m.title, "description": m.description,
                "target_groups": _joined(t.name for t in m.target_groups.all()),
                "service_types": m.service_types})
            for i in m.indicators.all():
                rows["indicators"].append({
                    "plan": plan.title, "measure": m.code, "name": i.name, "unit": i.unit,
                    "baseline": _number(i.baseline),
                    "targets": _joined(f"{y}: {v}" for y, v in sorted(i.targets.items()))})
    return rows


def _evaluation_rows(plan) -> list[dict]:
    rows = []
    for year, pk in (plans.evaluations_public().filter(plan=plan).order_by("year")
                     .values_list("year", "pk")):
        data = plans_print.evaluation_data(pk) or {"priorities": []}
        for priority in data["priorities"]:
            for m in priority["measures"]:
                progress = m["progress"]
                rows.append({"plan": plan.title, "year": year, "measure": m["number"],
                             "title": m["title"], "status": str(m["status"]),
                             "progress": progress["value"] if progress else None,
                             "spending": _number(m["spending"])})
    return rows


def _meeting_rows() -> list[dict]:
    return [{"date": m.date.isoformat(), "starts_at": m.starts_at.strftime("%H:%M"),
             "ends_at": m.ends_at.strftime("%H:%M"), "title": m.title,
             "groups": _joined(g.name for g in m.groups.all()), "place": m.place,
             "status": str(m.get_status_display())}
            for m in participation.meetings_for_feed()]


def _service_rows() -> list[dict]:
    return [{"id": str(s.uuid), "name": s.name, "provider": s.provider.name,
             "service_type": s.service_type, "target_groups": _joined(s.target_groups),
             "description": s.description, "website": s.website or s.provider.website}
            for s in catalogue.services_public()]


def rows(name: str) -> list[dict]:
    """The rows of one dataset, each a dict with exactly the dataset's fields."""
    if name == "meetings":
        return _meeting_rows()
    if name == "services":
        return _service_rows()
    plan = _plan()
    if plan is None:
        return []
    if name == "evaluations":
        return _evaluation_rows(plan)
    return _plan_rows(plan)[name]


def as_json(name: str) -> str:
    return json.dumps(rows(name), ensure_ascii=False, indent=1)


def as_csv(name: str) -> str:
    """RFC 4180 in every language: "," between fields, "." in numbers, no byte-order mark.
    Unlike the staff and coordinator exports (hub/csv_locale.py) these files are read by
    programs, against the column types datapackage.json declares (Frictionless reads
    numbers with a decimal point by default) — the same file whoever downloads it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f for f, _t in DATASETS[name][2]],
                            lineterminator="\r\n")
    writer.writeheader()
    for row in rows(name):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """How many rows each dataset has, each source read once (the plan's tree gives three
    datasets: asking ``rows`` for each would build it three times)."""
    plan = _plan()
    tree = _plan_rows(plan) if plan is not None else {}
    counts = {name: len(found) for name, found in tree.items()}
    counts["evaluations"] = len(_evaluation_rows(plan)) if plan is not None else 0
    counts["meetings"] = len(_meeting_rows())
    counts["services"] = len(_service_rows())
    return {name: counts.get(name, 0) for name in DATASETS}


def summary() -> dict:
    """What the platform's catalogue needs, JSON-ready: licence, modified and the datasets that
    have rows (a dataset with nothing published is not listed)."""
    spdx, title, url = licence()
    # In the municipality's language whatever the worker's: the platform shows these titles.
    counts = row_counts()
    with translation.override(connection.tenant.language):
        datasets = [{"name": name, "title": str(meta[0]), "description": str(meta[1]),
                     "rows": counts[name]} for name, meta in DATASETS.items()]
    return {"licence": spdx, "licence_title": title, "licence_url": url,
            "modified": timezone.now().isoformat(timespec="seconds"),
            "language": connection.tenant.language,
            "datasets": [d for d in datasets if d["rows"]]}


def datapackage(*, municipality_name: str, base_url: str) -> dict:
    """A Frictionless Data Package describing every dataset in both formats."""
    spdx, title, url = licence()
    resources = []
    for name, (ds_title, description, fields) in DATASETS.items():
        schema = {"fields": [{"name": f, "type": t} for f, t in fields]}
        resources.append({"name": name, "title": str(ds_title), "description": str(description),
                          "path": f"{base_url}{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8",
                          "profile": "tabular-data-resource", "schema": schema})
        resources.append({"name": f"{name}-json", "title": str(ds_title),
                          "path": f"{base_url}{name}.json", "format": "json",
                          "mediatype": "application/json", "encoding": "utf-8",
                          "profile": "data-resource"})
    return {"profile": "data-package", "name": f"komplan-{connection.tenant.slug}",
            "title": _("Open data of %(name)s") % {"name": municipality_name},
            "licenses": [{"name": spdx, "title": title, "path": url}],
            "created": timezone.now().isoformat(timespec="seconds"),
            "resources": resources}
