"""What other apps say about the plan's measures (their AppConfig ``measure_notes``): the
analysis names the gap of the optimal network a measure addresses and how it changed."""

from hub import plugins


def measure_notes(measure_ids, *, public: bool) -> dict[int, list[str]]:
    """{measure id: [line]} gathered from every app that offers notes."""
    ids = list(measure_ids)
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for _config, notes in plugins.offered("measure_notes"):
        for pk, lines in notes(ids, public=public).items():
            found.setdefault(pk, []).extend(lines)
    return found
