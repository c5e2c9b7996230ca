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


H_WIDTH = 760
H_HEIGHT = 260
H_LEFT = 48
H_BOTTOM = 40


def bins_of(values: list, count: int = 20) -> list[tuple[Decimal, Decimal, int]]:
    """(from, to, how many) for ``count`` equal bins from the smallest value to the largest;
    the last bin includes its upper edge. One bin when every value is the same."""
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers:
        return []
    low, high = min(numbers), max(numbers)
    if low == high:
        return [(low, high, len(numbers))]
    step = (high - low) / count
    counts = [0] * count
    for value in numbers:
        counts[min(int((value - low) / step), count - 1)] += 1
    return [(low + step * i, low + step * (i + 1), n) for i, n in enumerate(counts)]


def histogram(*, title: str, bins: list[tuple[Decimal, Decimal, int]], median: Decimal | None,
              median_label: str, count_label, fmt=str) -> SafeString:
    """Vertical bars, one per bin, height by how many municipalities fall in it; a dashed
    line at the median. ``count_label(n)`` words a bar's count for its tooltip."""
    plot_w, plot_h = H_WIDTH - H_LEFT - 12, H_HEIGHT - H_BOTTOM - 28
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart histogram" role="img" '
           f'viewBox="0 0 {H_WIDTH} {H_HEIGHT}" width="{H_WIDTH}" height="{H_HEIGHT}" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    if bins:
        tallest = max(n for _lo, _hi, n in bins) or 1
        low, high = bins[0][0], bins[-1][1]
        span = (high - low) or Decimal(1)
        width = Decimal(plot_w) / len(bins)
        base = 28 + plot_h
        out.append(f'<line x1="{H_LEFT}" y1="{base}" x2="{H_LEFT + plot_w}" y2="{base}" '
                   f'class="axis"/>')
        out.append(f'<text x="{H_LEFT - 6}" y="{28 + 10}" text-anchor="end" class="bar-value">'
                   f'{tallest}</text>')
        for i, (lo, hi, n) in enumerate(bins):
            x = H_LEFT + int(width * i)
            h = int(Decimal(plot_h) * n / tallest)
            tip = f"{fmt(lo)} – {fmt(hi)}: {count_label(n)}"
            out.append(f'<rect x="{x + 1}" y="{base - h}" width="{max(int(width) - 2, 1)}" '
                       f'height="{max(h, 0)}" class="rc-bar"><title>{escape(tip)}</title></rect>')
        for value, anchor in ((low, "start"), ((low + high) / 2, "middle"), (high, "end")):
            x = H_LEFT + int(Decimal(plot_w) * (value - low) / span)
            out.append(f'<text x="{x}" y="{base + 16}" text-anchor="{anchor}" '
                       f'class="bar-label">{escape(fmt(value))}</text>')
        if median is not None:
            x = H_LEFT + int(Decimal(plot_w) * (Decimal(median) - low) / span)
            anchor = "start" if x < H_LEFT + 60 else "end" if x > H_WIDTH - 80 else "middle"
            out.append(f'<line x1="{x}" y1="22" x2="{x}" y2="{base}" class="median-line"/>')
            out.append(f'<text x="{x}" y="16" text-anchor="{anchor}" class="median-label">'
                       f'{escape(median_label)} {escape(fmt(median))}</text>')
    out.append("</svg>")
    # As in bar_chart: every text went through escape(); the numbers are formatted here.
    return mark_safe("".join(out))  # noqa: S308
