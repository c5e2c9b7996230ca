"""Demo surveys: ORP Benešov asked providers and users of services (closed, results
published); Banská Bystrica asks its residents (open, with the first answers). Answers are
made up from a fixed seed, the same on every run."""

import datetime
import random

from django.utils import timezone

from tenants.analysis.models import Question, Survey
from tenants.analysis.surveys import services

K = Question.Kind
SURVEYS = {
    "benesov": {
        "title": "Potřeby uživatelů a poskytovatelů sociálních služeb 2024",
        "audience": Survey.Audience.USERS, "close": True, "answers": 38,
        "intro": "Dotazník k přípravě střednědobého plánu rozvoje sociálních služeb ORP "
                 "Benešov. Odpovědi jsou anonymní.",
        "questions": [
            ("O vás", "V jaké roli odpovídáte?", K.SINGLE, True,
             ["Uživatel služby", "Pečující osoba", "Poskytovatel služby", "Jiné"]),
            ("O vás", "Kde žijete?", K.SINGLE, True, ["Benešov", "Vlašim", "Votice",
                                                      "Jiná obec ORP"]),
            ("Služby", "Které služby vám v regionu nejvíce chybí?", K.MULTIPLE, True,
             ["Odlehčovací služby", "Osobní asistence", "Denní stacionář",
              "Domov se zvláštním režimem", "Sociální poradenství"]),
            ("Služby", "Jak jste spokojeni s dostupností služeb?", K.SCALE, True, []),
            ("Služby", "Kolik hodin týdně pečujete o blízkou osobu?", K.NUMBER, False, []),
            ("Služby", "Co by vám nejvíce pomohlo?", K.TEXT, False, []),
        ],
        "texts": ["Víc terénních služeb na vesnicích.", "Odlehčovací pobyt i o víkendu.",
                  "Lepší informace, kam se obrátit.", "Doprava k lékaři pro seniory."],
    },
    "banska-bystrica": {
        "title": "Prieskum potrieb obyvateľov v oblasti sociálnych služieb",
        "audience": Survey.Audience.RESIDENTS, "close": False, "answers": 24,
        "intro": "Mesto Banská Bystrica pripravuje nový komunitný plán sociálnych služieb. "
                 "Povedzte nám, čo potrebujete. Prieskum je anonymný.",
        "questions": [
            ("", "Koľko máte rokov?", K.SINGLE, True,
             ["do 25", "26 – 44", "45 – 64", "65 – 79", "80 a viac"]),
            ("", "Ktoré sociálne služby by mali v meste pribudnúť?", K.MULTIPLE, True,
             ["Opatrovateľská služba", "Denný stacionár", "Nízkoprahové denné centrum",
              "Prepravná služba", "Jedáleň pre seniorov"]),
            ("", "Ako hodnotíte informovanosť o sociálnych službách v meste?", K.SCALE,
             False, []),
            ("", "Čo by ste v sociálnych službách mesta zmenili?", K.TEXT, False, []),
            ("", "Chcete dostať výsledky prieskumu? Nechajte nám e-mail.", K.EMAIL, False,
             []),
        ],
        "texts": ["Viac miest v zariadeniach pre seniorov.", "Dlhšie otváracie hodiny.",
                  "Lepšiu dostupnosť pre ľudí na vozíku.", "Pomoc pre rodiny s deťmi."],
    },
}


def _answer(question, rng: random.Random, texts: list[str]):
    if question.kind in Question.CHOICES:
        ids = [o.pk for o in question.options.all()]
        # Earlier options a little likelier, so the bars differ.
        weights = list(range(len(ids) + 1, 1, -1))
        if question.kind == K.SINGLE:
            return rng.choices(ids, weights)[0]
        return sorted(set(rng.choices(ids, weights, k=rng.randint(1, 3))))
    if question.kind == K.SCALE:
        return rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 4, 2])[0]
    if question.kind == K.NUMBER:
        return rng.choice([None, 5, 10, 14, 20, 40])
    if question.kind == K.TEXT:
        return rng.choice([None, None, *texts])
    return None  # no demo e-mails: they would be personal data


def demo_seed(municipality) -> int:
    spec = SURVEYS.get(municipality.slug)
    if spec is None or Survey.objects.filter(title=spec["title"]).exists():
        return 0
    today = timezone.localdate()
    survey = services.survey_save(title=spec["title"], intro=spec["intro"],
                                  audience=spec["audience"],
                                  opens_on=today - datetime.timedelta(days=20),
                                  closes_on=today + datetime.timedelta(days=25))
    for section, text, kind, required, options in spec["questions"]:
        services.question_save(survey=survey, section=section, text=text, kind=kind,
                               required=required, options=options)
    services.survey_open(survey=survey, today=today)
    questions = list(survey.questions.prefetch_related("options"))
    rng = random.Random(municipality.slug)  # noqa: S311 -- demo answers, the same each run
    for _n in range(spec["answers"]):
        services.response_submit(survey=survey, today=today, values={
            q.pk: _answer(q, rng, spec["texts"]) for q in questions})
    if spec["close"]:
        survey.closes_on = today
        survey.save(update_fields=["closes_on"])
        services.survey_close(survey=survey)
        services.survey_publish_results(survey=survey, public=True)
    return 1 + len(questions) + spec["answers"]
