"""The portal's part of the regional read model: the open data record the platform's dataset
catalogue is built from (hub/regional/opendata.py), so it never enters a tenant schema."""

import datetime

from tenants.portal import opendata


def municipality_figures(today: datetime.date) -> dict:
    """The portal fills no figure of the read model (it is not among SOURCES)."""
    return {}


def open_data_summary() -> dict:
    return opendata.summary()
