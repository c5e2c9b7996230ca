"""Facts about the demo municipalities, taken from their public pages in shared/seeds/.

Populations (the 65+ counts estimated from national age shares) and identifiers are rounded
public figures, for demonstration only; where a seed page names no contact, none is invented.
"""

DEMO_PASSWORD = "Komplan-demo-2026"

# Territorial units the demo needs (level, code, name, parent code), as the Czech registry's
# codebooks give them (shared/registry: Benešov 529303, Vlašim 530859, Votice 530841, okres
# Benešov 3201, Středočeský kraj 27) and the Slovak statistical office's municipality codes.
TERRITORY = {
    "CZ": [
        ("region", "27", "Středočeský kraj", None),
        ("district", "3201", "Benešov", "27"),
        ("municipality", "529303", "Benešov", "3201"),
        ("municipality", "530859", "Vlašim", "3201"),
        ("municipality", "530841", "Votice", "3201"),
    ],
    "SK": [
        ("municipality", "582000", "Bratislava", None),
        ("municipality", "508438", "Banská Bystrica", None),
    ],
}

REGIONS = [
    # code, name, kind, country, parent code, territorial unit code
    ("sk-bratislavsky-kraj", "Bratislavský kraj", "region", "SK", None, None),
    ("sk-banskobystricky-kraj", "Banskobystrický kraj", "region", "SK", None, None),
    ("sk-nitriansky-kraj", "Nitriansky kraj", "region", "SK", None, None),
    ("cz-stredocesky-kraj", "Středočeský kraj", "region", "CZ", None, "27"),
    ("sk-okres-bratislava", "Bratislava", "district", "SK", "sk-bratislavsky-kraj", None),
    ("sk-okres-banska-bystrica", "Okres Banská Bystrica", "district", "SK", "sk-banskobystricky-kraj", None),
    ("sk-okres-nove-zamky", "Okres Nové Zámky", "district", "SK", "sk-nitriansky-kraj", None),
    # The seeds plan for the okres Benešov as a whole ("na okrese Benešov"), led by its ORP.
    ("cz-orp-benesov", "ORP Benešov", "district", "CZ", "cz-stredocesky-kraj", "3201"),
]

MUNICIPALITIES = [
    {
        "slug": "bratislava", "name": "Hlavné mesto SR Bratislava", "kind": "capital",
        "country": "SK", "population": 475503, "population_65": 90300, "ico": "00603481",
        "kpss_email": "kpss@bratislava.sk", "district": "sk-okres-bratislava",
        "territory": "582000",
    },
    {
        "slug": "banska-bystrica", "name": "Banská Bystrica", "kind": "town",
        "country": "SK", "population": 76018, "population_65": 16100, "ico": "00313271",
        "kpss_email": "kpssbb@banskabystrica.sk", "district": "sk-okres-banska-bystrica",
        "territory": "508438",
    },
    {
        "slug": "banov", "name": "Bánov", "kind": "village", "country": "SK",
        "population": 2900, "population_65": 560, "ico": "", "kpss_email": "",
        "district": "sk-okres-nove-zamky",
    },
    {
        "slug": "benesov", "name": "ORP Benešov", "kind": "district", "country": "CZ",
        "population": 60800, "population_65": 12600, "ico": "00231401",
        "kpss_email": "skoulova@benesov-city.cz",
        "district": "cz-orp-benesov", "territory": "3201",
    },
    {
        "slug": "vlasim", "name": "Vlašim", "kind": "town", "country": "CZ",
        "population": 11400, "population_65": 2450, "ico": "00232947", "kpss_email": "",
        "district": "cz-orp-benesov", "territory": "530859",
    },
    {
        "slug": "votice", "name": "Votice", "kind": "town", "country": "CZ",
        "population": 4600, "population_65": 1000, "ico": "", "kpss_email": "",
        "district": "cz-orp-benesov", "territory": "530841",
    },
]

# (e-mail, {slug: role}, [coordinated area codes], operator?)
ACCOUNTS = (
    [("operator@komplan.test", {}, [], True)]
    + [(f"{m['slug']}.{role}@komplan.test", {m["slug"]: role}, [], False)
       for m in MUNICIPALITIES for role in ("admin", "editor", "viewer")]
    + [
        ("orp.benesov@komplan.test", {"benesov": "admin", "vlasim": "editor", "votice": "editor"},
         [], False),
        ("koordinator.bsk@komplan.test", {}, ["sk-bratislavsky-kraj"], False),
        ("koordinator.bbsk@komplan.test", {}, ["sk-banskobystricky-kraj"], False),
        ("koordinator.nsk@komplan.test", {}, ["sk-nitriansky-kraj"], False),
        ("koordinator.stc@komplan.test", {}, ["cz-stredocesky-kraj"], False),
        ("koordinator.orp-benesov@komplan.test", {}, ["cz-orp-benesov"], False),
    ]
)
