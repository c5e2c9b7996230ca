"""Server-rendered SVG of the analysis (no JavaScript): the age pyramid, the trend of the 65+
and 80+ groups, and the bars of a survey question. Pure functions, data in, markup out; every
text goes through escape()."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ROW = 22
HALF = 180
MIDDLE = 64
TOP = 30


def _svg(width: int, height: int, title: str, css: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>')


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def pyramid(*, title: str, bands: list[dict], men_label: str, women_label: str) -> SafeString:
    """Men to the left, women to the right, youngest band at the bottom."""
    top = max([max(b["men"], b["women"]) for b in bands] + [1])
    width = 2 * HALF + MIDDLE
    height = TOP + ROW * len(bands) + 10
    out = [_svg(width, height, title, "pyramid"),
           f'<text x="{HALF - 4}" y="16" text-anchor="end" class="py-head">'
           f'{escape(men_label)}</text>',
           f'<text x="{HALF + MIDDLE + 4}" y="16" class="py-head">{escape(women_label)}</text>']
    for i, band in enumerate(reversed(bands)):
        y = TOP + i * ROW
        men = int(band["men"] * (HALF - 56) / top)
        women = int(band["women"] * (HALF - 56) / top)
        out.append(f'<rect x="{HALF - men}" y="{y + 2}" width="{max(men, 1)}" height="{ROW - 4}" '
                   f'class="py-men"><title>{escape(band["label"])}: '
                   f'{_number(band["men"])}</title></rect>')
        out.append(f'<text x="{HALF - men - 4}" y="{y + 15}" text-anchor="end" '
                   f'class="py-value">{_number(band["men"])}</text>')
        out.append(f'<text x="{HALF + MIDDLE // 2}" y="{y + 15}" text-anchor="middle" '
                   f'class="py-label">{escape(band["label"])}</text>')
        out.append(f'<rect x="{HALF + MIDDLE}" y="{y + 2}" width="{max(women, 1)}" '
                   f'height="{ROW - 4}" class="py-women"><title>{escape(band["label"])}: '
                   f'{_number(band["women"])}</title></rect>')
        out.append(f'<text x="{HALF + MIDDLE + women + 4}" y="{y + 15}" class="py-value">'
                   f'{_number(band["women"])}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


T_WIDTH, T_HEIGHT, T_LEFT, T_BOTTOM = 460, 240, 64, 36


def trend(*, title: str, points: list[dict], series: list[tuple[str, str]],
          missing_label: str) -> SafeString:
    """One line per (key, label) of ``series`` over the years of ``points``; a year whose
    value is missing breaks the line and is marked ``missing_label``."""
    values = [p[key] for p in points for key, _label in series if p[key] is not None]
    top = max(values + [1])
    plot_w, plot_h = T_WIDTH - T_LEFT - 20, T_HEIGHT - T_BOTTOM - 40
    step = plot_w / max(len(points) - 1, 1)
    out = [_svg(T_WIDTH, T_HEIGHT, title, "trend")]
    for tick in range(5):
        value = top * tick / 4
        y = 40 + plot_h - plot_h * tick / 4
        out.append(f'<line x1="{T_LEFT}" y1="{y:.1f}" x2="{T_WIDTH - 20}" y2="{y:.1f}" '
                   f'class="tr-grid"/><text x="{T_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'class="tr-axis">{_number(int(value))}</text>')
    for i, point in enumerate(points):
        x = T_LEFT + i * step
        out.append(f'<text x="{x:.1f}" y="{T_HEIGHT - 14}" text-anchor="middle" '
                   f'class="tr-axis">{point["year"]}</text>')
    for n, (key, label) in enumerate(series):
        path, pen_up = [], True
        for i, point in enumerate(points):
            x = T_LEFT + i * step
            if point[key] is None:
                out.append(f'<text x="{x:.1f}" y="{36 + 12 * n}" text-anchor="middle" '
                           f'class="tr-missing">{escape(missing_label)}</text>')
                pen_up = True
                continue
            y = 40 + plot_h - plot_h * point[key] / top
            path.append(f'{"M" if pen_up else "L"}{x:.1f},{y:.1f}')
            pen_up = False
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="tr-dot tr-{n}">'
                       f'<title>{escape(label)} {point["year"]}: {_number(point[key])}</title>'
                       f'</circle>')
        if path:
            out.append(f'<path d="{" ".join(path)}" class="tr-line tr-{n}"/>')
        out.append(f'<rect x="{T_LEFT + 130 * n}" y="8" width="12" height="12" '
                   f'class="tr-key tr-{n}"/><text x="{T_LEFT + 130 * n + 16}" y="18" '
                   f'class="tr-axis">{escape(label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


# Narrow enough to keep 14 px text readable when a phone scales the chart to its width.
B_WIDTH, B_LABEL, B_ROW, B_BAR = 360, 20, 44, 250


def option_bars(*, title: str, rows: list[dict], value_label) -> SafeString:
    """A needs survey's answers to one question: per option its label on one line and under
    it a bar as long as its percentage, "count (percent)" after it. Labels stand above the
    bars, not beside them, so long options stay readable on a phone."""
    height = B_ROW * max(len(rows), 1) + 8
    out = [_svg(B_WIDTH, height, title, "option-bars")]
    for i, row in enumerate(rows):
        y = i * B_ROW
        label = row["label"] if len(row["label"]) <= 48 else row["label"][:47] + "…"
        length = int(B_BAR * float(row["percent"]) / 100)
        value = value_label(row)
        out.append(f'<text x="0" y="{y + 15}" class="ob-label">{escape(label)}</text>')
        out.append(f'<rect x="0" y="{y + B_LABEL + 2}" width="{B_BAR}" height="16" '
                   f'class="ob-track"/>')
        out.append(f'<rect x="0" y="{y + B_LABEL + 2}" width="{max(length, 1)}" height="16" '
                   f'class="ob-bar"><title>{escape(row["label"])}: {escape(value)}</title>'
                   f'</rect>')
        out.append(f'<text x="{B_BAR + 8}" y="{y + B_LABEL + 15}" class="ob-value">'
                   f'{escape(value)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


# Narrow, labels above the bars: shrunk to a phone's width it stays readable. Fills are
# attributes, not classes, so the chart looks the same on a page and in a PDF (Typst reads
# no stylesheet).
G_WIDTH, G_ROW, G_BAR = 400, 46, 260


def gap_bars(*, title: str, rows: list[dict]) -> SafeString:
    """Per row of the network analysis (``label``, ``capacity``, ``required``, ``text``):
    a light bar as long as the places required and over it a dark bar as long as the
    capacity; where the dark bar stops short, places are missing."""
    top = max([max(float(r["capacity"] or 0), float(r["required"] or 0)) for r in rows] + [1])
    out = [_svg(G_WIDTH, G_ROW * max(len(rows), 1) + 8, title, "gap-bars"),
           '<g font-family="DejaVu Sans, Arial, sans-serif">']
    for i, row in enumerate(rows):
        y = i * G_ROW
        label = row["label"] if len(row["label"]) <= 54 else row["label"][:53] + "…"
        required = int(G_BAR * float(row["required"] or 0) / top)
        capacity = int(G_BAR * float(row["capacity"] or 0) / top)
        missing = (row["required"] or 0) > (row["capacity"] or 0)
        out.append(f'<text x="0" y="{y + 14}" font-size="13" fill="#222">{escape(label)}</text>')
        out.append(f'<rect x="0" y="{y + 20}" width="{max(required, 1)}" height="16" '
                   f'fill="#f3c7a5"/>')
        out.append(f'<rect x="0" y="{y + 24}" width="{max(capacity, 1)}" height="8" '
                   f'fill="{"#b4541a" if missing else "#2f6f9f"}"><title>{escape(label)}: '
                   f'{escape(row["text"])}</title></rect>')
        out.append(f'<text x="{G_BAR + 8}" y="{y + 33}" font-size="12" fill="#222">'
                   f'{escape(row["text"])}</text>')
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308
