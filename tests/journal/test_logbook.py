import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from balise.journal import services
from balise.journal.analysis import logbook_analyse
from balise.journal.models import UNRELATED

PERSONAS = [
    "intern",
    "tutor",
    "referent",
    "staff",
    "signatory",
    "other_intern",
    "other_tutor",
    "other_staff",
]
OUTSIDERS = {"other_intern", "other_tutor", "other_staff"}
READERS = {"intern", "tutor", "referent", "staff"}


def expect(persona, allowed, ok):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in allowed else 403


def rows(day, *lines, objective=""):
    data = {
        "rows-TOTAL_FORMS": "5",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "40",
    }
    for index, (hours, text) in enumerate(lines):
        data |= {
            f"rows-{index}-date": day.isoformat(),
            f"rows-{index}-hours": hours,
            f"rows-{index}-text": text,
            f"rows-{index}-objective": objective,
        }
    return data


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def test_intern_logs_several_lines_at_once(personas, running, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("journal:add", args=[running.pk]),
        rows(
            yesterday(),
            ("3,5", "Écriture des endpoints de l'API de facturation"),
            ("2", "Préparation de la démonstration pour les clients pilotes"),
            ("1,5", "Photocopies et café pour l'équipe"),
        ),
    )
    assert response.status_code == 302
    entries = list(running.activities.order_by("pk"))
    assert [str(e.hours) for e in entries] == ["3.50", "2.00", "1.50"]
    assert all(e.engine_label for e in entries)
    page = client.get(reverse("journal:logbook", args=[running.pk])).content.decode()
    assert "Écriture des endpoints" in page


def test_a_bad_line_saves_nothing_and_keeps_what_was_typed(personas, running, client):
    client.force_login(personas.intern)
    future = timezone.localdate() + dt.timedelta(days=2)
    data = rows(yesterday(), ("3", "Revue de code de l'API"))
    data |= {
        "rows-1-date": future.isoformat(),
        "rows-1-hours": "2",
        "rows-1-text": "Tests automatisés",
    }
    response = client.post(reverse("journal:add", args=[running.pk]), data)
    assert response.status_code == 400
    assert running.activities.count() == 0
    page = response.content.decode()
    assert 'value="Revue de code de l&#x27;API"' in page


def test_more_than_twelve_hours_a_day_is_refused(personas, running, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("journal:add", args=[running.pk]),
        rows(yesterday(), ("8", "Développement"), ("6", "Tests")),
    )
    assert response.status_code == 400
    assert running.activities.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("outil.exe", b"MZ\x90\x00", "ne sont pas acceptés"),
        ("rapport.pdf", b"ceci n'est pas un pdf", "ne correspond pas"),
        ("gros.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 1), "5 Mo"),
    ],
)
def test_wrong_uploads_are_refused_and_nothing_is_saved(
    personas, running, client, name, content, error
):
    client.force_login(personas.intern)
    data = rows(yesterday(), ("2", "Rédaction de la documentation de l'API"))
    data["rows-0-evidence_file"] = SimpleUploadedFile(name, content)
    response = client.post(reverse("journal:add", args=[running.pk]), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert running.activities.count() == 0


def test_evidence_is_served_only_to_those_who_read_the_logbook(personas, running, client):
    client.force_login(personas.intern)
    data = rows(yesterday(), ("2", "Rédaction de la documentation de l'API"))
    data["rows-0-evidence_file"] = SimpleUploadedFile("doc.pdf", b"%PDF-1.7\nhello")
    assert client.post(reverse("journal:add", args=[running.pk]), data).status_code == 302
    activity = running.activities.get()
    url = reverse("journal:evidence", args=[activity.pk])
    for persona in PERSONAS:
        client.force_login(personas.by_name(persona))
        assert client.get(url).status_code == expect(persona, READERS, 200), persona


def test_people_override_the_engine(personas, running):
    day = yesterday()
    objective = running.objectives.order_by("position").last()
    chosen, guessed = services.activities_log(
        agreement=running,
        by=personas.intern,
        rows=[
            {
                "date": day,
                "hours": 2,
                "text": "Rangement des cartons du bureau",
                "objective": objective,
            },
            {"date": day, "hours": 2, "text": "Rangement des cartons du bureau"},
        ],
    )
    chosen.refresh_from_db()
    guessed.refresh_from_db()
    assert chosen.label == str(objective.pk)
    services.activity_review(activity=guessed, by=personas.tutor, label=UNRELATED)
    services.activity_review(activity=chosen, by=personas.tutor, label=UNRELATED)
    logbook_analyse(running)
    chosen.refresh_from_db()
    assert chosen.label == UNRELATED and chosen.reviewed_by == personas.tutor
    with pytest.raises(services.PermissionDenied):
        services.activity_review(activity=chosen, by=personas.intern, label="program")


def test_tutor_reviews_through_the_page(personas, running, client):
    (activity,) = services.activities_log(
        agreement=running,
        by=personas.intern,
        rows=[{"date": yesterday(), "hours": 3, "text": "Saisie de factures d'un autre service"}],
    )
    objective = running.objectives.first()
    client.force_login(personas.tutor)
    response = client.post(
        reverse("journal:review", args=[activity.pk]), {"label": str(objective.pk)}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.reviewed_label == str(objective.pk)


def test_intern_explains_an_unrelated_entry(personas, running, client):
    (activity,) = services.activities_log(
        agreement=running,
        by=personas.intern,
        rows=[{"date": yesterday(), "hours": 1, "text": "Accueil au standard téléphonique"}],
    )
    services.activity_review(activity=activity, by=personas.tutor, label=UNRELATED)
    client.force_login(personas.intern)
    client.post(
        reverse("journal:explain", args=[activity.pk]),
        {"explanation": "La standardiste était absente ce jour-là."},
    )
    activity.refresh_from_db()
    assert activity.explanation.startswith("La standardiste")
    client.force_login(personas.tutor)
    assert (
        client.post(
            reverse("journal:explain", args=[activity.pk]), {"explanation": "x"}
        ).status_code
        == 403
    )


def test_reflections_are_shared_with_the_tutor_only_if_the_intern_says_so(
    personas, running, client
):
    services.reflection_save(
        agreement=running,
        by=personas.intern,
        week_of=yesterday(),
        learned="Écrire des tests d'intégration",
        shared_with_tutor=False,
    )
    url = reverse("journal:logbook", args=[running.pk])
    for persona, sees in (("intern", True), ("referent", True), ("tutor", False), ("staff", False)):
        client.force_login(personas.by_name(persona))
        assert ("tests d&#x27;intégration" in client.get(url).content.decode()) is sees, persona


def test_suggestion_as_she_types_never_replaces_her_choice(personas, running, client):
    client.force_login(personas.intern)
    url = reverse("journal:suggest", args=[running.pk])
    api = running.objectives.get(title__startswith="Concevoir")
    demo = running.objectives.get(title__startswith="Animer")
    response = client.post(
        url, {"prefix": "rows-0", "rows-0-text": "écriture des endpoints de facturation"}
    )
    page = response.content.decode()
    assert f'<option value="{api.pk}" selected>' in page and 'value="1"' in page
    response = client.post(
        url,
        {
            "prefix": "rows-0",
            "rows-0-objective": str(demo.pk),
            "rows-0-text": "écriture des endpoints de facturation",
        },
    )
    assert f'<option value="{demo.pk}" selected>' in response.content.decode()
    assert client.post(url, {"prefix": "evil"}).status_code == 404


def test_weekly_view_shows_hours_per_label(personas, running, client):
    services.activities_log(
        agreement=running,
        by=personas.intern,
        rows=[
            {
                "date": yesterday(),
                "hours": 4,
                "text": "Écriture des endpoints de l'API de facturation",
            },
            {"date": yesterday(), "hours": 3, "text": "Photocopies pour le service comptable"},
        ],
    )
    client.force_login(personas.referent)
    page = client.get(reverse("journal:weekly", args=[running.pk])).content.decode()
    assert "<svg" in page and ">7<" in page


LOGBOOK_VIEWS = [
    ("logbook", "get", None, READERS, 200),
    ("weekly", "get", None, READERS, 200),
    ("add", "post", {"rows-TOTAL_FORMS": "0", "rows-INITIAL_FORMS": "0"}, {"intern"}, 400),
    ("suggest", "post", {"prefix": "rows-0", "rows-0-text": "tests"}, {"intern"}, 200),
    ("reflection", "post", {"week_of": "x"}, {"intern"}, 400),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"), LOGBOOK_VIEWS, ids=[v[0] for v in LOGBOOK_VIEWS]
)
def test_logbook_views_per_persona(
    personas, running, client, persona, name, method, data, allowed, ok
):
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(f"journal:{name}", args=[running.pk]), data or {})
    assert response.status_code == expect(persona, allowed, ok)


ENTRY_VIEWS = [
    ("edit", "get", None, {"intern"}, 200),
    ("review", "post", {"label": "program"}, {"tutor"}, 302),
    ("explain", "post", {"explanation": "x"}, {"intern"}, 302),
    ("delete", "post", None, {"intern"}, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"), ENTRY_VIEWS, ids=[v[0] for v in ENTRY_VIEWS]
)
def test_entry_views_per_persona(
    personas, running, client, persona, name, method, data, allowed, ok
):
    (activity,) = services.activities_log(
        agreement=running,
        by=personas.intern,
        rows=[{"date": yesterday(), "hours": 2, "text": "Tests automatisés de l'API"}],
    )
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(f"journal:{name}", args=[activity.pk]), data or {})
    expected = expect(persona, allowed, ok)
    if name == "explain" and persona in READERS - {"intern"}:
        expected = 403
    assert response.status_code == expected


@pytest.mark.parametrize("name", ["logbook", "weekly"])
def test_anonymous_goes_to_login_and_wrong_method_is_405(running, client, personas, name):
    url = reverse(f"journal:{name}", args=[running.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(personas.intern)
    assert client.put(url).status_code == 405


def test_the_logbook_of_a_draft_is_closed_to_writing(personas, client):
    client.force_login(personas.intern)
    response = client.post(reverse("journal:add", args=[personas.agreement.pk]), {})
    assert response.status_code == 403


@pytest.mark.parametrize("weeks", [1, 3])
def test_logbook_page_query_count_does_not_grow(
    personas, running, client, weeks, django_assert_max_num_queries
):
    for week in range(weeks):
        day = running.start_date + dt.timedelta(days=7 * week)
        services.activities_log(
            agreement=running,
            by=personas.intern,
            rows=[
                {"date": day, "hours": 3, "text": f"Développement de l'API, lot {week}"},
                {"date": day, "hours": 2, "text": "Réunion d'équipe"},
            ],
        )
        services.reflection_save(
            agreement=running, by=personas.intern, week_of=day, learned="Beaucoup"
        )
    client.force_login(personas.tutor)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("journal:logbook", args=[running.pk])).status_code == 200
