"""The national taxonomies of social services, shipped as data (no database, no tenant schema).

They are law, the same for every municipality of a country, so they belong to the platform:
the catalogue types its services with them, the regional read model stores their codes and
the coordinators' pages name them (ARCHITECTURE.md says why this is not the catalogue's).

    term(code) -> Term | None      any code: a service type, a type group, a form, a target
                                   group or a capacity unit
    Term.code, Term.kind, Term.paragraph, Term.group (code of the group, for types),
    Term.name(language) -> str     language "sk" | "cs" | "en" (falls back to English)
    name(code, language=None)      the name of any code in that (or the active) language,
                                   the code itself when it names no term
    service_types(country) -> [Term]   the types of "SK" (448/2008 Z. z.) or "CZ" (108/2006 Sb.)
    type_groups(country) -> [Term]     their groups, in the order of the law
    forms(country) -> [Term]           residential, outpatient, field (+ SK "other")
    target_groups() -> [Term], units() -> [Term]

Type codes are ``sk-<§>`` / ``cz-<§>`` (e.g. ``cz-49`` domovy pro seniory, ``sk-35`` zariadenie
pre seniorov); where the law gives a type no paragraph of its own the code carries a suffix.
Sources and caveats: shared/research/domain.md §1.3 — several paragraph numbers there are
marked "verify"; they are shipped as the research gives them.
"""

import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy

from hub import numbers

LANGUAGES = ("sk", "cs", "en")
# Stable UUIDs for HSDS (taxonomy and taxonomy_term ids): uuid5 of the code in this namespace.
NAMESPACE = uuid.UUID("8f3a2c1e-6b7d-4e0a-9c55-2f6d1b0e7a41")


@dataclass(frozen=True)
class Term:
    code: str
    kind: str  # "type", "group", "form", "target_group", "unit"
    names: dict = field(hash=False, compare=False)
    paragraph: str = ""
    group: str = ""
    country: str = ""  # "SK", "CZ" or "" for both

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names.get("en") or self.code

    @property
    def uuid(self) -> str:
        return str(uuid.uuid5(NAMESPACE, self.code))


def _t(code, kind, sk, cs, en, paragraph="", group="", country=""):
    return Term(code=code, kind=kind, names={"sk": sk, "cs": cs, "en": en},
                paragraph=paragraph, group=group, country=country)


# Slovakia, 448/2008 Z. z., §12 ---------------------------------------------------------------
_SK = [
    _t("sk-g-crisis", "group", "Sociálne služby krízovej intervencie",
       "Sociální služby krizové intervence", "Crisis intervention services", "§12 ods. 1 písm. a)"),
    _t("sk-24a", "type", "Terénna sociálna služba krízovej intervencie",
       "Terénní sociální služba krizové intervence", "Field crisis intervention service", "§24a"),
    _t("sk-24b", "type", "Nízkoprahové denné centrum", "Nízkoprahové denní centrum",
       "Low-threshold day centre", "§24b"),
    _t("sk-24c", "type", "Integračné centrum", "Integrační centrum", "Integration centre",
       "§24c"),
    _t("sk-24d", "type", "Komunitné centrum", "Komunitní centrum", "Community centre", "§24d"),
    _t("sk-25", "type", "Nocľaháreň", "Noclehárna", "Night shelter", "§25"),
    _t("sk-26", "type", "Útulok", "Útulek", "Shelter", "§26"),
    _t("sk-27", "type", "Domov na polceste", "Dům na půl cesty", "Halfway house", "§27"),
    _t("sk-28", "type", "Nízkoprahová sociálna služba pre deti a rodinu",
       "Nízkoprahová sociální služba pro děti a rodinu",
       "Low-threshold social service for children and families", "§28"),
    _t("sk-29", "type", "Zariadenie núdzového bývania", "Zařízení nouzového bydlení",
       "Emergency housing facility", "§29"),
    _t("sk-g-family", "group", "Sociálne služby na podporu rodiny s deťmi",
       "Sociální služby na podporu rodiny s dětmi", "Services supporting families with children",
       "§12 ods. 1 písm. b)"),
    _t("sk-31", "type", "Pomoc pri osobnej starostlivosti o dieťa a podpora zosúlaďovania "
       "rodinného a pracovného života", "Pomoc při osobní péči o dítě a podpora slaďování "
       "rodinného a pracovního života", "Help with personal care of a child and reconciling "
       "family and work life", "§31"),
    _t("sk-32a", "type", "Zariadenie dočasnej starostlivosti o deti",
       "Zařízení dočasné péče o děti", "Temporary childcare facility", "§32a"),
    _t("sk-32b", "type", "Zariadenie starostlivosti o deti do troch rokov veku dieťaťa",
       "Zařízení péče o děti do tří let věku", "Childcare facility for children under three",
       "§32b"),
    _t("sk-33", "type", "Služba včasnej intervencie", "Služba včasné intervence",
       "Early intervention service", "§33"),
    _t("sk-g-dependency", "group", "Sociálne služby na riešenie nepriaznivej sociálnej situácie "
       "z dôvodu ťažkého zdravotného postihnutia, nepriaznivého zdravotného stavu alebo z dôvodu "
       "dovŕšenia dôchodkového veku", "Sociální služby pro nepříznivou sociální situaci z důvodu "
       "těžkého zdravotního postižení, nepříznivého zdravotního stavu nebo důchodového věku",
       "Services for severe disability, poor health or retirement age", "§12 ods. 1 písm. c)"),
    _t("sk-34", "type", "Zariadenie podporovaného bývania", "Zařízení podporovaného bydlení",
       "Supported housing facility", "§34"),
    _t("sk-35", "type", "Zariadenie pre seniorov", "Zařízení pro seniory",
       "Residential home for seniors", "§35"),
    _t("sk-36", "type", "Zariadenie opatrovateľskej služby", "Zařízení pečovatelské služby",
       "Care service facility", "§36"),
    _t("sk-37", "type", "Rehabilitačné stredisko", "Rehabilitační středisko",
       "Rehabilitation centre", "§37"),
    _t("sk-38", "type", "Domov sociálnych služieb", "Domov sociálních služeb",
       "Social services home", "§38"),
    _t("sk-39", "type", "Špecializované zariadenie", "Specializované zařízení",
       "Specialised facility", "§39"),
    _t("sk-40", "type", "Denný stacionár", "Denní stacionář", "Day care centre", "§40"),
    _t("sk-41", "type", "Opatrovateľská služba", "Pečovatelská služba", "Home care service",
       "§41"),
    _t("sk-42", "type", "Prepravná služba", "Přepravní služba", "Transport service", "§42"),
    _t("sk-43", "type", "Sprievodcovská a predčitateľská služba",
       "Průvodcovská a předčitatelská služba", "Guide and reading service", "§43"),
    _t("sk-44", "type", "Tlmočnícka služba", "Tlumočnická služba", "Interpreting service",
       "§44"),
    _t("sk-45", "type", "Sprostredkovanie tlmočníckej služby",
       "Zprostředkování tlumočnické služby", "Arranging interpreting", "§45"),
    _t("sk-46", "type", "Sprostredkovanie osobnej asistencie",
       "Zprostředkování osobní asistence", "Arranging personal assistance", "§46"),
    _t("sk-47", "type", "Požičiavanie pomôcok", "Půjčování pomůcek", "Lending of aids", "§47"),
    _t("sk-g-telecom", "group", "Sociálne služby s použitím telekomunikačných technológií",
       "Sociální služby s využitím telekomunikačních technologií",
       "Services using telecommunication technologies", "§12 ods. 1 písm. d)"),
    _t("sk-53", "type", "Monitorovanie a signalizácia potreby pomoci",
       "Monitorování a signalizace potřeby pomoci", "Monitoring and alarm service", "§53"),
    _t("sk-53a", "type", "Krízová pomoc poskytovaná prostredníctvom telekomunikačných "
       "technológií", "Krizová pomoc prostřednictvím telekomunikačních technologií",
       "Crisis help by telephone or online", "§53a"),
    _t("sk-g-support", "group", "Podporné služby", "Podpůrné služby", "Support services",
       "§12 ods. 1 písm. e)"),
    _t("sk-54", "type", "Odľahčovacia služba", "Odlehčovací služba", "Respite care", "§54"),
    _t("sk-55", "type", "Pomoc pri zabezpečení opatrovníckych práv a povinností",
       "Pomoc při zajištění opatrovnických práv a povinností",
       "Help with guardianship rights and duties", "§55"),
    _t("sk-56", "type", "Denné centrum", "Denní centrum", "Day centre (seniors' club)", "§56"),
    _t("sk-57", "type", "Podpora samostatného bývania", "Podpora samostatného bydlení",
       "Support for independent living", "§57"),
    _t("sk-58", "type", "Jedáleň", "Jídelna", "Canteen", "§58"),
    _t("sk-59", "type", "Práčovňa", "Prádelna", "Laundry", "§59"),
    _t("sk-60", "type", "Stredisko osobnej hygieny", "Středisko osobní hygieny",
       "Personal hygiene centre", "§60"),
    _t("sk-g-counselling", "group", "Odborné činnosti poskytované samostatne",
       "Odborné činnosti poskytované samostatně", "Specialised activities provided on their own",
       "§16"),
    _t("sk-19", "type", "Špecializované sociálne poradenstvo", "Odborné sociální poradenství",
       "Specialised social counselling", "§19"),
]

# Czechia, 108/2006 Sb., part 3 ------------------------------------------------------------
_CZ = [
    _t("cz-g-counselling", "group", "Sociálne poradenstvo", "Sociální poradenství",
       "Social counselling", "§37"),
    _t("cz-37", "type", "Odborné sociálne poradenstvo", "Odborné sociální poradenství",
       "Specialised social counselling", "§37"),
    _t("cz-g-care", "group", "Služby sociálnej starostlivosti", "Služby sociální péče",
       "Social care services", "§38"),
    _t("cz-39", "type", "Osobná asistencia", "Osobní asistence", "Personal assistance", "§39"),
    _t("cz-40", "type", "Opatrovateľská služba", "Pečovatelská služba", "Home care service",
       "§40"),
    _t("cz-41", "type", "Tiesňová starostlivosť", "Tísňová péče", "Emergency alarm service",
       "§41"),
    _t("cz-42", "type", "Sprievodcovské a predčitateľské služby",
       "Průvodcovské a předčitatelské služby", "Guide and reading services", "§42"),
    _t("cz-43", "type", "Podpora samostatného bývania", "Podpora samostatného bydlení",
       "Support for independent living", "§43"),
    _t("cz-44", "type", "Odľahčovacie služby", "Odlehčovací služby", "Respite care", "§44"),
    _t("cz-45", "type", "Centrá denných služieb", "Centra denních služeb", "Day service centres",
       "§45"),
    _t("cz-46", "type", "Denné stacionáre", "Denní stacionáře", "Day care centres", "§46"),
    _t("cz-47", "type", "Týždenné stacionáre", "Týdenní stacionáře", "Weekly care centres",
       "§47"),
    _t("cz-48", "type", "Domovy pre osoby so zdravotným postihnutím",
       "Domovy pro osoby se zdravotním postižením", "Homes for people with disabilities", "§48"),
    _t("cz-49", "type", "Domovy pre seniorov", "Domovy pro seniory", "Homes for seniors", "§49"),
    _t("cz-50", "type", "Domovy so zvláštnym režimom", "Domovy se zvláštním režimem",
       "Homes with a special regime", "§50"),
    _t("cz-51", "type", "Chránené bývanie", "Chráněné bydlení", "Sheltered housing", "§51"),
    _t("cz-52", "type", "Sociálne služby poskytované v zdravotníckych zariadeniach lôžkovej "
       "starostlivosti", "Sociální služby poskytované ve zdravotnických zařízeních lůžkové péče",
       "Social services in inpatient health care facilities", "§52"),
    _t("cz-g-prevention", "group", "Služby sociálnej prevencie", "Služby sociální prevence",
       "Social prevention services", "§53"),
    _t("cz-54", "type", "Raná starostlivosť", "Raná péče", "Early intervention", "§54"),
    _t("cz-55", "type", "Telefonická krízová pomoc", "Telefonická krizová pomoc",
       "Crisis helpline", "§55"),
    _t("cz-56", "type", "Tlmočnícke služby", "Tlumočnické služby", "Interpreting services",
       "§56"),
    _t("cz-57", "type", "Azylové domy", "Azylové domy", "Shelters", "§57"),
    _t("cz-58", "type", "Domy na pol cesty", "Domy na půl cesty", "Halfway houses", "§58"),
    _t("cz-59", "type", "Kontaktné centrá", "Kontaktní centra", "Contact centres (drugs)",
       "§59"),
    _t("cz-60", "type", "Krízová pomoc", "Krizová pomoc", "Crisis help", "§60"),
    _t("cz-60a", "type", "Intervenčné centrá", "Intervenční centra",
       "Intervention centres (domestic violence)", "§60a"),
    _t("cz-61", "type", "Nízkoprahové denné centrá", "Nízkoprahová denní centra",
       "Low-threshold day centres", "§61"),
    _t("cz-62", "type", "Nízkoprahové zariadenia pre deti a mládež",
       "Nízkoprahová zařízení pro děti a mládež", "Low-threshold facilities for children and "
       "youth", "§62"),
    _t("cz-63", "type", "Nocľahárne", "Noclehárny", "Night shelters", "§63"),
    _t("cz-64", "type", "Služby následnej starostlivosti", "Služby následné péče",
       "Aftercare services", "§64"),
    _t("cz-65", "type", "Sociálne aktivizačné služby pre rodiny s deťmi",
       "Sociálně aktivizační služby pro rodiny s dětmi",
       "Social activation services for families with children", "§65"),
    _t("cz-66", "type", "Sociálne aktivizačné služby pre seniorov a osoby so zdravotným "
       "postihnutím", "Sociálně aktivizační služby pro seniory a osoby se zdravotním postižením",
       "Social activation services for seniors and people with disabilities", "§66"),
    _t("cz-67", "type", "Sociálne terapeutické dielne", "Sociálně terapeutické dílny",
       "Social therapy workshops", "§67"),
    _t("cz-68", "type", "Terapeutické komunity", "Terapeutické komunity",
       "Therapeutic communities", "§68"),
    _t("cz-69", "type", "Terénne programy", "Terénní programy", "Outreach programmes", "§69"),
    _t("cz-70", "type", "Sociálna rehabilitácia", "Sociální rehabilitace",
       "Social rehabilitation", "§70"),
]

_FORMS = [
    _t("residential", "form", "pobytová", "pobytová", "residential", "SK §13, CZ §33"),
    _t("outpatient", "form", "ambulantná", "ambulantní", "outpatient", "SK §13, CZ §33"),
    _t("field", "form", "terénna", "terénní", "field (outreach)", "SK §13, CZ §33"),
    _t("other", "form", "iná forma", "jiná forma", "other form", "SK §13", country="SK"),
]

# One list for both countries (codes are shared so regional figures compare across borders);
# close to the CZ codebook cilove-skupiny-osoby and the groups SK plans use.
_TARGET_GROUPS = [
    _t("seniors", "target_group", "seniori", "senioři", "seniors"),
    _t("dementia", "target_group", "osoby s demenciou", "osoby s demencí",
       "people living with dementia"),
    _t("disability-physical", "target_group", "osoby s telesným postihnutím",
       "osoby s tělesným postižením", "people with a physical disability"),
    _t("disability-intellectual", "target_group", "osoby s mentálnym postihnutím",
       "osoby s mentálním postižením", "people with an intellectual disability"),
    _t("disability-sensory", "target_group", "osoby so zmyslovým postihnutím",
       "osoby se smyslovým postižením", "people with a sensory disability"),
    _t("mental-illness", "target_group", "osoby s duševným ochorením",
       "osoby s chronickým duševním onemocněním", "people with a mental illness"),
    _t("chronic-illness", "target_group", "osoby s chronickým ochorením",
       "osoby s chronickým onemocněním", "people with a chronic illness"),
    _t("families", "target_group", "rodiny s deťmi", "rodiny s dítětem/dětmi",
       "families with children"),
    _t("youth", "target_group", "deti a mládež ohrozené sociálne nežiaducimi javmi",
       "děti a mládež ohrožené společensky nežádoucími jevy", "children and young people at risk"),
    _t("carers", "target_group", "opatrujúce osoby", "pečující osoby", "carers"),
    _t("homeless", "target_group", "osoby bez prístrešia", "osoby bez přístřeší",
       "homeless people"),
    _t("crisis", "target_group", "osoby v krízovej situácii", "osoby v krizi",
       "people in crisis"),
    _t("violence", "target_group", "obete domáceho násilia", "oběti domácího násilí",
       "victims of domestic violence"),
    _t("addiction", "target_group", "osoby ohrozené závislosťou", "osoby ohrožené závislostí",
       "people with or at risk of addiction"),
    _t("debt", "target_group", "osoby v dlhovej pasci", "osoby v dluhové pasti",
       "people in debt"),
    _t("excluded", "target_group", "osoby v marginalizovaných komunitách",
       "osoby žijící v sociálně vyloučených lokalitách", "people in excluded communities"),
    _t("palliative", "target_group", "osoby s potrebou paliatívnej starostlivosti",
       "osoby s potřebou paliativní péče", "people needing palliative care"),
]

_UNITS = [
    _t("bed", "unit", "lôžka", "lůžka", "beds"),
    _t("client", "unit", "klienti", "klienti", "clients"),
    _t("contact", "unit", "kontakty", "kontakty", "contacts"),
    _t("intervention", "unit", "intervencie", "intervence", "interventions"),
    _t("call", "unit", "hovory", "hovory", "calls"),
]

# The unit after a number, in the grammatical number sk/cs need: (1, 2–4, 0 and 5+) —
# "1 lôžko", "3 lôžka", "40 lôžok"; the names above are the plural used alone and in
# imports. English needs only one and other.
_UNIT_COUNTED = {
    "bed": {"sk": ("lôžko", "lôžka", "lôžok"), "cs": ("lůžko", "lůžka", "lůžek"),
            "en": ("bed", "beds", "beds")},
    "client": {"sk": ("klient", "klienti", "klientov"), "cs": ("klient", "klienti", "klientů"),
               "en": ("client", "clients", "clients")},
    "contact": {"sk": ("kontakt", "kontakty", "kontaktov"),
                "cs": ("kontakt", "kontakty", "kontaktů"),
                "en": ("contact", "contacts", "contacts")},
    "intervention": {"sk": ("intervencia", "intervencie", "intervencií"),
                     "cs": ("intervence", "intervence", "intervencí"),
                     "en": ("intervention", "interventions", "interventions")},
    "call": {"sk": ("hovor", "hovory", "hovorov"), "cs": ("hovor", "hovory", "hovorů"),
             "en": ("call", "calls", "calls")},
}


def unit_counted(code: str, count: int, language: str) -> str:
    """A capacity unit's name agreeing with ``count`` in ``language``."""
    forms = _UNIT_COUNTED.get(code, {}).get(language[:2])
    if forms is None:
        return name(code, language)
    return numbers.plural_form(count, forms, language)


def unit_forms() -> dict[str, tuple]:
    """{unit code: every counted form in every language}, so imports accept "120 klientov"."""
    return {code: tuple(f for forms in by_language.values() for f in forms)
            for code, by_language in _UNIT_COUNTED.items()}


def _assign_groups(terms, country):
    out, group = [], ""
    for t in terms:
        if t.kind == "group":
            group = t.code
            out.append(Term(t.code, t.kind, t.names, t.paragraph, "", country))
        else:
            out.append(Term(t.code, t.kind, t.names, t.paragraph, group, country))
    return out


_ALL = _assign_groups(_SK, "SK") + _assign_groups(_CZ, "CZ") + _FORMS + _TARGET_GROUPS + _UNITS
_BY_CODE = {t.code: t for t in _ALL}
if len(_BY_CODE) != len(_ALL):
    raise ImportError("taxonomy codes must be unique")

TAXONOMIES = {
    # HSDS taxonomies: code -> names
    "SK": {"sk": "Druhy sociálnych služieb (448/2008 Z. z.)",
           "cs": "Druhy sociálních služeb (SK, 448/2008 Z. z.)",
           "en": "Types of social services (SK, Act 448/2008)"},
    "CZ": {"sk": "Druhy sociálnych služieb (CZ, 108/2006 Sb.)",
           "cs": "Druhy sociálních služeb (108/2006 Sb.)",
           "en": "Types of social services (CZ, Act 108/2006)"},
    "form": {"sk": "Formy sociálnych služieb", "cs": "Formy sociálních služeb",
             "en": "Forms of social services"},
    "target_group": {"sk": "Cieľové skupiny", "cs": "Cílové skupiny", "en": "Target groups"},
}


def term(code: str) -> Term | None:
    return _BY_CODE.get(code)


def name(code: str, language: str | None = None) -> str:
    """The term's name in ``language`` (by default the active one), or the code itself when
    no term has it."""
    found = term(code)
    if found is None:
        return code
    return found.name(language or (get_language() or "sk")[:2])


@lru_cache
def service_types(country: str) -> tuple:
    return tuple(t for t in _ALL if t.kind == "type" and t.country == country)


@lru_cache
def type_groups(country: str) -> tuple:
    return tuple(t for t in _ALL if t.kind == "group" and t.country == country)


@lru_cache
def forms(country: str = "") -> tuple:
    return tuple(t for t in _FORMS if not t.country or not country or t.country == country)


@lru_cache
def target_groups() -> tuple:
    return tuple(_TARGET_GROUPS)


@lru_cache
def units() -> tuple:
    return tuple(_UNITS)


def taxonomy_of(code: str) -> str:
    """The HSDS taxonomy a term belongs to: "SK", "CZ", "form" or "target_group"."""
    found = term(code)
    if found is None:
        return ""
    if found.kind in ("type", "group"):
        return found.country
    return found.kind


def taxonomy_uuid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy:{key}"))


def choices(terms, language: str) -> list:
    return [(t.code, t.name(language)) for t in terms]


# The eight areas of the MPSV's "Kritéria kvality plánování sociálních služeb" (CZ), used with
# the same structure for Slovak community plans (448/2008 Z. z. § 83). Their criteria are the
# funding app's data (tenants/funding/quality.py); the codes and names are here because the
# regional read model stores scores by area code and the coordinators' pages name the areas.
QUALITY_AREAS = [
    ("legitimacy", gettext_lazy("Legitimacy")),
    ("situation", gettext_lazy("Description of the current situation")),
    ("competence", gettext_lazy("Qualification and competence")),
    ("management", gettext_lazy("Process management")),
    ("involvement", gettext_lazy("Involvement")),
    ("development", gettext_lazy("Development plan")),
    ("information", gettext_lazy("Information")),
    ("improvement", gettext_lazy("Quality improvement")),
]


def quality_area_name(code: str) -> str:
    return str(dict(QUALITY_AREAS).get(code, code))
