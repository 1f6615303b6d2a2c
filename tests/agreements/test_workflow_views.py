"""Every negotiation, signature, lifecycle and amendment view, for every persona."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from balise.agreements import services
from balise.agreements.models import AgreementStatus, ProposalStatus
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


def expect(persona, allowed, ok):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in allowed else 403


WRITERS = {"intern", "tutor", "referent", "staff"}

NEGOTIATION_VIEWS = [
    ("comment_create", "post", {"body": "Bonne idée"}, WRITERS, 302),
    ("proposal_create", "get", None, WRITERS, 200),
    ("agree", "post", {}, WRITERS, 302),
    ("validate", "post", {"kind": "pedagogical"}, {"referent"}, 302),
    ("request_signatures", "post", {}, {"intern", "referent", "staff"}, 302),
    ("history", "get", None, WRITERS | {"signatory"}, 200),
    ("detail", "get", None, WRITERS | {"signatory"}, 200),
    ("cancel", "get", None, {"staff"}, 200),
    ("invite", "post", {"role": "tutor"}, {"staff", "referent"}, 302),
    ("sign", "get", None, set(), 200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "allowed", "ok"),
    NEGOTIATION_VIEWS,
    ids=[view[0] for view in NEGOTIATION_VIEWS],
)
def test_negotiation_views(personas, negotiation, client, persona, name, method, data, allowed, ok):
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(
        reverse(f"agreements:{name}", args=[negotiation.pk]), data or {}
    )
    assert response.status_code == expect(persona, allowed, ok)


@pytest.mark.parametrize(("name", "method"), [(v[0], v[1]) for v in NEGOTIATION_VIEWS])
def test_negotiation_views_send_anonymous_to_login(negotiation, client, name, method):
    response = getattr(client, method)(reverse(f"agreements:{name}", args=[negotiation.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("comment_create", "get"),
        ("agree", "get"),
        ("validate", "get"),
        ("request_signatures", "get"),
        ("invite", "get"),
        ("amendment_create", "get"),
        ("history", "post"),
    ],
)
def test_wrong_methods(personas, negotiation, client, name, wrong):
    client.force_login(personas.staff)
    response = getattr(client, wrong)(reverse(f"agreements:{name}", args=[negotiation.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_party_may_open_the_signature_page(personas, awaiting, client, persona):
    client.force_login(personas.by_name(persona))
    response = client.get(reverse("agreements:sign", args=[awaiting.pk]))
    assert response.status_code == expect(persona, WRITERS | {"signatory"}, 200)


def test_signing_through_the_page_records_ip_and_browser(personas, awaiting, client):
    version = awaiting.versions.get()
    client.force_login(personas.signatory)
    page = client.get(reverse("agreements:sign", args=[awaiting.pk])).content.decode()
    assert version.sha256 in page
    response = client.post(
        reverse("agreements:sign", args=[awaiting.pk]),
        {"party": "host", "sha256": version.sha256},
        HTTP_USER_AGENT="Firefox test",
    )
    assert response.status_code == 200  # the box was not ticked: the form says so
    assert version.signatures.count() == 0
    response = client.post(
        reverse("agreements:sign", args=[awaiting.pk]),
        {"party": "host", "sha256": version.sha256, "read": "on"},
        HTTP_USER_AGENT="Firefox test",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    signature = version.signatures.get()
    assert signature.user_agent == "Firefox test" and signature.ip_address == "203.0.113.9"


def test_a_refused_transition_says_why(personas, negotiation, client):
    client.force_login(personas.intern)
    response = client.post(
        reverse("agreements:request_signatures", args=[negotiation.pk]), follow=True
    )
    page = response.content.decode()
    negotiation.refresh_from_db()
    assert negotiation.status == AgreementStatus.NEGOTIATION
    assert 'class="message error"' in page


def test_proposal_accepted_through_the_views(personas, negotiation, client):
    objective = negotiation.objectives.get()
    client.force_login(personas.tutor)
    url = (
        reverse("agreements:proposal_create", args=[negotiation.pk]) + f"?objective={objective.pk}"
    )
    competency = objective.competencies.get()
    response = client.post(
        url,
        {
            "objective": objective.pk,
            "kind": "main",
            "title": "Livrer l'API documentée",
            "weight": "1",
            "competencies": [competency.pk],
            "rationale": "Plus précis",
        },
    )
    assert response.status_code == 302
    proposal = negotiation.proposals.get()
    page = client.get(reverse("agreements:detail", args=[negotiation.pk])).content.decode()
    assert "Livrer l&#x27;API documentée" in page and "<del>" in page
    for persona, expected in (("other_intern", 404), ("signatory", 403)):
        client.force_login(personas.by_name(persona))
        assert (
            client.post(
                reverse("agreements:proposal_decide", args=[proposal.pk, "accept"])
            ).status_code
            == expected
        )
    client.force_login(personas.intern)
    assert (
        client.post(
            reverse("agreements:proposal_decide", args=[proposal.pk, "nonsense"])
        ).status_code
        == 404
    )
    client.post(reverse("agreements:proposal_decide", args=[proposal.pk, "accept"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


@pytest.mark.parametrize("persona", PERSONAS)
def test_amendment_views(personas, signed, client, persona):
    client.force_login(personas.by_name(persona))
    response = client.post(
        reverse("agreements:amendment_create", args=[signed.pk]), {"reason": "Prolongation"}
    )
    assert response.status_code == expect(persona, WRITERS, 302)
    amendment = signed.amendments.first() or services.amendment_open(
        agreement=signed, by=personas.staff, reason="Prolongation"
    )
    response = client.get(reverse("agreements:amendment_edit", args=[amendment.pk]))
    assert response.status_code == expect(persona, WRITERS, 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_interrupt_page(personas, signed, client, persona):
    services.agreements_advance(today=signed.start_date)
    client.force_login(personas.by_name(persona))
    response = client.get(reverse("agreements:interrupt", args=[signed.pk]))
    assert response.status_code == expect(persona, {"staff", "referent"}, 200)


def test_amendment_through_the_views(personas, signed, client):
    client.force_login(personas.intern)
    client.post(reverse("agreements:amendment_create", args=[signed.pk]), {"reason": "Plus long"})
    amendment = signed.amendments.get()
    objective = signed.objectives.get()
    url = reverse("agreements:amendment_edit", args=[amendment.pk])
    page = client.get(url).content.decode()
    assert f'value="{signed.end_date.isoformat()}"' in page
    new_end = (signed.end_date + dt.timedelta(days=14)).isoformat()
    response = client.post(
        url,
        {
            "start_date": signed.start_date.isoformat(),
            "end_date": new_end,
            "weekly_hours": "35",
            "gratification_hourly_rate": "4,50",
            "tutor_email": personas.tutor.email,
            "missions": "Développement du module de facturation",
            f"objective_{objective.pk}_title": objective.title,
            f"objective_{objective.pk}_indicators": objective.indicators,
        },
    )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.changes == {"end_date": new_end}
    page = client.get(url).content.decode()
    assert new_end in page and "<ins>" in page
    client.post(reverse("agreements:amendment_request_signatures", args=[amendment.pk]))
    amendment.refresh_from_db()
    assert amendment.version.number == 2


def test_amendment_changes_objectives_through_the_form(personas, signed, client):
    client.force_login(personas.staff)
    client.post(reverse("agreements:amendment_create", args=[signed.pk]), {"reason": "Recentrer"})
    amendment = signed.amendments.get()
    objective = signed.objectives.get()
    competency = objective.competencies.get()
    url = reverse("agreements:amendment_edit", args=[amendment.pk])
    data = {
        "start_date": signed.start_date.isoformat(),
        "end_date": signed.end_date.isoformat(),
        "weekly_hours": "35",
        "gratification_hourly_rate": "4,50",
        "tutor_email": personas.tutor.email,
        "missions": "Développement du module de facturation",
        f"objective_{objective.pk}_title": "Livrer l'API v2",
        f"objective_{objective.pk}_indicators": "API v2 en production",
        "new_title": "Former l'équipe",
        "new_indicators": "Deux sessions",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # a new objective needs a competency: said, kept
    page = response.content.decode()
    assert 'value="Former l&#x27;équipe"' in page
    response = client.post(url, data | {"new_competencies": [competency.pk]})
    assert response.status_code == 302
    amendment.refresh_from_db()
    titles = [o["title"] for o in amendment.changes["objectives"]]
    assert titles == ["Livrer l'API v2", "Former l'équipe"]
    # Saved again unchanged, the new objective is kept, not lost.
    page = client.get(url).content.decode()
    assert "Former l&#x27;équipe" in page
    client.post(reverse("agreements:amendment_request_signatures", args=[amendment.pk]))
    amendment.refresh_from_db()
    assert amendment.status == "awaiting_signatures"
    assert [o["title"] for o in amendment.version.content["objectives"]] == titles


def test_an_unsigned_agreement_cannot_be_amended(personas, negotiation):
    with pytest.raises(ValidationError):
        services.amendment_open(agreement=negotiation, by=personas.staff, reason="Trop tôt")


def test_nobody_agrees_with_no_objective(personas):
    factories.MissionFactory(agreement=personas.agreement)
    personas.agreement.status = AgreementStatus.NEGOTIATION
    personas.agreement.save()
    with pytest.raises(ValidationError):
        services.objectives_agree(agreement=personas.agreement, by=personas.intern)


@pytest.mark.parametrize("persona", PERSONAS)
def test_amendment_actions_per_persona(personas, signed, client, persona):
    amendment = services.amendment_open(agreement=signed, by=personas.staff, reason="Plus long")
    services.amendment_update(
        amendment=amendment,
        by=personas.staff,
        changes={"end_date": (signed.end_date + dt.timedelta(days=7)).isoformat()},
    )
    client.force_login(personas.by_name(persona))
    for name in ("amendment_request_signatures", "amendment_cancel"):
        response = client.post(reverse(f"agreements:{name}", args=[amendment.pk]))
        assert response.status_code == expect(persona, WRITERS, 302), name
        # The method is checked first, for everyone.
        assert client.get(reverse(f"agreements:{name}", args=[amendment.pk])).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_proposal_decisions_per_persona(personas, negotiation, client, persona):
    objective = negotiation.objectives.get()
    proposal = services.proposal_create(
        agreement=negotiation,
        by=personas.referent,
        objective=objective,
        proposed=services.objective_snapshot(objective) | {"title": "Titre proposé"},
    )
    client.force_login(personas.by_name(persona))
    response = client.post(reverse("agreements:proposal_decide", args=[proposal.pk, "decline"]))
    assert response.status_code == expect(persona, WRITERS, 302)
    proposal.refresh_from_db()
    declined = persona in WRITERS - {"referent"}
    assert (proposal.status == ProposalStatus.DECLINED) is declined


def test_magic_link_signs_in_and_opens_the_agreement(personas, negotiation, client):
    from sesame.utils import get_query_string

    url = reverse("magic_login") + get_query_string(personas.tutor)
    response = client.get(url + f"&next=/agreements/{negotiation.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/agreements/{negotiation.pk}/"
    assert client.get(response["Location"]).status_code == 200
    # Scoped: the tutor sees his agreements only.
    other = factories.AgreementFactory()
    assert client.get(reverse("agreements:detail", args=[other.pk])).status_code == 404


def test_magic_link_refuses_foreign_redirects_and_bad_tokens(personas, client):
    from sesame.utils import get_query_string

    url = reverse("magic_login") + get_query_string(personas.tutor)
    assert client.get(url + "&next=https://evil.example.com/")["Location"] == reverse("home")
    client.logout()
    response = client.get(reverse("magic_login") + "?sesame=not-a-token")
    assert response.status_code == 403
    assert "ne fonctionne plus" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_invitation_email_carries_a_working_magic_link(
    personas, negotiation, client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BALISE_BASE_URL = "http://testserver"
    personas.tutor.language = "en"
    personas.tutor.save()
    client.force_login(personas.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agreements:invite", args=[negotiation.pk]), {"role": "tutor"}
        )
    assert response.status_code == 302
    invitation = [m for m in mailoutbox if "/accounts/magic/" in m.body][-1]
    assert invitation.to == [personas.tutor.email]
    assert "valid for 30 days" in invitation.body
    link = re.search(r"http://testserver(/accounts/magic/\S+)", invitation.body).group(1)
    client.logout()
    response = client.get(link)
    assert response["Location"] == f"/agreements/{negotiation.pk}/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_proposal_form_checks_the_objective_as_it_is_typed(
    personas, negotiation, client, persona
):
    objective = negotiation.objectives.get()
    client.force_login(personas.by_name(persona))
    url = reverse("agreements:proposal_advice", args=[negotiation.pk])
    data = {"objective": objective.pk, "kind": "specific", "title": "Découvrir l'entreprise"}

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == expect(persona, WRITERS, 200)
    if response.status_code == 200:
        assert 'data-code="objectives.vague_verb"' in response.content.decode()
        assert client.get(url).status_code == 405
        precise = data | {
            "title": "Livrer l'API de facturation documentée",
            "indicators": "API documentée\nTests automatisés à 80 %",
        }
        advised = client.post(url, precise).content.decode()
        assert "objectives.vague_verb" not in advised


def test_the_proposal_page_opens_with_the_advice_on_the_objective(personas, negotiation, client):
    objective = negotiation.objectives.get()
    client.force_login(personas.tutor)
    url = reverse("agreements:proposal_create", args=[negotiation.pk])

    page = client.get(f"{url}?objective={objective.pk}").content.decode()

    assert 'id="proposal-advice"' in page and 'hx-post="/agreements/' in page
    assert "advice-list" in page or "advice-clear" in page
    # The objective's competencies are read from the form's initial values.
    assert "objectives.not_relevant" not in page
