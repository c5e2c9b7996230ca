"""Small catalogues for tests (call inside a municipality's schema)."""

from tenants.catalogue import services


def provider(user=None, **kw):
    data = {"name": "Charita Test", "legal_form": "spolek", "ico": "12345678",
            "website": "https://charita.example", "email": "info@charita.example",
            "phone": "+420 123 456 789"}
    data.update(kw)
    return services.provider_save(user=user, **data)


def capacity(amount, unit, form="residential"):
    """One registered capacity line."""
    return [{"form": form, "unit": unit, "capacity": amount, "note": ""}]


def service(prov, user=None, *, country="SK", **kw):
    data = {"provider": prov, "name": "Domov dôchodcov Slnečnica",
            "service_type": "sk-35" if country == "SK" else "cz-49", "form": "residential",
            "target_groups": ["seniors"], "age_from": 62,
            "capacities": capacity(40, "bed"),
            "description": "Celoročná pobytová starostlivosť.",
            "covers": [], "locations": [{
                "address": "Hlavná 1", "town": "Alfa", "postal_code": "97401",
                "latitude": "48.735", "longitude": "19.146", "accessibility": "bezbariérový",
                "hours": [{"weekday": 0, "opens": "08:00", "closes": "15:30"}]}]}
    data.update(kw)
    return services.service_save(user=user, **data)
