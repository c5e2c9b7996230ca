"""Demo introduction, news and archive documents from the seeds (shared/seeds/); idempotent."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tenants.common.sample_files import tiny_pdf
from tenants.portal.models import Document, Introduction, NewsItem

#: The home page introduction of each demo municipality, from its own page in shared/seeds/.
INTRODUCTIONS = {
    "bratislava": (
        "Komunitné plánovanie sociálnych služieb",
        (
            "Hlavné mesto SR Bratislava pristúpilo k procesu komunitného plánovania sociálnych "
            "služieb, čo je metóda, prostredníctvom ktorej je možné na úrovni obcí alebo krajov "
            "plánovať sociálne služby tak, aby zodpovedali potrebám jednotlivých skupín občanov "
            "a zároveň boli v súlade s miestnymi špecifikami.\n\n"
            "Ak máte záujem o ďalšie informácie alebo nám chcete niečo odkázať, môžete nás "
            "kontaktovať na e-mailovej adrese kpss@bratislava.sk. (Ukážkové údaje.)"
        ),
    ),
    "banska-bystrica": (
        "Komunitný plán sociálnych služieb mesta Banská Bystrica na roky 2021 – 2027",
        (
            "Komunitný plán sa venuje prioritne oblasti poskytovania plnohodnotných sociálnych "
            "služieb. Našu pozornosť zameriavame na päť skupín: seniorov, osoby so zdravotným "
            "znevýhodnením, rodinu, deti a mládež, osoby v nepriaznivých životných situáciách "
            "a osoby žijúce v marginalizovaných rómskych komunitách.\n\n"
            "Členom pracovnej skupiny môže byť ktokoľvek, kto sa zaujíma o tému sociálnych "
            "služieb. (Ukážkové údaje.)"
        ),
    ),
    "banov": (
        "Komunitný plán sociálnych služieb obce",
        (
            "Komunitné plánovanie sociálnych služieb je metóda, ktorá umožňuje spracovávať "
            "rozvojové materiály v oblasti sociálnych služieb na úrovni obce, mesta i kraja. "
            "Komunitný plán sociálnych služieb obce Bánov je vypracovaný na obdobie päť rokov "
            "v súlade s Národnými prioritami rozvoja sociálnych služieb. (Ukážkové údaje.)"
        ),
    ),
    "benesov": (
        "Podpora procesu komunitního plánování na území ORP Benešov",
        (
            "Cílem je aktualizace komunitního plánu sociálních služeb na území ORP Benešov: "
            "udržení a rozvoj dostupnosti potřebných služeb a popis optimální sítě sociálních "
            "služeb. Základem je spolupráce uživatelů, zadavatelů, dotčených občanů, "
            "poskytovatelů sociálních služeb a veřejné správy.\n\n"
            "Zapojit se může kdokoliv z Vás. (Ukázková data.)"
        ),
    ),
    "vlasim": (
        "Veřejnost se účastní tvorby strategie sociálních služeb",
        (
            "Město Vlašim spolupracuje na komunitním plánování sociálních služeb na okrese "
            "Benešov společně s Voticemi. Proces komunitního plánování je proces o lidech "
            "a pro lidi: je důležité, abyste sami řekli, co potřebujete, co Vás zajímá a jaké "
            "jsou Vaše zkušenosti. (Ukázková data.)"
        ),
    ),
    "votice": (
        "Komunitní plánování sociálních služeb ve Voticích",
        (
            "Votice se podílejí na komunitním plánování sociálních služeb na okrese Benešov "
            "jako spolupracující město společně s Vlašimí. (Ukázková data.)"
        ),
    ),
}


def _at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day))


NEWS = {
    "banska-bystrica": [(
        "Pripravujeme stretnutie pracovných skupín k návrhu Akčného plánu na budúci rok",
        "Stretnutia pracovných skupín sú naplánované na stredu 4. októbra 2023 v zasadačke "
        "č. 250 mestského úradu od 12:00 do 15:00 h.",
        "<p>Komunitný plán sociálnych služieb mesta Banská Bystrica na roky 2021 – 2027 sa venuje "
        "prioritne oblasti poskytovania plnohodnotných sociálnych služieb. Za týmto účelom "
        "organizuje samospráva začiatkom októbra stretnutie pracovných skupín. Cieľom bude "
        "prerokovať návrh Akčného plánu na rok 2024.</p>"
        "<p>Našu pozornosť aj tentokrát zameriame na päť skupín: seniorov, osoby so zdravotným "
        "znevýhodnením, rodinu, deti a mládež, osoby v nepriaznivých životných situáciách a osoby "
        "žijúce v marginalizovaných rómskych komunitách.</p>"
        "<p>Stretnutia pracovných skupín sú naplánované na <strong>stredu 4. októbra 2023</strong>. "
        "Uskutočnia sa na mestskom úrade v zasadačke č. 250 od 12:00 do 15:00 h. Členom pracovnej "
        "skupiny môže byť ktokoľvek, kto sa zaujíma o tému sociálnych služieb.</p>"
        "<p>Záujemcovia získajú informácie aj na e-mailovej adrese kpssbb@banskabystrica.sk. "
        "(Ukážkové údaje.)</p>", "2023-09-20T09:00")],
    "bratislava": [(
        "Pracovné materiály a zápisy zo stretnutí KPSS",
        "Zverejňujeme pracovné materiály a zápisy zo stretnutí komunitného plánovania.",
        "<p>Hlavné mesto pristúpilo k prepracovaniu komunitného plánu sociálnych služieb tak, aby "
        "vznikol transparentne a participatívne. Pracovné materiály a zápisy zo stretnutí nájdete "
        "v archíve dokumentov. Ak nám chcete niečo odkázať, píšte na kpss@bratislava.sk. "
        "(Ukážkové údaje.)</p>", "2019-05-15T10:00")],
    "vlasim": [(
        "Veřejnost se účastní tvorby strategie sociálních služeb",
        "Dne 11. 12. 2013 se ve Vlašimi konalo první setkání pracovní skupiny; výstupem bylo "
        "stanovení šesti priorit.",
        "<p>Dne 11.12.2013 se ve Vlašimi ve Spolkovém domě sourozenců Roškotových konalo první "
        "setkání pracovní skupiny v rámci procesu Komunitního plánování sociálních služeb na okrese "
        "Benešov. Setkání bylo připraveno ve spolupráci s městem Vlašim a Místní akční skupinou "
        "Blaník, o.s. Výstupem z pracovní skupiny bylo stanovení šesti priorit.</p>"
        "<p>Těchto šest priorit bude rozpracováno na dalších společných setkáních. Další pracovní "
        "skupiny budou uskutečněny na jaře roku 2014, těšíme se na Vaši účast. (Ukázková data.)</p>",
        "2013-12-16T10:00")],
    "benesov": [(
        "Podpora procesu komunitního plánování na území ORP Benešov",
        "Cílem projektu je aktualizace komunitního plánu sociálních služeb na území ORP Benešov.",
        "<p>Město Benešov od července 2018 realizuje ve spolupráci s Centrem pro komunitní práci "
        "střední Čechy projekt zaměřený na komunitní plánování. Zapojit se může kdokoliv z Vás. "
        "(Ukázková data.)</p>", "2018-07-02T10:00")],
}

DOCUMENTS = {
    "bratislava": [
        ("Pracovné materiály KPSS — podklady k analytickej časti", "materials",
         "pracovne-materialy-kpss.pdf"),
        ("Zápis zo stretnutia pracovnej skupiny KPSS", "minutes", "zapis-stretnutie-kpss.pdf"),
    ],
    "banov": [
        ("Komunitný plán sociálnych služieb obce Bánov 2020 - 2025", "plan",
         "kpss-banov-2020-2025.pdf"),
        ("Vyhodnotenie Komunitného plánu sociálnych služieb obce Bánov za roky 2020-2021",
         "evaluation", "vyhodnotenie-kpss-banov-2020-2021.pdf"),
    ],
}


def demo_seed(municipality) -> int:
    made = 0
    if municipality.slug in INTRODUCTIONS and not Introduction.objects.exists():
        heading, text = INTRODUCTIONS[municipality.slug]
        Introduction.objects.create(heading=heading, text=text)
        made += 1
    for title, summary, body, when in NEWS.get(municipality.slug, []):
        _item, created = NewsItem.objects.get_or_create(
            title=title, defaults={"summary": summary, "body": body, "published_at": _at(when)})
        made += created
    for title, category, name in DOCUMENTS.get(municipality.slug, []):
        if Document.objects.filter(title=title).exists():
            continue
        content = tiny_pdf(title.encode("ascii", "ignore").decode())
        document = Document(title=title, category=category, original_name=name,
                            content_type="application/pdf", size=len(content),
                            description="Ukážkový súbor.")
        document.file.save(f"demo-{name}", ContentFile(content), save=False)
        document.save()
        made += 1
    return made
