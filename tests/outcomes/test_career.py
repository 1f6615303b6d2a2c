"""CV lines, JSON Resume and Open Badges 3.0: their structure and what they claim."""

import datetime as dt
import hashlib
import json
import re

from django.urls import reverse
from django.utils import timezone

from balise.checkins.models import CheckInStatus, CompetencyRating
from balise.outcomes import career, reports
from tests.outcomes.conftest import _checkin


def _competencies(agreement):
    main = agreement.objectives.get(kind="main").competencies.get()
    other = agreement.objectives.exclude(kind="main").get().competencies.get()
    return main, other


def test_cv_page_offers_lines_to_copy_by_keyboard(personas, ended, client):
    client.force_login(personas.intern)
    response = client.get(reverse("outcomes:cv", args=[ended.pk]) + "?lang=fr")
    page = response.content.decode()
    heading = "Stage : Développement d&#x27;une API de facturation — Acme SAS, Lyon"
    assert f"{heading} (mars 2025 – juin 2025)" in page
    # Reached objective: with its indicators; the other: its title only.
    assert "– Livrer l&#x27;API de facturation : API documentée ; Tests automatisés à 80 %" in page
    assert "– Animer une démonstration client\n" in page
    assert "Réaliser un développement d&#x27;application : niveau 3 sur 4" in page
    assert "Travailler en équipe : niveau 2 sur 4" in page
    # Each block: a labelled, read-only text area and a native button pointing at it.
    for block in ("cv-all", "cv-heading", "cv-achievements", "cv-competencies"):
        assert f'<label for="{block}"' in page
        assert f'<textarea id="{block}" readonly' in page
        assert f'<button type="button" class="copy" data-copy="{block}" hidden>' in page
    assert 'role="status" aria-live="polite"' in page
    english = client.get(reverse("outcomes:cv", args=[ended.pk]) + "?lang=en").content.decode()
    assert "Internship: Développement d&#x27;une API de facturation" in english
    assert "Develop an application: level 3 of 4" in english


def test_json_resume_follows_the_schema(personas, ended, client):
    client.force_login(personas.intern)
    response = client.get(reverse("outcomes:json_resume", args=[ended.pk]) + "?lang=en")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    resume = json.loads(response.content)
    assert set(resume) == {"$schema", "basics", "work", "education", "skills", "meta"}
    assert resume["$schema"].endswith("/resume-schema/v1.0.0/schema.json")
    assert resume["basics"] == {"name": "Léa Martin", "email": "lea.martin@etu.example.org"}
    (work,) = resume["work"]
    assert work["name"] == "Acme SAS" and work["location"] == "Lyon"
    assert (work["startDate"], work["endDate"]) == ("2025-03-03", "2025-06-27")
    assert work["highlights"] == [
        "Livrer l'API de facturation: API documentée; Tests automatisés à 80 %",
        "Animer une démonstration client",
    ]
    assert resume["skills"] == [
        {
            "name": "Develop an application",
            "level": "Level 3 of 4",
            "keywords": ["BUT Computer science"],
        },
        {"name": "Work in a team", "level": "Level 2 of 4", "keywords": ["BUT Computer science"]},
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", resume["meta"]["lastModified"])


def test_open_badge_for_an_acquired_competency(personas, ended, client, settings):
    settings.BALISE_BASE_URL = "https://balise.example.org"
    acquired, in_progress = _competencies(ended)
    client.force_login(personas.intern)
    url = reverse("outcomes:badge", args=[ended.pk, acquired.pk])
    response = client.get(url + "?lang=en")
    assert response.status_code == 200
    assert f"badge-{ended.pk}-c1.json" in response["Content-Disposition"]
    badge = response.json()
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", badge["id"])
    assert badge["issuer"] == {
        "id": f"https://balise.example.org/outcomes/issuers/{ended.school.pk}/",
        "type": ["Profile"],
        "name": "IUT de Lyon",
    }
    # Validated at the check-in of 12 June 2025, 14:00 in Paris.
    assert badge["validFrom"] == "2025-06-12T12:00:00Z"
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    email, name = subject["identifier"]
    assert email["type"] == "IdentityObject" and email["hashed"] is True
    assert email["identityType"] == "emailAddress"
    digest = hashlib.sha256(("lea.martin@etu.example.org" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${digest}"
    assert name == {
        "type": "IdentityObject",
        "identityHash": "Léa Martin",
        "identityType": "name",
        "hashed": False,
    }
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Competency"
    assert achievement["name"] == "Develop an application"
    assert achievement["criteria"]["narrative"].startswith("Competency assessed at or above")
    assert "4. Level 4 in English" in achievement["criteria"]["narrative"]
    (alignment,) = achievement["alignment"]
    assert alignment == {
        "type": ["Alignment"],
        "targetName": "Develop an application",
        "targetDescription": "Design, code and test an application.",
        "targetFramework": "BUT Computer science",
        "targetCode": "C1",
        "targetType": "ceasn:Competency",
        "targetUrl": f"https://balise.example.org/outcomes/achievements/{acquired.pk}/",
    }
    assert subject["result"] == [
        {
            "type": ["Result"],
            "resultDescription": achievement["resultDescription"][0]["id"],
            "value": "3",
        }
    ]
    evidence_names = [item["name"] for item in badge["evidence"]]
    assert evidence_names == [
        "Logbook, 12 March 2025",
        "Check-in of 10 April 2025",
        "Check-in of 12 June 2025",
    ]
    assert badge["evidence"][0]["id"] == "https://git.example.com/acme/api/pull/12"
    assert all(item["type"] == ["Evidence"] for item in badge["evidence"])
    # Stable: downloading again gives the same credential id.
    assert client.get(url).json()["id"] == badge["id"]
    # A competency still in progress has no badge.
    other = reverse("outcomes:badge", args=[ended.pk, in_progress.pk])
    assert client.get(other).status_code == 404


def test_overview_lists_a_badge_per_acquired_competency(personas, ended, client):
    acquired, in_progress = _competencies(ended)
    client.force_login(personas.referent)
    page = client.get(reverse("outcomes:overview", args=[ended.pk])).content.decode()
    assert reverse("outcomes:badge", args=[ended.pk, acquired.pk]) in page
    assert reverse("outcomes:badge", args=[ended.pk, in_progress.pk]) not in page


def test_only_a_signed_off_rating_by_the_tutor_or_referent_gives_a_badge(personas, ended):
    _acquired, in_progress = _competencies(ended)
    when = timezone.make_aware(dt.datetime(2025, 6, 25, 10, 0))
    held = _checkin(ended, when, personas, status=CheckInStatus.HELD)
    CompetencyRating.objects.create(
        checkin=held, competency=in_progress, role="tutor", rater=personas.tutor, level=4
    )
    signed = _checkin(ended, when, personas)
    CompetencyRating.objects.create(
        checkin=signed, competency=in_progress, role="intern", rater=personas.intern, level=4
    )
    data = reports.gather(ended)
    assert [item.competency.code for item in career.badge_competencies(data)] == ["C1"]
    CompetencyRating.objects.create(
        checkin=signed, competency=in_progress, role="referent", rater=personas.referent, level=3
    )
    data = reports.gather(ended)
    assert [item.competency.code for item in career.badge_competencies(data)] == ["C1", "C2"]
    badge = career.open_badge(data, data.competencies[1], "fr")
    assert badge["credentialSubject"]["result"][0]["value"] == "3"
    assert badge["validFrom"] == "2025-06-25T08:00:00Z"


def test_cv_lines_claim_only_the_key_moments_the_tutor_endorsed(personas, ended, client):
    from balise.journal.models import Moment

    Moment.objects.create(
        agreement=ended,
        date=dt.date(2025, 4, 10),
        title="Première présentation au comité de pilotage",
        what_happened="J'ai présenté l'avancement de l'API.",
        endorsed_by=personas.tutor,
        endorsement="Claire et convaincante.",
        endorsed_at=timezone.now(),
    )
    Moment.objects.create(
        agreement=ended,
        date=dt.date(2025, 5, 2),
        title="Un incident en production",
        what_happened="Une panne un vendredi soir.",
    )
    client.force_login(personas.intern)

    page = client.get(reverse("outcomes:cv", args=[ended.pk]) + "?lang=en").content.decode()
    resume = json.loads(
        client.get(reverse("outcomes:json_resume", args=[ended.pk]) + "?lang=en").content
    )

    line = "Première présentation au comité de pilotage (April 2025) — key moment endorsed by the tutor"
    assert f"– {line}" in page
    assert "Un incident en production" not in page
    assert resume["work"][0]["highlights"][-1] == line
