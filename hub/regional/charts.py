"""Server-rendered SVG bar charts (no JavaScript, no CDN): pure functions, data in, markup out."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ROW = 22
LABEL_WIDTH = 230
BAR_WIDTH = 430
VALUE_WIDTH = 90
TOP = 28


def bar_chart(*, title: str, bars: list[tuple[str, Decimal | int | None, str]],
              median: Decimal | None, median_label: str, missing_label: str,
              fmt=str) -> SafeString:
    """Horizontal bars, one per (label, value, state) with state "", "high", "low" or "na";
    a dashed line at the median. Bars share one scale from 0 to the largest value."""
    values = [Decimal(v) for _label, v, _state in bars if v is not None]
    top = max(values + [Decimal(median or 0), Decimal(0)])
    scale = (Decimal(BAR_WIDTH) / top) if top > 0 else Decimal(0)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = TOP + ROW * max(len(bars), 1) + 24
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, value, state) in enumerate(bars):
        y = TOP + i * ROW
        short = label if len(label) <= 32 else label[:31] + "…"
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
                   f'class="bar-label">{escape(short)}</text>')
        if value is None:
            out.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + 15}" class="bar-missing">'
                       f'{escape(missing_label)}</text>')
            continue
        length = int((Decimal(value) * scale).to_integral_value()) if scale else 0
        css = f"rc-bar rc-bar-{state}" if state in ("high", "low") else "rc-bar"
        out.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(length, 1)}" '
                   f'height="{ROW - 6}" class="{css}"><title>{escape(label)}: '
                   f'{escape(fmt(value))}</title></rect>')
        out.append(f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{y + 15}" '
                   f'class="bar-value">{escape(fmt(value))}</text>')
    if median is not None and scale:
        x = LABEL_WIDTH + int((Decimal(median) * scale).to_integral_value())
        out.append(f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{height - 20}" '
                   f'class="median-line"/>')
        out.append(f'<text x="{x}" y="{TOP - 10}" text-anchor="middle" class="median-label">'
                   f'{escape(median_label)} {escape(fmt(median))}</text>')
    out.append("</svg>")
    # Every text and attribute value above went through escape(); numbers are formatted here.
    return mark_safe("".join(out))  # noqa: S308
