"""Figures of the planning's self-assessment for the regional read model (a worker reads them
inside the municipality's schema): its year and scores by area, aggregates only."""

import datetime

from tenants.funding import selectors


def municipality_figures(today: datetime.date) -> dict:
    """The latest self-assessment up to ``today``'s year: {"quality_year", "quality_overall",
    "quality_areas": {area code: score}}; None values and {} when there is none."""
    assessment = selectors.assessment_latest(today.year)
    if assessment is None:
        return {"quality_year": None, "quality_overall": None, "quality_areas": {}}
    found = selectors.assessment_scores(assessment)
    return {"quality_year": assessment.year, "quality_overall": found["overall"],
            "quality_areas": {a["code"]: float(a["score"]) for a in found["areas"]
                              if a["score"] is not None}}
