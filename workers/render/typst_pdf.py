"""The renderer: a pure function from (template, data) to PDF bytes.

Typst is imported lazily (only document workers pay for it). Fonts come only from
``fonts/`` (DejaVu Sans, Bitstream Vera licence — every Slovak and Czech letter), never from
the system, so output is the same on every machine. Output is tagged PDF conforming to
PDF/UA-1 (accessibility for the public sector); text language comes from ``data["language"]``
and drives Typst's hyphenation (``set text(lang: ...)``).
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
FONTS = HERE / "fonts"
TEMPLATE_NAMES = {"plan", "action_plan", "evaluation", "network", "catalogue", "leaflet"}
PDF_STANDARDS = ["ua-1"]


class RenderError(Exception):
    """The template could not be rendered; ``str()`` is a message for a person."""


def render_pdf(template: str, data: dict) -> bytes:
    """Render ``templates/<template>.typ`` with ``data`` (JSON-serialisable) into a PDF."""
    import typst

    if template not in TEMPLATE_NAMES:
        raise RenderError(f"Unknown document template {template!r}.")
    try:
        return typst.compile(
            str(TEMPLATES / f"{template}.typ"), root=str(TEMPLATES),
            font_paths=[str(FONTS)], ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
            pdf_standards=PDF_STANDARDS,
        )
    except typst.TypstError as error:
        detail = getattr(error, "message", "") or str(error)
        raise RenderError(f"The {template} template failed: {detail}") from error
