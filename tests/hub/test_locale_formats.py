"""Numbers, money, counted units and dates as people of each language write them (#14 point
5), and CSV files in the reader's conventions: sk/cs ";" and a decimal comma with a
byte-order mark; open data stays RFC 4180 with points."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, translation

from hub import numbers, taxonomy
from hub.csv_locale import Dialect

NB = "\xa0"


@pytest.mark.parametrize("language,value,digits,expected", [
    ("sk", Decimal("28.00"), None, "28"),          # was "28,00 osôb"
    ("sk", "120.0", None, "120"),                  # a target stored as text, was "120.0"
    ("sk", Decimal("1234.5"), None, f"1{NB}234,5"),
    ("cs", 1234567, None, f"1{NB}234{NB}567"),
    ("cs", Decimal("0.125"), None, "0,13"),
    ("sk", 7.5, 1, "7,5"),
    ("en", Decimal("1234.5"), None, "1,234.5"),
    ("sk", None, None, "—"),
    ("sk", "n/a", None, "n/a"),
])
def test_numbers(language, value, digits, expected):
    with translation.override(language):
        assert numbers.number(value, digits) == expected


@pytest.mark.parametrize("language,country,expected", [
    ("sk", "SK", f"1{NB}234,50{NB}€"),
    ("cs", "CZ", f"1{NB}234,50{NB}Kč"),
    ("en", "SK", "€1,234.50"),
    ("en", "CZ", "CZK 1,234.50"),
])
def test_money(language, country, expected):
    with translation.override(language):
        assert numbers.money(Decimal("1234.5"), country) == expected
        assert numbers.money(None, country) == "—"


@pytest.mark.parametrize("count,language,expected", [
    (1, "sk", "lôžko"), (2, "sk", "lôžka"), (4, "sk", "lôžka"), (5, "sk", "lôžok"),
    (0, "sk", "lôžok"), (1234, "sk", "lôžok"), (Decimal("2.5"), "sk", "lôžka"),
    (5, "cs", "lůžek"), (1, "en", "bed"), (3, "en", "beds"),
])
def test_counted_units_agree_with_their_number(count, language, expected):
    """One rule (hub.numbers.plural_form) for every counted unit."""
    assert taxonomy.unit_counted("bed", count, language) == expected


def test_short_dates_are_written_as_templates_write_them():
    day = datetime.date(2028, 1, 1)
    for language in ("sk", "cs"):
        with translation.override(language):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "1. 1. 2028"
            # and typed back, both ways
            field_formats = formats.get_format("DATE_INPUT_FORMATS")
            parsed = {datetime.datetime.strptime(text, f).date()
                      for text in ("1. 1. 2028", "01.01.2028") for f in field_formats
                      if _parses(text, f)}
            assert parsed == {day}


def _parses(text, fmt):
    try:
        datetime.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def test_a_service_message_names_the_day_as_the_page_does(alfa):
    """The approval refused during the public discussion says "do 31. 1. 2028"."""
    from django.core.exceptions import ValidationError
    from django_tenants.utils import tenant_context

    from tenants.plans import services
    from tests.conftest import account
    from tests.tenants.plans.builders import plan_with_tree

    with tenant_context(alfa), translation.override("sk"):
        user = account("alfa.editor@test.sk")
        plan, _tree = plan_with_tree(user, title="Plán", year_from=2028, year_to=2032)
        services.plan_transition(user=user, plan=plan, action="start_discussion",
                                 discussion_from=datetime.date(2028, 1, 1),
                                 discussion_to=datetime.date(2028, 1, 31))
        with pytest.raises(ValidationError) as caught:
            services.plan_transition(user=user, plan=plan, action="approve",
                                     resolution_number="1/2028",
                                     resolution_date=datetime.date(2028, 1, 20),
                                     on_date=datetime.date(2028, 1, 21))
    assert "31. 1. 2028" in " ".join(caught.value.messages)


@pytest.mark.parametrize("language,delimiter,cell", [
    ("sk", ";", "7,5"), ("cs", ";", "7,5"), ("en", ",", "7.5")])
def test_csv_dialect_follows_the_language(language, delimiter, cell):
    with translation.override(language):
        dialect = Dialect()
    assert dialect.delimiter == delimiter
    assert dialect.value(7.5) == cell and dialect.value(Decimal("7.50")) == cell + "0"
    assert dialect.value(1234) == "1234"  # never grouped: a spreadsheet reads it as a number
    assert dialect.value(datetime.date(2028, 1, 1)) == "2028-01-01"
    assert dialect.value(None) == ""


def test_catalogue_export_in_czech_uses_semicolons_and_decimal_commas_and_reads_back(alfa):
    """A Czech editor's CSV opens in Excel with its columns and coordinates as numbers; the
    import reads that same file back without a change."""
    import csv
    import io

    from django_tenants.utils import tenant_context

    from tenants.catalogue import tabular
    from tests.conftest import account
    from tests.tenants.catalogue.builders import provider, service

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        service(provider(user), user)  # at 48.735, 19.146
        with translation.override("cs"):
            data = tabular.export_csv()
        with translation.override("en"):
            english = tabular.export_csv()
        text = data.decode("utf-8")
        assert text.startswith("\ufeff") and data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert rows[0]["latitude"] == "48,735000" and rows[0]["longitude"] == "19,146000"
        english_rows = list(csv.DictReader(io.StringIO(english.decode("utf-8-sig"))))
        assert english_rows[0]["name"] == rows[0]["name"]
        result = tabular.catalogue_import(user=user, rows=tabular.read_table(data),
                                          commit=True)
        assert not result.errors and result.created == 0, result.errors
