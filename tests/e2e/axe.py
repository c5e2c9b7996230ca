"""axe-core (vendored under tests/e2e/vendor/axe-core, MPL-2.0) run on the page a browser test
has open, limited to the WCAG 2.0/2.1 A and AA rules and axe's best practices."""

from functools import cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (landmarks, heading order,
# one main and one h1, unique landmark names, empty table headers).
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def _source() -> str:
    return SOURCE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """The page's WCAG 2.1 AA violations, each rule with the nodes it failed on (selector and
    axe's summary). Evaluated through the DevTools protocol, not a <script> element, so the
    page's Content-Security-Policy neither blocks nor reports it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                resultTypes: ["violations"]});
        return result.violations.map((rule) => ({
            id: rule.id, impact: rule.impact, help: rule.help,
            nodes: rule.nodes.map((node) => ({target: node.target.join(" "),
                                              summary: node.failureSummary,
                                              html: node.html.slice(0, 200)})),
        }));
    }""", RULES)


def describe(url: str, found: list[dict]) -> str:
    """One readable block per page for an assertion message."""
    lines = [url]
    for rule in found:
        lines.append(f"  {rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"][:5]:
            lines.append(f"    {node['target']}  {node['html']}")
    return "\n".join(lines)
