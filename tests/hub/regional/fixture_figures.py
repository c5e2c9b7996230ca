"""Fixture figures standing in for participation's and catalogue's figures.py (same contract
as BRIEF.md), keyed by the schema the collector runs in — proves the collector reads them in
the right schema and stores them exactly."""

import datetime

from django.db import connection

FIGURES = {
    "m_alfa": {
        "meetings_held_12m": 4, "group_members": 9,
        "services": 3,
        "capacity_by_type": {"dss": {"places": 20}, "opatrovatelska": {"clients": 15},
                             "dennystacionar": {"places": 10}},
        "capacity_by_target_group": {"seniors": {"places": 12, "clients": 15},
                                     "disability": {"places": 18}},
        "senior_capacity": {"places": 12, "clients": 15},
        "catalogue_updated_at": datetime.datetime(2026, 5, 4, 10, 30, tzinfo=datetime.UTC),
    },
    "m_beta": {
        "meetings_held_12m": 1, "group_members": 2, "services": 1,
        "capacity_by_type": {"azylovy": {"beds": 8}},
        "capacity_by_target_group": {"homeless": {"beds": 8}},
        "senior_capacity": {}, "catalogue_updated_at": None,
    },
}
LISTINGS = {
    "m_alfa": [
        {"service_id": "6f1c2d1e-1111-4c3b-9d55-000000000001", "service": "Denný stacionár Jeseň",
         "provider": "Mesto Alfa", "service_type": "dennystacionar", "target_groups": ["seniors"],
         "towns": ["Alfa", "Horná Ves"], "path": "/catalogue/services/6f1c2d1e-1111-4c3b-9d55-000000000001/"},
        {"service_id": "6f1c2d1e-1111-4c3b-9d55-000000000002", "service": "Domov sociálnych služieb",
         "provider": "Charita Alfa", "service_type": "dss", "target_groups": ["disability"],
         "towns": ["Alfa"], "path": "/catalogue/services/6f1c2d1e-1111-4c3b-9d55-000000000002/"},
    ],
    "m_beta": [
        {"service_id": "6f1c2d1e-2222-4c3b-9d55-000000000001", "service": "Azylový dům Beta",
         "provider": "Diakonie Beta", "service_type": "azylovy", "target_groups": ["homeless"],
         "towns": ["Beta"], "path": "/catalogue/services/6f1c2d1e-2222-4c3b-9d55-000000000001/"},
    ],
}


def municipality_figures(today: datetime.date) -> dict:
    return FIGURES[connection.schema_name]


def regional_listing() -> list[dict]:
    return LISTINGS[connection.schema_name]
