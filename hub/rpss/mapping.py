"""The reviewed tables that map the registry's codebooks onto Komplan's vocabulary.

Service types map by name: a codebook name equal (case and diacritics folded) to the Czech
name of a type in ``hub.taxonomy`` needs no entry here. ``TYPE_NAMES`` lists the registry
names that differ from the law's wording as the taxonomy writes it, and ``TYPES_UNMAPPED`` the
ones that have no type in the taxonomy at all — reported, never guessed. Target groups map by
name to Komplan's list (``TARGET_GROUPS``); a registry group with no Komplan counterpart maps
to ``None`` and is reported on the services that carry it. Forms and capacity types are short
codes (``FormaSocialniSluzby/pob``) and map by code.

Reviewed against the codebooks as published in August–September 2026 (34 service types) and
shared/registry/README.md; README.md, "The national registry", shows these tables.
"""

# Registry names of service types that differ from hub.taxonomy's Czech names -> taxonomy code.
TYPE_NAMES = {
    # The law's wording before the 2017 amendment; older extracts still carry it.
    "socialni sluzby poskytovane ve zdravotnickych zarizenich ustavni pece": "cz-52",
    # Singular forms seen in registry exports next to the plural of the law.
    "odlehcovaci sluzba": "cz-44",
    "denni stacionar": "cz-46",
    "tydenni stacionar": "cz-47",
    "azylovy dum": "cz-57",
    "intervencni centrum": "cz-60a",
}

# Registry names with no type in the legal taxonomy (hub/taxonomy.py): reported per service.
TYPES_UNMAPPED = {
    # Added by the 2024 reform of mental health care; not among §37–§70 as the taxonomy has them.
    "centrum dusevniho zdravi",
}

# Registry target groups (cilove-skupiny-osoby.json, names folded) -> Komplan target group.
TARGET_GROUPS = {
    "seniori": "seniors",
    "osoby zijici s demenci": "dementia",
    "osoby s telesnym postizenim": "disability-physical",
    "osoby s mentalnim postizenim": "disability-intellectual",
    "osoby se sluchovym postizenim": "disability-sensory",
    "osoby se zrakovym postizenim": "disability-sensory",
    "osoby s chronickym dusevnim onemocnenim": "mental-illness",
    "osoby s chronickym onemocnenim": "chronic-illness",
    "rodiny s ditetem/detmi": "families",
    "rodiny s detmi": "families",
    "deti a mladez ve veku od 6 do 26 let ohrozene spolecensky nezadoucimi jevy": "youth",
    "pecujici osoby": "carers",
    "osoby bez pristresi": "homeless",
    "osoby v krizi": "crisis",
    "obeti domaciho nasili": "violence",
    "osoby ohrozene zavislosti nebo zavisle na navykovych latkach": "addiction",
    "osoby zijici v socialne vyloucenych komunitach": "excluded",
    "osoby zijici v socialne vyloucenych lokalitach": "excluded",
    "osoby s potrebou paliativni pece": "palliative",
    # No Komplan counterpart: the service keeps its other groups; the name is reported.
    "osoby se zdravotnim postizenim": None,
    "osoby s jinym zdravotnim postizenim": None,
    "osoby s kombinovanym postizenim": None,
    "etnicke mensiny": None,
    "imigranti a azylanti": None,
    "obeti obchodu s lidmi": None,
    "obeti trestne cinnosti": None,
    "osoby komercne zneuzivane": None,
    "osoby do 26 let veku opoustejici skolska zarizeni pro vykon ustavni pece": None,
    "osoby, ktere vedou rizikovy zpusob zivota nebo jsou timto zpusobem zivota ohrozeny": None,
    "pachatele trestne cinnosti": None,
}

# FormaSocialniSluzby/<code> -> Komplan form (hub.taxonomy forms).
FORMS = {"pob": "residential", "amb": "outpatient", "ter": "field"}

# TypKapacitySocialniSluzby/<code> -> Komplan capacity unit. "kontakt" counts contacts of
# 10 minutes, "interv" interventions of 30 minutes (the registry's own definitions).
CAPACITY_TYPES = {"luzka": "bed", "klient": "client", "kontakt": "contact",
                  "interv": "intervention", "hovor": "call"}

# Codebook id prefixes (the part before "/") -> the codebook they belong to.
CODEBOOKS = {
    "DruhSocialniSluzby": "type",
    "CilovaSkupinaOsoby": "target_group",
    "FormaSocialniSluzby": "form",
    "TypKapacitySocialniSluzby": "capacity_type",
}
