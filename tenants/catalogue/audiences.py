"""Which services each printed leaflet lists (issue 7 renders them from print_data).

A service belongs to an audience when one of its target groups or its type is listed here.
Codes are those of ``tenants.catalogue.taxonomy``.
"""

AUDIENCES = {
    "seniors": {
        "target_groups": {"seniors", "dementia", "palliative"},
        "types": {"sk-35", "sk-36", "sk-41", "sk-53", "sk-56", "sk-58",
                  "cz-40", "cz-41", "cz-49", "cz-50", "cz-66"},
    },
    "disability": {
        "target_groups": {"disability-physical", "disability-intellectual",
                          "disability-sensory", "mental-illness", "chronic-illness"},
        "types": {"sk-34", "sk-37", "sk-38", "sk-39", "sk-40", "sk-42", "sk-43", "sk-44",
                  "sk-45", "sk-46", "sk-47", "cz-39", "cz-42", "cz-43", "cz-46", "cz-47",
                  "cz-48", "cz-51", "cz-56", "cz-67", "cz-70"},
    },
    "families": {
        "target_groups": {"families", "youth"},
        "types": {"sk-28", "sk-31", "sk-32a", "sk-32b", "sk-33", "cz-54", "cz-62", "cz-65"},
    },
    # Crisis, homelessness or debt.
    "crisis": {
        "target_groups": {"crisis", "homeless", "violence", "debt", "addiction", "excluded"},
        "types": {"sk-24a", "sk-24b", "sk-24c", "sk-25", "sk-26", "sk-27", "sk-29", "sk-53a",
                  "sk-60", "cz-55", "cz-57", "cz-58", "cz-59", "cz-60", "cz-60a", "cz-61",
                  "cz-63", "cz-69"},
    },
}
NAMES = list(AUDIENCES)


def matches(audience: str, *, service_type: str, target_groups) -> bool:
    spec = AUDIENCES[audience]
    return service_type in spec["types"] or bool(spec["target_groups"] & set(target_groups))


def service_filter(audience: str):
    """The same rule as a queryset filter (Q object) on Service."""
    from django.db.models import Q

    spec = AUDIENCES[audience]
    return (Q(service_type__in=sorted(spec["types"]))
            | Q(target_groups__overlap=sorted(spec["target_groups"])))
