"""Key moments: the intern tells them, the tutor endorses them, the referent and staff read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from balise.competencies.models import Competency
from balise.journal import selectors, services
from balise.journal.models import Moment, MomentKind
from balise.notifications.models import Notification
from tests import factories

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


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def transversal(code):
    return Competency.objects.get(framework__is_default_transversal=True, code=code)


@pytest.fixture
def moment(personas, running):
    return services.moment_record(
        agreement=running,
        by=personas.intern,
        date=yesterday(),
        kind=MomentKind.PUBLIC_SPEAKING,
        title="Ma première présentation au comité",
        what_happened="J'ai présenté l'avancement de l'API devant dix personnes.",
        learned="Préparer trois messages clés suffit.",
        competencies=[transversal("T7")],
    )


# -- services -------------------------------------------------------------------------------------


def test_the_intern_records_and_the_tutor_endorses(personas, moment):
    assert moment.title == "Ma première présentation au comité"
    assert [c.code for c in moment.competencies.all()] == ["T7"]
    assert not moment.is_endorsed

    services.moment_endorse(
        moment=moment, by=personas.tutor, endorsement="  Une présentation claire et posée. "
    )
    moment.refresh_from_db()
    assert moment.is_endorsed
    assert moment.endorsed_by == personas.tutor
    assert moment.endorsement == "Une présentation claire et posée."
    told = Notification.objects.get(recipient=personas.intern, kind="moment_endorsed")
    with translation.override("en"):
        assert told.message == (
            "Paul Durand endorsed your key moment “Ma première présentation au comité” "
            f"of the internship “{moment.agreement.title}”."
        )


@pytest.mark.parametrize("persona", ["tutor", "referent", "staff", "other_intern"])
def test_only_the_intern_tells_her_moments(personas, running, persona):
    with pytest.raises(PermissionDenied):
        services.moment_record(
            agreement=running,
            by=personas.by_name(persona),
            date=yesterday(),
            title="x",
            what_happened="y",
        )


@pytest.mark.parametrize("persona", ["intern", "referent", "staff", "other_tutor"])
def test_only_the_tutor_endorses(personas, moment, persona):
    with pytest.raises(PermissionDenied):
        services.moment_endorse(moment=moment, by=personas.by_name(persona), endorsement="Bien")


def test_an_endorsement_is_a_sentence(personas, moment):
    with pytest.raises(ValidationError):
        services.moment_endorse(moment=moment, by=personas.tutor, endorsement="   ")
    moment.refresh_from_db()
    assert not moment.is_endorsed


@pytest.mark.parametrize(
    ("days", "field"),
    [(1, "date"), (-400, "date")],
    ids=["in the future", "before the internship"],
)
def test_a_moment_happens_during_the_internship_and_before_today(personas, running, days, field):
    with pytest.raises(ValidationError) as refused:
        services.moment_record(
            agreement=running,
            by=personas.intern,
            date=timezone.localdate() + dt.timedelta(days=days),
            title="x",
            what_happened="y",
        )
    assert field in refused.value.message_dict
    assert not Moment.objects.exists()


def test_competencies_come_from_the_programme(personas, running):
    foreign = factories.ProgramFactory()
    from balise.competencies.models import Framework

    framework = Framework.objects.create(school=foreign.school, slug="x", name_fr="X")
    competency = Competency.objects.create(framework=framework, code="X1", name_fr="X")
    with pytest.raises(ValidationError):
        services.moment_record(
            agreement=running,
            by=personas.intern,
            date=yesterday(),
            title="x",
            what_happened="y",
            competencies=[competency],
        )


def test_moments_wait_for_the_signature(personas):
    with pytest.raises(ValidationError):
        services.moment_record(
            agreement=personas.agreement,
            by=personas.intern,
            date=personas.agreement.start_date,
            title="x",
            what_happened="y",
        )


def test_changing_what_the_moment_says_withdraws_the_endorsement(personas, moment):
    services.moment_endorse(moment=moment, by=personas.tutor, endorsement="Bravo.")
    # Saving it unchanged keeps the endorsement.
    services.moment_update(moment=moment, by=personas.intern, title=moment.title)
    moment.refresh_from_db()
    assert moment.is_endorsed

    services.moment_update(
        moment=moment, by=personas.intern, what_happened="Une autre histoire, en fait."
    )
    moment.refresh_from_db()
    assert not moment.is_endorsed and moment.endorsement == "" and moment.endorsed_by is None

    services.moment_endorse(moment=moment, by=personas.tutor, endorsement="Bravo.")
    services.moment_update(moment=moment, by=personas.intern, competencies=[transversal("T1")])
    moment.refresh_from_db()
    assert not moment.is_endorsed


def test_the_intern_deletes_her_moment(personas, moment):
    with pytest.raises(PermissionDenied):
        services.moment_delete(moment=moment, by=personas.tutor)
    services.moment_delete(moment=moment, by=personas.intern)
    assert not Moment.objects.exists()


def test_moments_for_path_oldest_first_in_two_queries(
    personas, running, moment, django_assert_num_queries
):
    earlier = services.moment_record(
        agreement=running,
        by=personas.intern,
        date=running.start_date,
        title="Premier client",
        what_happened="Rendez-vous chez un client pilote.",
        kind=MomentKind.CLIENT_MEETING,
    )
    services.moment_endorse(moment=earlier, by=personas.tutor, endorsement="Très bien mené.")
    with django_assert_num_queries(2):
        moments = selectors.moments_for_path(running)
        names = [
            (m.title, [c.code for c in m.competencies.all()], str(m.endorsed_by or ""))
            for m in moments
        ]
    assert names == [
        ("Premier client", [], str(personas.tutor)),
        ("Ma première présentation au comité", ["T7"], ""),
    ]


def test_the_partial_for_the_path_page_is_read_only(personas, running, moment):
    services.moment_endorse(moment=moment, by=personas.tutor, endorsement="Exposé très clair.")
    html = render_to_string(
        "journal/_moments.html",
        {"moments": selectors.moments_for_path(running), "agreement": running},
    )
    assert "Ma première présentation au comité" in html
    assert "Exposé très clair." in html
    assert f'id="moment-{moment.pk}"' in html
    assert "<form" not in html
    assert "empty" in render_to_string("journal/_moments.html", {"moments": []})


# -- pages ----------------------------------------------------------------------------------------


def test_the_intern_records_a_moment_through_the_page(personas, running, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("journal:moment_add", args=[running.pk]),
        {
            "date": yesterday().isoformat(),
            "kind": "proposal",
            "title": "J'ai défendu ma proposition d'architecture",
            "what_happened": "Devant l'équipe, avec un prototype.",
            "learned": "",
            "competencies": [str(transversal("T1").pk)],
        },
    )
    moment = Moment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#moment-{moment.pk}")
    assert moment.kind == MomentKind.PROPOSAL


def test_a_bad_moment_keeps_what_was_typed(personas, running, client):
    client.force_login(personas.intern)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("journal:moment_add", args=[running.pk]),
        {
            "date": tomorrow.isoformat(),
            "kind": "other",
            "title": "Garde ce titre",
            "what_happened": "x",
        },
    )
    assert response.status_code == 400
    assert 'value="Garde ce titre"' in response.content.decode()
    assert not Moment.objects.exists()


def test_the_tutor_endorses_through_the_page_and_everyone_reads_it(
    personas, running, moment, client
):
    client.force_login(personas.tutor)
    url = reverse("journal:moment_endorse", args=[moment.pk])
    assert client.post(url, {"endorsement": ""}).status_code == 400
    response = client.post(url, {"endorsement": "Présentation claire, bien défendue."})
    assert response.status_code == 302
    for persona in READERS:
        client.force_login(personas.by_name(persona))
        page = client.get(reverse("journal:moments", args=[running.pk])).content.decode()
        assert "Présentation claire, bien défendue." in page, persona


def test_the_intern_edits_her_moment(personas, running, moment, client):
    client.force_login(personas.intern)
    url = reverse("journal:moment_edit", args=[moment.pk])
    response = client.post(
        url,
        {
            "date": moment.date.isoformat(),
            "kind": "public_speaking",
            "title": "Ma présentation au comité de direction",
            "what_happened": moment.what_happened,
            "learned": moment.learned,
            "competencies": [str(transversal("T7").pk)],
        },
    )
    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.title == "Ma présentation au comité de direction"


def test_the_agreement_page_links_to_the_moments(personas, running, client):
    client.force_login(personas.referent)
    page = client.get(reverse("agreements:detail", args=[running.pk])).content.decode()
    assert reverse("journal:moments", args=[running.pk]) in page


MOMENT_LIST_VIEWS = [
    ("moments", "get", None, READERS, 200),
    ("moment_add", "post", {"title": ""}, {"intern"}, 400),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"),
    MOMENT_LIST_VIEWS,
    ids=[v[0] for v in MOMENT_LIST_VIEWS],
)
def test_moment_pages_per_persona(
    personas, running, client, persona, name, method, data, allowed, ok
):
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(f"journal:{name}", args=[running.pk]), data or {})
    assert response.status_code == expect(persona, allowed, ok)


MOMENT_VIEWS = [
    ("moment_edit", "get", None, {"intern"}, 200),
    ("moment_endorse", "post", {"endorsement": "Bien joué."}, {"tutor"}, 302),
    ("moment_delete", "post", None, {"intern"}, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"), MOMENT_VIEWS, ids=[v[0] for v in MOMENT_VIEWS]
)
def test_moment_actions_per_persona(
    personas, moment, client, persona, name, method, data, allowed, ok
):
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(f"journal:{name}", args=[moment.pk]), data or {})
    assert response.status_code == expect(persona, allowed, ok)


@pytest.mark.parametrize(
    ("name", "on_moment", "method", "wrong"),
    [
        ("moments", False, "get", "put"),
        ("moment_add", False, "post", "get"),
        ("moment_edit", True, "get", "put"),
        ("moment_delete", True, "post", "get"),
        ("moment_endorse", True, "post", "get"),
    ],
)
def test_anonymous_goes_to_login_and_wrong_method_is_405(
    personas, running, moment, client, name, on_moment, method, wrong
):
    url = reverse(f"journal:{name}", args=[moment.pk if on_moment else running.pk])
    assert "/accounts/login/" in getattr(client, method)(url)["Location"]
    client.force_login(personas.intern)
    assert getattr(client, wrong)(url).status_code == 405


def test_a_draft_has_no_moments_to_write_yet(personas, client):
    client.force_login(personas.intern)
    url = reverse("journal:moments", args=[personas.agreement.pk])
    page = client.get(url).content.decode()
    assert 'action="' + reverse("journal:moment_add", args=[personas.agreement.pk]) not in page
    assert (
        client.post(reverse("journal:moment_add", args=[personas.agreement.pk]), {}).status_code
        == 403
    )


@pytest.mark.parametrize("count", [1, 8])
def test_moments_page_query_count_does_not_grow(
    personas, running, client, count, django_assert_max_num_queries
):
    for number in range(count):
        moment = services.moment_record(
            agreement=running,
            by=personas.intern,
            date=yesterday(),
            title=f"Moment {number}",
            what_happened="Ce qui s'est passé.",
            competencies=[transversal("T1"), transversal("T2")],
        )
        services.moment_endorse(moment=moment, by=personas.tutor, endorsement="Oui.")
    client.force_login(personas.tutor)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("journal:moments", args=[running.pk])).status_code == 200
