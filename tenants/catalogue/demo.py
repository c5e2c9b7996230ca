"""Demo catalogues (demo mode only; every row is marked is_demo and says "ukázka/ukážka").

ORP Benešov is three tenants (benesov = the ORP, vlasim, votice). One list of about 40
services describes the whole ORP, each with its town; the ORP tenant gets all of them (its
catalogue is the ORP's, as the plan is), Vlašim and Votice get the services located in or
covering their town — so one service shows the same in every catalogue that lists it, as the
national registry would give it. Banská Bystrica gets about 30 SK services.
Names, identifiers and figures are invented but plausible; IČO start with 99 so they cannot
be mistaken for real ones.
"""

import zlib

from django.db import transaction

from tenants.catalogue import services
from tenants.catalogue.models import Provider, Service

WEEKDAYS = "Po-Pá 07:30-15:30"
OFFICE = "Po 08:00-17:00; St 08:00-17:00; Pá 08:00-12:00"

# key: (name, legal form, IČO, web, e-mail, phone, registered address)
CZ_PROVIDERS = {
    "charita": ("Oblastní charita Benešovsko (ukázka)", "evidovaná právnická osoba", "99100001",
                "https://charita-benesovsko.example", "info@charita-benesovsko.example",
                "+420 317 000 101", "Masarykovo náměstí 12, 256 01 Benešov"),
    "pecovatelska": ("Pečovatelská služba města Benešov (ukázka)", "příspěvková organizace",
                     "99100002", "https://ps-benesov.example", "ps@ps-benesov.example",
                     "+420 317 000 102", "Jiráskova 1870, 256 01 Benešov"),
    "domov-benesov": ("Domov seniorů Benešov (ukázka)", "příspěvková organizace", "99100003",
                      "https://domov-benesov.example", "domov@domov-benesov.example",
                      "+420 317 000 103", "Ke Stráži 2100, 256 01 Benešov"),
    "domov-vlasim": ("Domov Vlašim (ukázka)", "příspěvková organizace", "99100004",
                     "https://domov-vlasim.example", "info@domov-vlasim.example",
                     "+420 317 000 104", "Blanická 1001, 258 01 Vlašim"),
    "votice": ("Sociální služby Votice (ukázka)", "příspěvková organizace", "99100005",
               "https://ss-votice.example", "ss@ss-votice.example", "+420 317 000 105",
               "Komenského 300, 259 01 Votice"),
    "rodina": ("Rodinné centrum Klubíčko (ukázka)", "spolek", "99100006",
               "https://klubicko.example", "klubicko@klubicko.example", "+420 317 000 106",
               "Tyršova 45, 256 01 Benešov"),
    "prostor": ("Prostor plus Benešovsko (ukázka)", "obecně prospěšná společnost", "99100007",
                "https://prostor-benesovsko.example", "info@prostor-benesovsko.example",
                "+420 317 000 107", "Dukelská 80, 256 01 Benešov"),
    "asistence": ("Asistence Posázaví (ukázka)", "zapsaný ústav", "99100008",
                  "https://asistence-posazavi.example", "asistence@asistence-posazavi.example",
                  "+420 317 000 108", "Husova 510, 258 01 Vlašim"),
    "rana-pece": ("Raná péče Střední Čechy (ukázka)", "spolek", "99100009",
                  "https://rana-pece-sc.example", "poradna@rana-pece-sc.example",
                  "+420 317 000 109", "Hráského 2231, 256 01 Benešov"),
    "azyl": ("Azylový dům Naděje Benešov (ukázka)", "spolek", "99100010",
             "https://azyl-benesov.example", "azyl@azyl-benesov.example", "+420 317 000 110",
             "Tyršova 2100, 256 01 Benešov"),
    "dusevni": ("Fokus Blaník (ukázka)", "zapsaný ústav", "99100011",
                "https://fokus-blanik.example", "fokus@fokus-blanik.example",
                "+420 317 000 111", "Vnoučkova 1699, 256 01 Benešov"),
    "sluch": ("Tichý svět Posázaví (ukázka)", "obecně prospěšná společnost", "99100012",
              "https://tichy-svet-posazavi.example", "info@tichy-svet-posazavi.example",
              "+420 317 000 112", "Palackého 60, 258 01 Vlašim"),
}

# (provider, name, type, form, target groups, age from, age to, capacity, unit,
#  (place name, address, town, postal code, lat, lon, accessibility, hours) or None,
#  towns covered, registry id) — towns are turned into the area covered (coverage.py): the
#  whole okres for ORP_AREAS, the obce the demo's codebook knows, else the own territory.
BEN = ("Benešov", "256 01", 49.7817, 14.6869)
VLA = ("Vlašim", "258 01", 49.7063, 14.8988)
VOT = ("Votice", "259 01", 49.6402, 14.6390)
ORP_AREAS = ["Benešov", "Vlašim", "Votice", "Týnec nad Sázavou", "Neveklov", "Bystřice",
             "Louňovice pod Blaníkem", "Trhový Štěpánov"]


# The default accessibility note, in the language of the municipality's country (a Slovak
# catalogue showing the Czech phrase was a reported leak).
ACCESS = {"CZ": "bezbariérový přístup", "SK": "bezbariérový prístup"}


def _p(town, address, name="", access=None, hours=WEEKDAYS, shift=0.0):
    north, east = _spread(address)
    return (name, address, town[0], town[1], town[2] + shift + north, town[3] + shift + east,
            access, hours)


def _spread(address):
    """A fixed offset of up to about 700 m per address: the demo's addresses are invented and
    placed from the town's centre, and without it a town's places would share one marker."""
    digest = zlib.crc32(address.encode())
    return ((digest % 1000) / 1000 - 0.5) * 0.012, ((digest // 1000 % 1000) / 1000 - 0.5) * 0.018


CZ_SERVICES = [
    ("charita", "Odborné sociální poradenství Charity", "cz-37", "outpatient",
     ["crisis", "debt", "families"], 18, None, 1800, "contact",
     _p(BEN, "Masarykovo náměstí 12", "Poradna Charity", hours=OFFICE), [], "9901001"),
    ("charita", "Dluhová poradna Vlašim", "cz-37", "outpatient", ["debt"], 18, None, 600,
     "contact", _p(VLA, "Husova 32", "Poradna Vlašim", hours="Út 09:00-16:00; Čt 09:00-16:00"),
     [], "9901002"),
    ("charita", "Charitní pečovatelská služba", "cz-40", "field", ["seniors", "chronic-illness"],
     50, None, 120, "client", None, ORP_AREAS, "9901003"),
    ("charita", "Charitní odlehčovací služba", "cz-44", "field", ["carers", "seniors"],
     40, None, 25, "client", None, ["Benešov", "Vlašim"], "9901004"),
    ("charita", "Sociálně aktivizační služba pro seniory Votice", "cz-66", "outpatient",
     ["seniors"], 60, None, 30, "client", _p(VOT, "Husovo náměstí 3", "Klub seniorů", shift=0.001),
     [], "9901005"),
    ("charita", "Domácí hospic a paliativní podpora", "cz-40", "field",
     ["palliative", "carers"], None, None, 40, "client", None, ORP_AREAS, "9901006"),
    ("pecovatelska", "Pečovatelská služba Benešov", "cz-40", "field",
     ["seniors", "disability-physical"], 27, None, 210, "client",
     _p(BEN, "Jiráskova 1870", "Středisko pečovatelské služby"), ["Benešov"], "9901007"),
    ("pecovatelska", "Tísňová péče Benešov", "cz-41", "field", ["seniors", "chronic-illness"],
     50, None, 80, "client", None, ["Benešov", "Týnec nad Sázavou"], "9901008"),
    ("pecovatelska", "Denní stacionář Jiráskova", "cz-46", "outpatient",
     ["seniors", "dementia"], 60, None, 15, "client",
     _p(BEN, "Jiráskova 1870", "Denní stacionář", hours="Po-Pá 07:00-16:00"), [], "9901009"),
    ("domov-benesov", "Domov pro seniory Ke Stráži", "cz-49", "residential", ["seniors"], 65,
     None, 96, "bed", _p(BEN, "Ke Stráži 2100", "Domov seniorů", hours=""), [], "9901010"),
    ("domov-benesov", "Domov se zvláštním režimem Ke Stráži", "cz-50", "residential",
     ["dementia", "seniors"], 55, None, 48, "bed",
     _p(BEN, "Ke Stráži 2100", "Pavilon B", hours=""), [], "9901011"),
    ("domov-benesov", "Odlehčovací pobyty Ke Stráži", "cz-44", "residential",
     ["seniors", "carers"], 60, None, 6, "bed", _p(BEN, "Ke Stráži 2100", "Pavilon C", hours=""),
     [], "9901012"),
    ("domov-vlasim", "Domov pro seniory Vlašim", "cz-49", "residential", ["seniors"], 65, None,
     72, "bed", _p(VLA, "Blanická 1001", "Domov Vlašim", hours=""), [], "9901013"),
    ("domov-vlasim", "Domov pro osoby se zdravotním postižením Vlašim", "cz-48", "residential",
     ["disability-intellectual", "disability-physical"], 18, 64, 40, "bed",
     _p(VLA, "Blanická 1001", "Domov Vlašim, budova 2", hours=""), [], "9901014"),
    ("domov-vlasim", "Chráněné bydlení Vlašim", "cz-51", "residential",
     ["disability-intellectual"], 18, 80, 12, "bed",
     _p(VLA, "Sadová 15", "Chráněné bydlení", hours="", shift=0.002), [], "9901015"),
    ("domov-vlasim", "Pečovatelská služba Vlašim", "cz-40", "field", ["seniors"], 60, None, 150,
     "client", _p(VLA, "Blanická 1001", "Kancelář pečovatelské služby"), ["Vlašim", "Domašín"],
     "9901016"),
    ("votice", "Pečovatelská služba Votice", "cz-40", "field", ["seniors",
                                                                "disability-physical"],
     50, None, 90, "client", _p(VOT, "Komenského 300", "Pečovatelská služba"),
     ["Votice", "Olbramovice", "Jankov"], "9901017"),
    ("votice", "Domov pro seniory Votice", "cz-49", "residential", ["seniors"], 65, None, 54,
     "bed", _p(VOT, "Komenského 300", "Domov Votice", hours=""), [], "9901018"),
    ("votice", "Denní stacionář Votice", "cz-46", "outpatient", ["seniors", "dementia"], 55,
     None, 12, "client", _p(VOT, "Komenského 302", "Stacionář", hours="Po-Pá 07:00-15:30"),
     [], "9901019"),
    ("votice", "Sociálně aktivizační služby pro rodiny s dětmi Votice", "cz-65", "field",
     ["families"], None, None, 20, "client", None, ["Votice", "Olbramovice"], "9901020"),
    ("rodina", "Sociálně aktivizační služby pro rodiny s dětmi", "cz-65", "field",
     ["families"], 0, 26, 45, "client", _p(BEN, "Tyršova 45", "Klubíčko", hours=OFFICE),
     ["Benešov", "Týnec nad Sázavou", "Bystřice"], "9901021"),
    ("rodina", "Nízkoprahový klub Klubovna", "cz-62", "outpatient", ["youth"], 11, 26, 25,
     "contact", _p(BEN, "Tyršova 45", "Klubovna", hours="Po-Čt 13:00-18:00"), [], "9901022"),
    ("rodina", "Nízkoprahový klub Vlašim", "cz-62", "outpatient", ["youth"], 11, 26, 20,
     "contact", _p(VLA, "Palackého 12", "Klub Vlašim", hours="Út-Pá 13:00-18:00"), [],
     "9901023"),
    ("prostor", "Terénní program Benešovsko", "cz-69", "field",
     ["addiction", "homeless", "excluded"], 15, None, 900, "contact", None, ORP_AREAS,
     "9901024"),
    ("prostor", "Kontaktní centrum Benešov", "cz-59", "outpatient", ["addiction"], 15, None,
     1500, "contact", _p(BEN, "Dukelská 80", "Kontaktní centrum", hours="Po-Pá 10:00-17:00"),
     [], "9901025"),
    ("prostor", "Probační a resocializační program (sociální rehabilitace)", "cz-70",
     "outpatient", ["crisis", "addiction"], 15, None, 60, "client",
     _p(BEN, "Dukelská 80", "Kontaktní centrum", hours=OFFICE), [], "9901026"),
    ("asistence", "Osobní asistence Posázaví", "cz-39", "field",
     ["disability-physical", "disability-intellectual", "seniors"], 3, None, 70, "client",
     None, ORP_AREAS, "9901027"),
    ("asistence", "Sociálně terapeutická dílna Vlašim", "cz-67", "outpatient",
     ["disability-intellectual"], 16, 64, 16, "client",
     _p(VLA, "Husova 510", "Dílna", hours="Po-Pá 08:00-14:30"), [], "9901028"),
    ("asistence", "Podpora samostatného bydlení", "cz-43", "field",
     ["disability-intellectual", "mental-illness"], 18, None, 15, "client", None,
     ["Vlašim", "Benešov", "Votice"], "9901029"),
    ("asistence", "Průvodcovská a předčitatelská služba", "cz-42", "field",
     ["disability-sensory", "seniors"], 18, None, 25, "client", None, ["Vlašim", "Benešov"],
     "9901030"),
    ("rana-pece", "Raná péče Benešov", "cz-54", "field", ["families"], 0, 7, 40, "client",
     _p(BEN, "Hráského 2231", "Poradna rané péče", hours=OFFICE), ORP_AREAS, "9901031"),
    ("azyl", "Azylový dům pro matky s dětmi", "cz-57", "residential",
     ["families", "violence", "homeless"], 18, None, 24, "bed",
     _p(BEN, "Tyršova 2100", "Azylový dům", access="bezbariérové přízemí", hours=""), [],
     "9901032"),
    ("azyl", "Noclehárna Benešov", "cz-63", "outpatient", ["homeless"], 18, None, 10, "bed",
     _p(BEN, "Tyršova 2100", "Noclehárna", hours="Po-Ne 18:00-23:59"), [], "9901033"),
    ("azyl", "Nízkoprahové denní centrum Benešov", "cz-61", "outpatient", ["homeless"], 18,
     None, 30, "contact", _p(BEN, "Tyršova 2100", "Denní centrum", hours="Po-Pá 08:00-16:00"),
     [], "9901034"),
    ("azyl", "Krizová pomoc Benešov", "cz-60", "outpatient", ["crisis", "violence"], 16, None,
     8, "client", _p(BEN, "Tyršova 2100", "Krizové lůžko", hours="Po-Ne 00:00-23:59"), [],
     "9901035"),
    ("dusevni", "Sociální rehabilitace Fokus", "cz-70", "outpatient", ["mental-illness"], 18,
     None, 50, "client", _p(BEN, "Vnoučkova 1699", "Centrum Fokus", hours=OFFICE),
     ["Benešov", "Vlašim", "Votice"], "9901036"),
    ("dusevni", "Sociálně terapeutická dílna Fokus", "cz-67", "outpatient", ["mental-illness"],
     18, 64, 14, "client", _p(BEN, "Vnoučkova 1699", "Dílna Fokus", hours="Po-Pá 08:00-14:00"),
     [], "9901037"),
    ("dusevni", "Chráněné bydlení Fokus Votice", "cz-51", "residential", ["mental-illness"], 18,
     None, 8, "bed", _p(VOT, "Pražská 210", "Chráněný byt", hours="", shift=-0.002), [],
     "9901038"),
    ("sluch", "Tlumočnické služby pro neslyšící", "cz-56", "field", ["disability-sensory"],
     None, None, 300, "intervention", None, ORP_AREAS, "9901039"),
    ("sluch", "Telefonická krizová pomoc Posázaví", "cz-55", "outpatient",
     ["crisis", "youth"], None, None, 2500, "call",
     _p(VLA, "Palackého 60", "Linka důvěry", hours="Po-Ne 00:00-23:59"), ORP_AREAS,
     "9901040"),
]

SK_PROVIDERS = {
    "mesto": ("Zariadenie sociálnych služieb mesta Banská Bystrica (ukážka)",
              "rozpočtová organizácia", "99200001", "https://zss-bb.example",
              "zss@zss-bb.example", "+421 48 000 2001", "Trieda SNP 2, 974 01 Banská Bystrica"),
    "senior": ("Domov dôchodcov Senior Fončorda (ukážka)", "nezisková organizácia", "99200002",
               "https://senior-foncorda.example", "info@senior-foncorda.example",
               "+421 48 000 2002", "Tulská 50, 974 04 Banská Bystrica"),
    "charita": ("Diecézna charita Banská Bystrica (ukážka)", "cirkevná organizácia", "99200003",
                "https://charita-bb.example", "charita@charita-bb.example", "+421 48 000 2003",
                "Kapitulská 8, 974 01 Banská Bystrica"),
    "nadej": ("Centrum Nádej (ukážka)", "občianske združenie", "99200004",
              "https://centrum-nadej.example", "nadej@centrum-nadej.example",
              "+421 48 000 2004", "Hušták 2, 974 01 Banská Bystrica"),
    "dss": ("Domov sociálnych služieb Slatinka (ukážka)", "príspevková organizácia", "99200005",
            "https://dss-slatinka.example", "dss@dss-slatinka.example", "+421 48 000 2005",
            "Pod Urpínom 6, 974 01 Banská Bystrica"),
    "rodina": ("Rodinné centrum Mamina (ukážka)", "občianske združenie", "99200006",
               "https://rc-mamina.example", "mamina@rc-mamina.example", "+421 48 000 2006",
               "Rudohorská 33, 974 11 Banská Bystrica"),
    "linka": ("Linka pomoci Stredné Slovensko (ukážka)", "nezisková organizácia", "99200007",
              "https://linka-pomoci.example", "linka@linka-pomoci.example", "+421 48 000 2007",
              "Námestie SNP 9, 974 01 Banská Bystrica"),
}
BB = ("Banská Bystrica", "974 01", 48.7363, 19.1462)
BB_AREAS = ["Banská Bystrica", "Kremnička", "Šalková", "Rudlová", "Fončorda"]
SK_OFFICE = "Po-Pi 08:00-15:30"

SK_SERVICES = [
    ("mesto", "Opatrovateľská služba mesta", "sk-41", "field", ["seniors",
                                                                "disability-physical"],
     18, None, 260, "client", None, BB_AREAS, "S0002001"),
    ("mesto", "Jedáleň pre seniorov Tajovského", "sk-58", "outpatient", ["seniors"], 62, None,
     180, "client", _p(BB, "Tajovského 24", "Jedáleň", hours="Po-Pi 11:00-13:30", shift=0.003),
     [], "S0002002"),
    ("mesto", "Denné centrum Radvaň", "sk-56", "outpatient", ["seniors"], 62, None, 60,
     "client", _p(BB, "Radvanská 20", "Klub dôchodcov Radvaň", hours="Po-Pi 09:00-17:00",
                  shift=-0.004), [], "S0002003"),
    ("mesto", "Denné centrum Fončorda", "sk-56", "outpatient", ["seniors"], 62, None, 45,
     "client", _p(BB, "Tulská 44", "Klub dôchodcov Fončorda", hours="Po-Pi 09:00-17:00",
                  shift=0.006), [], "S0002004"),
    ("mesto", "Prepravná služba mesta", "sk-42", "field", ["disability-physical", "seniors"],
     None, None, 40, "client", None, ["Banská Bystrica"], "S0002005"),
    ("mesto", "Monitorovanie a signalizácia potreby pomoci", "sk-53", "other",
     ["seniors", "chronic-illness"], 60, None, 120, "client", None, ["Banská Bystrica"],
     "S0002006"),
    ("mesto", "Stredisko osobnej hygieny a práčovňa", "sk-60", "outpatient", ["homeless"], 18,
     None, 25, "client", _p(BB, "Hušták 4", "Stredisko", hours="Po-Pi 08:00-14:00",
                            shift=0.001), [], "S0002007"),
    ("mesto", "Zariadenie opatrovateľskej služby Tajovského", "sk-36", "residential",
     ["seniors", "chronic-illness"], 18, None, 30, "bed",
     _p(BB, "Tajovského 26", "ZOS", hours="", shift=0.003), [], "S0002008"),
    ("mesto", "Odľahčovacia služba", "sk-54", "field", ["carers"], 18, None, 15, "client",
     None, BB_AREAS, "S0002009"),
    ("mesto", "Požičiavanie pomôcok", "sk-47", "outpatient", ["disability-physical",
                                                            "seniors"],
     None, None, 200, "client", _p(BB, "Trieda SNP 2", "Požičovňa pomôcok", hours=SK_OFFICE),
     [], "S0002010"),
    ("senior", "Domov dôchodcov Senior Fončorda", "sk-35", "residential", ["seniors"], 62,
     None, 110, "bed", _p(BB, "Tulská 50", "Zariadenie pre seniorov", hours="", shift=0.006),
     [], "S0002011"),
    ("senior", "Špecializované zariadenie Fončorda", "sk-39", "residential",
     ["dementia"], 40, None, 40, "bed", _p(BB, "Tulská 52", "Pavilón Alzheimer", hours="",
                                           shift=0.006), [], "S0002012"),
    ("senior", "Denný stacionár Senior", "sk-40", "outpatient", ["seniors", "dementia"], 62,
     None, 20, "client", _p(BB, "Tulská 50", "Denný stacionár", hours="Po-Pi 07:00-15:30",
                            shift=0.006), [], "S0002013"),
    ("charita", "Nocľaháreň sv. Alžbety", "sk-25", "residential", ["homeless"], 18, None, 40,
     "bed", _p(BB, "Hušták 6", "Nocľaháreň", hours="Po-Ne 18:00-23:59", shift=0.001), [],
     "S0002014"),
    ("charita", "Útulok sv. Alžbety", "sk-26", "residential", ["homeless"], 18, None, 30, "bed",
     _p(BB, "Hušták 6", "Útulok", hours="", shift=0.001), [], "S0002015"),
    ("charita", "Nízkoprahové denné centrum Charity", "sk-24b", "outpatient",
     ["homeless", "addiction"], 18, None, 60, "contact",
     _p(BB, "Hušták 8", "Denné centrum", hours="Po-Pi 08:00-16:00", shift=0.001), [],
     "S0002016"),
    ("charita", "Terénna sociálna služba krízovej intervencie", "sk-24a", "field",
     ["homeless", "excluded", "crisis"], 18, None, 700, "contact", None, BB_AREAS, "S0002017"),
    ("charita", "Domov na polceste Charity", "sk-27", "residential", ["youth", "homeless"], 18,
     26, 12, "bed", _p(BB, "Kapitulská 8", "Domov na polceste", hours=""), [], "S0002018"),
    ("charita", "Charitná opatrovateľská služba", "sk-41", "field", ["seniors", "palliative"],
     18, None, 80, "client", None, BB_AREAS, "S0002019"),
    ("nadej", "Komunitné centrum Nádej Sásová", "sk-24d", "outpatient",
     ["excluded", "families", "youth"], None, None, 900, "contact",
     _p(BB, "Sásovská cesta 1", "Komunitné centrum", hours="Po-Pi 09:00-18:00", shift=0.012),
     [], "S0002020"),
    ("nadej", "Nízkoprahová sociálna služba pre deti a rodinu Nádej", "sk-28", "outpatient",
     ["youth", "families"], 6, 26, 50, "client",
     _p(BB, "Sásovská cesta 1", "Klub", hours="Po-Pi 13:00-19:00", shift=0.012), [],
     "S0002021"),
    ("nadej", "Špecializované sociálne poradenstvo Nádej", "sk-19", "outpatient",
     ["debt", "crisis", "violence"], 18, None, 400, "contact",
     _p(BB, "Hušták 2", "Poradňa", hours="Po 08:00-17:00; St 08:00-17:00"), [], "S0002022"),
    ("nadej", "Zariadenie núdzového bývania Nádej", "sk-29", "residential",
     ["violence", "families"], 18, None, 16, "bed", None, [], "S0002023"),
    ("dss", "Domov sociálnych služieb Slatinka", "sk-38", "residential",
     ["disability-intellectual"], 18, None, 45, "bed",
     _p(BB, "Pod Urpínom 6", "DSS Slatinka", hours="", shift=-0.006), [], "S0002024"),
    ("dss", "Zariadenie podporovaného bývania Slatinka", "sk-34", "residential",
     ["disability-intellectual", "mental-illness"], 18, 64, 12, "bed",
     _p(BB, "Pod Urpínom 8", "Podporované bývanie", hours="", shift=-0.006), [], "S0002025"),
    ("dss", "Rehabilitačné stredisko Slatinka", "sk-37", "outpatient",
     ["disability-physical", "disability-sensory"], 16, None, 20, "client",
     _p(BB, "Pod Urpínom 6", "Rehabilitačné stredisko", hours=SK_OFFICE, shift=-0.006), [],
     "S0002026"),
    ("rodina", "Služba včasnej intervencie Mamina", "sk-33", "field", ["families"], 0, 7, 35,
     "client", _p(BB, "Rudohorská 33", "Centrum včasnej intervencie", hours=SK_OFFICE,
                  shift=0.01), BB_AREAS, "S0002027"),
    ("rodina", "Zariadenie starostlivosti o deti do troch rokov Mamina", "sk-32b",
     "outpatient", ["families"], 0, 3, 24, "client",
     _p(BB, "Rudohorská 33", "Jasle", hours="Po-Pi 06:30-16:30", shift=0.01), [], "S0002028"),
    ("linka", "Krízová pomoc cez telefón a chat", "sk-53a", "other", ["crisis", "youth"],
     None, None, 4000, "call", None, ["Banská Bystrica"], "S0002029"),
    ("linka", "Tlmočnícka služba pre nepočujúcich", "sk-44", "field", ["disability-sensory"],
     None, None, 250, "intervention", None, BB_AREAS, "S0002030"),
]

DESCRIPTION = {
    "CZ": "Ukázková data: služba a poskytovatel jsou smyšlení, jen pro předvedení katalogu.",
    "SK": "Ukážkové údaje: služba aj poskytovateľ sú vymyslené, len na predvedenie katalógu.",
}
FEES = {"CZ": "Podle ceníku poskytovatele a vyhlášky č. 505/2006 Sb.; poradenství zdarma.",
        "SK": "Podľa VZN mesta a cenníka poskytovateľa; poradenstvo bezplatne."}


# The demo's territorial units (hub/demo/data.py TERRITORY).
TOWN_KEYS = {"Benešov": "municipality:529303", "Vlašim": "municipality:530859",
             "Votice": "municipality:530841"}
# Extra registered capacity lines and secret addresses, to show what the registry gives.
EXTRA_LINES = {"9901016": [("outpatient", 20, "client")], "S0002009": [("outpatient", 6,
                                                                         "client")]}
HIDDEN = {"9901032", "S0002023"}
REGIONAL = {"9901040": ["region:27"]}


def _covers(areas, registry_id) -> list[str]:
    """The area covered, in the units the platform's codebook has (none loaded: the own
    territory)."""
    from tenants.catalogue import coverage

    if registry_id in REGIONAL:
        keys = REGIONAL[registry_id]
    elif areas is ORP_AREAS:
        keys = ["district:3201"]
    else:
        keys = sorted({TOWN_KEYS[a] for a in areas if a in TOWN_KEYS})
    known = coverage.units(keys)
    return [key for key in keys if key in known]


def _wanted(slug, entry):
    place, areas = entry[9], entry[10]
    towns = ({place[2]} if place else set()) | set(areas)
    if slug == "vlasim":
        return "Vlašim" in towns
    if slug == "votice":
        return "Votice" in towns
    return True


@transaction.atomic
def demo_seed(municipality) -> int:
    if municipality.slug in ("benesov", "vlasim", "votice"):
        providers, entries, country = CZ_PROVIDERS, CZ_SERVICES, "CZ"
    elif municipality.slug == "banska-bystrica":
        providers, entries, country = SK_PROVIDERS, SK_SERVICES, "SK"
    else:
        return 0
    if Service.objects.filter(is_demo=True).exists():
        return 0
    from tenants.catalogue import hours as hours_text

    made = {}
    count = 0
    for entry in entries:
        if not _wanted(municipality.slug, entry):
            continue
        key, name, stype, form, groups, age_from, age_to, cap, unit, place, areas, reg = entry
        if key not in made:
            pname, legal, ico, web, email, phone, address = providers[key]
            made[key] = services.provider_save(
                user=None, name=pname, legal_form=legal, ico=ico, website=web, email=email,
                phone=phone, address=address, description=DESCRIPTION[country])
        locations = []
        if place and reg not in HIDDEN:
            pl_name, address, town, postal, lat, lon, access, hours = place
            locations = [{"name": pl_name, "address": address, "town": town,
                          "postal_code": postal, "latitude": f"{lat:.6f}",
                          "longitude": f"{lon:.6f}",
                          "accessibility": access or ACCESS[country],
                          "hours": hours_text.parse(hours)}]
        lines = [{"form": form, "unit": unit, "capacity": cap, "note": ""}] + [
            {"form": f, "unit": u, "capacity": n, "note": ""} for f, n, u in EXTRA_LINES.get(
                reg, [])]
        services.service_save(
            user=None, provider=made[key], name=name, service_type=stype, form=form,
            target_groups=groups, age_from=age_from, age_to=age_to, capacities=lines,
            description=f"{name}. {DESCRIPTION[country]}",
            fees=FEES[country], eligibility="", registry_id=reg,
            covers=_covers(areas, reg) if country == "CZ" else [],
            hidden_address=reg in HIDDEN, locations=locations)
        count += 1
    Provider.objects.filter(pk__in=[p.pk for p in made.values()]).update(is_demo=True)
    Service.objects.filter(provider__in=list(made.values())).update(is_demo=True)
    return count
