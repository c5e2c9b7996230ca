"""The sk and cs message catalogues have no untranslated and no fuzzy entry."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(path for folder in ("hub", "tenants")
                    for path in (ROOT / folder).glob("**/locale/*/LC_MESSAGES/django.po")
                    if path.parts[-3] in ("sk", "cs"))
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(text: str):
    """(flags, msgid, [msgstr…]) of every live entry; obsolete (#~) ones are left out."""
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags, msgid, msgstrs, current = set(), None, [], None
        for line in lines:
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("msgid "):
                msgid, current = _STRING.search(line).group(1), "id"
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgstr"):
                msgstrs.append(_STRING.search(line).group(1))
                current = "str"
            elif line.startswith('"') and current == "id":
                msgid += _STRING.search(line).group(1)
            elif line.startswith('"') and current == "str":
                msgstrs[-1] += _STRING.search(line).group(1)
        if msgid is not None:
            yield flags, msgid, msgstrs


def test_the_parser_sees_fuzzy_and_untranslated_entries():
    sample = ('msgid ""\nmsgstr "Language: sk\\n"\n\n#, fuzzy\nmsgid "A"\nmsgstr "B"\n\n'
              'msgid "C"\nmsgstr ""\n\nmsgid "D"\nmsgid_plural "Ds"\nmsgstr[0] "x"\n'
              'msgstr[1] ""\n\n#~ msgid "old"\n#~ msgstr ""')
    found = list(entries(sample))
    assert [e[1] for e in found] == ["", "A", "C", "D"]
    assert "fuzzy" in found[1][0] and found[2][2] == [""] and found[3][2] == ["x", ""]


def test_there_are_catalogues_to_check():
    assert len(CATALOGUES) >= 16


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    problems = []
    for flags, msgid, msgstrs in entries(path.read_text(encoding="utf-8")):
        if msgid == "":
            continue
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid!r}")
        if not msgstrs or any(s == "" for s in msgstrs):
            problems.append(f"untranslated: {msgid!r}")
    assert problems == []
