"""A small national registry file and its codebooks in the real structure of MPSV's open data
(shared/registry: root "polozky", codebook values as {"id": "<Codebook>/<code>"}, contacts as
arrays of objects, statutory bodies, facility heads and document links present).

Values are invented. MARKERS are strings that must never reach the database: the names of
people (statutory bodies, a facility head), a document link and a secret street.
"""

import copy
import json

MARKERS = ["Statutárka Tajná", "Vedoucí Skrytý", "registry.example/rest/documents/TAJNE-1",
           "Utajená ulice"]

CODEBOOKS = {
    "druhy-socialni-sluzby.json": [
        ("DruhSocialniSluzby/3", "pečovatelská služba"),
        ("DruhSocialniSluzby/5", "tísňová péče"),
        ("DruhSocialniSluzby/7", "odlehčovací služby"),
        ("DruhSocialniSluzby/13", "domovy pro seniory"),
        ("DruhSocialniSluzby/20", "azylové domy"),
        ("DruhSocialniSluzby/34", "centrum duševního zdraví"),
        ("DruhSocialniSluzby/35", "sociální služby poskytované ve zdravotnických zařízeních "
                                  "ústavní péče"),
        ("DruhSocialniSluzby/99", "nový druh, který tabulka nezná"),
    ],
    "cilove-skupiny-osoby.json": [
        ("CilovaSkupinaOsoby/10", "osoby s chronickým onemocněním"),
        ("CilovaSkupinaOsoby/12", "oběti domácího násilí"),
        ("CilovaSkupinaOsoby/18", "osoby se zdravotním postižením"),
        ("CilovaSkupinaOsoby/24", "senioři"),
        ("CilovaSkupinaOsoby/26", "pečující osoby"),
        ("CilovaSkupinaOsoby/30", "osoby žijící s demencí"),
    ],
    "formy-soc-sluzby.json": [
        ("FormaSocialniSluzby/pob", "pobytové"),
        ("FormaSocialniSluzby/amb", "ambulantní"),
        ("FormaSocialniSluzby/ter", "terénní"),
    ],
    "kraje.json": [("Kraj/27", "Středočeský kraj", None)],
    "okresy.json": [("Okres/3201", "Benešov", "Kraj/27"), ("Okres/3299", "Jinde", "Kraj/27")],
    "obce.json": [
        ("Obec/529303", "Benešov", "Okres/3201"), ("Obec/530859", "Vlašim", "Okres/3201"),
        ("Obec/530841", "Votice", "Okres/3201"), ("Obec/999998", "Jinde mimo okres", "Okres/3299"),
        ("Obec/999999", "Jiné město", "Okres/3299"),
    ],
}


def codebook_files() -> list[tuple[str, bytes]]:
    files = []
    for name, entries in CODEBOOKS.items():
        items = []
        for entry in entries:
            item = {"id": entry[0], "nazev": {"cs": entry[1]}}
            if len(entry) > 2 and entry[2]:
                key = "kraj" if entry[2].startswith("Kraj/") else "okres"
                item[key] = {"id": entry[2]}
            items.append(item)
        files.append((name, json.dumps({"polozky": items}, ensure_ascii=False).encode()))
    return files


def _address(obec: str, okres: str, street: str, number: int, psc: str) -> dict:
    return {"cisloDomovni": number, "cisloOrientacni": None, "dodatekAdresy": None,
            "kodAdresnihoMista": 99000000 + number, "psc": psc,
            "typCislaDomovniho": {"id": "TypStavebnihoObjektu/1"}, "kraj": {"id": "Kraj/27"},
            "okres": {"id": okres}, "obec": {"id": obec}, "castObce": None,
            "mestskyObvodMestskaCast": None, "mestskyObvodVPraze": None,
            "ulice": {"nazev": street}}


def _provider(number: str, name: str, *, web="", email="", phone="") -> dict:
    return {"id": f"Poskytovatel/{number}", "nazev": name, "ico": number,
            "pravniForma": {"id": "FormaPravniSubjektivity/706"},
            "weby": [{"web": web, "poznamka": None}] if web else [],
            "emaily": [{"email": email, "poznamka": None}] if email else [],
            "telefony": [{"telefon": phone, "poznamka": None}] if phone else [],
            "statutarniOrgany": [{"titulPred": "Mgr.", "jmeno": "Statutárka",
                                  "prijmeni": "Tajná", "titulZa": None,
                                  "funkce": "ředitelka"}]}


def _form(code: str, *capacities) -> dict:
    return {"forma": {"id": f"FormaSocialniSluzby/{code}"}, "nepretrzitePoskytovani": False,
            "casoveRozsahy": None,
            "kapacity": [{"pocet": n, "popis": f"Kapacita {n}.",
                          "typ": {"id": f"TypKapacitySocialniSluzby/{unit}"}}
                         for n, unit in capacities]}


def _service(identifier: str, type_id: int, facilities: list, provider: dict, forms: list,
             groups: list, *, ends=None, scope=None, web="", email="", phone="",
             documents=False) -> dict:
    return {
        "portalId": int(identifier), "id": f"SocialniSluzba/{identifier}",
        "identifikator": identifier, "datumPoskytovaniOd": "2015-01-01",
        "datumPoskytovaniDo": ends, "kontaktniAdresy": [],
        "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{type_id}"},
        "zarizeni": facilities, "poskytovatel": provider,
        "emaily": [{"email": email, "poznamka": None}] if email else [],
        "telefony": [{"telefon": phone, "poznamka": "recepce"}] if phone else [],
        "faxy": [], "weby": [{"web": web, "poznamka": None}] if web else [],
        "ciloveSkupiny": [{"id": f"CilovaSkupinaOsoby/{g}"} for g in groups],
        "vekoveSkupiny": [{"id": "VekovaSkupinaOsoby/8"}],
        "doplnujiciInformaceVekoveSkupiny": None, "formy": forms,
        "rozsirenePusobnostiVKraji": scope or [],
        "doplnkoveUdaje": {"realizacePoskytovani": [{"priloha": {
            "nazev": "popis.pdf",
            "url": "https://registry.example/rest/documents/TAJNE-1"}}]} if documents else {},
    }


def _facility(name: str, address: dict | None, *, hidden=False, ends=None, head=False) -> dict:
    facility = {"nazev": name, "poskytujeOd": "2015-01-01", "poskytujeDo": ends,
                "utajenaAdresa": hidden, "adresa": address}
    if head:
        facility["vedouci"] = {"jmeno": "Vedoucí", "prijmeni": "Skrytý"}
    return facility


def national() -> dict:
    """The national file: what each service is there to show is in its comment."""
    home = _provider("99000011", "Vzorový spolek pro seniory, z. s.",
                     web="https://seniori.example", email="info@seniori.example",
                     phone="317000001")
    ops = _provider("99000022", "Ukázková o. p. s.", email="ops@vzor.example",
                    phone="317000010")
    charita = _provider("99000033", "Vzorová charita", web="https://charita.example",
                        email="charita@charita.example", phone="317000020")
    line = _provider("99000055", "Krajská tísňová linka, z. ú.", web="https://tisnova.example",
                     email="info@tisnova.example", phone="800000000")
    far = _provider("99000066", "Jiný poskytovatel", email="jiny@vzor.example",
                    phone="317000060")
    return {"polozky": [
        # A provider with statutory bodies, a facility head and document links; service-level
        # contacts; two target groups.
        _service("9000001", 13, [_facility("Domov seniorů Vzorová",
                                           _address("Obec/529303", "Okres/3201", "Vzorová",
                                                    1001, "25601"), head=True)],
                 home, [_form("pob", (32, "luzka"))], [24, 30],
                 web="https://domov.seniori.example", email="domov@seniori.example",
                 phone="317000002", documents=True),
        # Two forms, each with its capacity; no service contacts (the provider's are used); a
        # registered scope naming an obec.
        _service("9000002", 3, [_facility("Pečovatelská služba Vlašim",
                                          _address("Obec/530859", "Okres/3201", "Ukázková",
                                                   502, "25801"))],
                 ops, [_form("ter", (120, "klient")), _form("amb", (6, "klient"))], [24, 10],
                 scope=[{"obec": {"id": "Obec/530841"}}]),
        # A hidden address (a shelter): the registry still names the obec, never publish it.
        _service("9000003", 20, [_facility("Azylový dům pro matky s dětmi",
                                           _address("Obec/529303", "Okres/3201",
                                                    "Utajená ulice", 13, "25601"),
                                           hidden=True)],
                 charita, [_form("pob", (8, "luzka"))], [12], phone="317000021"),
        # An ended service.
        _service("9000004", 7, [_facility("Odlehčovací služba Votice",
                                           _address("Obec/530841", "Okres/3201",
                                                    "Vzorové náměstí", 10, "25901"),
                                           ends="2023-12-31")],
                 charita, [_form("pob", (5, "luzka"))], [24], ends="2023-12-31"),
        # A region-wide service: the facility is elsewhere, the scope is the whole kraj; one
        # target group has no Komplan counterpart.
        _service("9000005", 5, [_facility("Tísňová péče", _address(
            "Obec/999999", "Okres/3299", "Jinde", 1, "10000"))], line,
                 [_form("ter", (400, "hovor"))], [24, 18],
                 scope=[{"kraj": {"id": "Kraj/27"}}]),
        # Elsewhere, no scope: concerns nobody in okres Benešov.
        _service("9000006", 13, [_facility("Domov seniorů mimo území", _address(
            "Obec/999998", "Okres/3299", "Cizí", 7, "11000"))], far,
                 [_form("pob", (60, "luzka"))], [24]),
        # A type with no counterpart in the legal taxonomy: reported, not imported.
        _service("9000007", 34, [_facility("Centrum duševního zdraví Benešov", _address(
            "Obec/529303", "Okres/3201", "Nemocniční", 3, "25601"))], far,
                 [_form("amb", (50, "klient"))], [18]),
        # One facility ended (not a place any more), one open; an old name of a type.
        _service("9000008", 35, [
            _facility("Staré oddělení", _address("Obec/529303", "Okres/3201", "Stará", 4,
                                                 "25601"), ends="2020-06-30"),
            _facility("Nové oddělení", _address("Obec/529303", "Okres/3201", "Nová", 5,
                                                "25601"))],
                 far, [_form("pob", (20, "luzka"))], [24]),
        # A scope entry nobody can read: reported; the facility still places it.
        _service("9000009", 3, [_facility("Pečovatelská služba Votice", _address(
            "Obec/530841", "Okres/3201", "Komenského", 300, "25901"))], ops,
                 [_form("ter", (90, "klient"))], [24], scope=[{"neco": 1}]),
    ]}


def national_bytes(changes=None) -> bytes:
    """The file, with ``changes(data)`` applied to a copy first."""
    data = copy.deepcopy(national())
    if changes is not None:
        changes(data)
    return json.dumps(data, ensure_ascii=False).encode()


def service(data: dict, identifier: str) -> dict:
    return next(s for s in data["polozky"] if s["identifikator"] == identifier)
