"""Numbers, money and counted units for people, in the active language (sk/cs: "1 234,50 €")."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, translation

#: The currency of each country's public budgets.
CURRENCY = {"SK": "€", "CZ": "Kč"}
_ENGLISH_CURRENCY = {"SK": "€", "CZ": "CZK "}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", ".").replace("\xa0", "").replace(" ", ""))
    except InvalidOperation:
        return None


def number(value, digits: int | None = None) -> str:
    """``value`` written with the language's separators, always grouped by thousands (a
    non-breaking space in sk/cs): ``digits`` decimals, or — when None — as many as it has,
    up to two, without trailing zeros ("28", "12,5", "1 234,56"). Text that is not a number
    comes back as it is; None as "—"."""
    if value is None or value == "":
        return "—"
    amount = _decimal(value)
    if amount is None:
        return str(value)
    if digits is None:
        amount = amount.quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
        digits = max(0, -amount.as_tuple().exponent)
    return formats.number_format(amount, digits, use_l10n=True, force_grouping=True)


def money(value, country: str = "SK") -> str:
    """An amount with two decimals and the country's currency: "1 234,50 €", "1 234,50 Kč";
    in English "€1,234.50", "CZK 1,234.50"."""
    if value is None or value == "":
        return "—"
    text = number(value, 2)
    country = (country or "SK").upper()
    if (translation.get_language() or "sk")[:2] == "en":
        return f"{_ENGLISH_CURRENCY.get(country, '€')}{text}"
    return f"{text}\xa0{CURRENCY.get(country, '€')}"


def plural_form(count, forms: tuple[str, str, str], language: str | None = None) -> str:
    """The form of a counted word (one, two to four, five and more): sk/cs "1 lôžko, 2 lôžka,
    5 lôžok"; a fraction takes the middle form ("2,5 lôžka"); English has one and many
    (the forms' first and last)."""
    language = (language or translation.get_language() or "sk")[:2]
    amount = _decimal(count)
    if amount is None:
        return forms[2]
    if amount != amount.to_integral_value():
        return forms[1] if language in ("sk", "cs") else forms[2]
    whole = abs(int(amount))
    if whole == 1:
        return forms[0]
    if language in ("sk", "cs") and 2 <= whole <= 4:
        return forms[1]
    return forms[2]

