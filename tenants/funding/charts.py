"""Server-rendered SVG of a self-assessment (no JavaScript): one horizontal bar per area on a
0–100 % scale, the previous year's score as a thinner bar beneath it. A pure function, data in,
markup out, in the manner of hub/regional/charts.py; every text goes through escape()."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ROW = 48
LEFT = 4
BAR_WIDTH = 340
VALUE_WIDTH = 72
TOP = 26
NOW, BEFORE, GRID, INK, MUTED = "#2f5f8f", "#8fa9c4", "#d5dbe1", "#1f2933", "#52606d"


def _pct(value) -> str:
    return f"{number_format(Decimal(value), 1)} %"


def area_bars(*, title: str, areas: list[dict], now_label: str, before_label: str | None,
              missing_label: str) -> SafeString:
    """``areas`` as quality.compare gives them: name, score, previous (None when missing).
    Each area's name stands above its bars, so the chart stays narrow enough for a phone.
    The legend names the two years; ``before_label`` None draws no previous bars."""
    width = LEFT + BAR_WIDTH + VALUE_WIDTH
    height = TOP + ROW * len(areas) + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="quality-chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
           f'<rect x="{LEFT}" y="4" width="12" height="12" fill="{NOW}"/>',
           f'<text x="{LEFT + 16}" y="14" fill="{INK}" font-size="13">'
           f'{escape(now_label)}</text>']
    if before_label:
        out += [f'<rect x="{LEFT + 80}" y="7" width="12" height="6" fill="{BEFORE}"/>',
                f'<text x="{LEFT + 96}" y="14" fill="{INK}" font-size="13">'
                f'{escape(before_label)}</text>']
    for tick in (0, 50, 100):
        x = LEFT + BAR_WIDTH * tick // 100
        out.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{height - 2}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
    for i, area in enumerate(areas):
        y = TOP + i * ROW
        name = str(area["name"])
        out.append(f'<text x="{LEFT}" y="{y + 13}" fill="{INK}" font-size="13" '
                   f'font-weight="600">{escape(name)}</text>')
        score = area["score"]
        if score is None:
            out.append(f'<text x="{LEFT}" y="{y + 31}" fill="{MUTED}" font-size="13" '
                       f'font-style="italic">{escape(missing_label)}</text>')
        else:
            length = max(int(BAR_WIDTH * Decimal(score) / 100), 1)
            out.append(f'<rect x="{LEFT}" y="{y + 18}" width="{length}" height="16" '
                       f'fill="{NOW}"><title>{escape(name)}: {_pct(score)}</title></rect>')
            out.append(f'<text x="{LEFT + length + 6}" y="{y + 31}" fill="{INK}" '
                       f'font-size="13">{_pct(score)}</text>')
        previous = area.get("previous")
        if before_label and previous is not None:
            length = max(int(BAR_WIDTH * Decimal(previous) / 100), 1)
            out.append(f'<rect x="{LEFT}" y="{y + 36}" width="{length}" height="6" '
                       f'fill="{BEFORE}"><title>{escape(name)}, {escape(before_label)}: '
                       f'{_pct(previous)}</title></rect>')
    out.append("</svg>")
    # Every text above went through escape(); the numbers are formatted here.
    return mark_safe("".join(out))  # noqa: S308
