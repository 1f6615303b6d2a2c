"""The report skeleton and the defence outline, read back from the DOCX and the Markdown."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from balise.checkins.models import CheckInStatus, Feedback, FeedbackKind
from balise.outcomes import reports
from tests.outcomes.conftest import _checkin


def read_docx(content: bytes):
    """The document's paragraphs (style, text, italic?) and its tables as lists of rows."""
    document = docx.Document(io.BytesIO(content))
    paragraphs = [
        (p.style.name, p.text, any(run.italic for run in p.runs))
        for p in document.paragraphs
        if p.text
    ]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return document, paragraphs, tables


def _get(client, name, agreement, lang="fr"):
    response = client.get(reverse(f"outcomes:{name}", args=[agreement.pk]) + f"?lang={lang}")
    assert response.status_code == 200
    return response


def test_report_skeleton_docx_holds_what_the_path_recorded(personas, ended, client):
    client.force_login(personas.intern)
    response = _get(client, "report_docx", ended)
    assert "wordprocessingml" in response["Content-Type"]
    assert "rapport-de-stage" in response["Content-Disposition"]
    document, paragraphs, tables = read_docx(b"".join(response.streaming_content))
    texts = [text for _style, text, _italic in paragraphs]
    assert document.core_properties.title == (
        "Rapport de stage : Développement d'une API de facturation"
    )
    headings = [text for style, text, _ in paragraphs if style.startswith(("Heading", "Title"))]
    assert headings[:3] == [
        "Rapport de stage : Développement d'une API de facturation",
        "1. Contexte",
        "L'organisme d'accueil",
    ]
    for heading in (
        "2.1 Livrer l'API de facturation (objectif principal)",
        "2.2 Animer une démonstration client",
        "3. Étapes",
        "4. Ce que disent les points d'étape",
        "Point d'étape du 10 avril 2025",
        "5. Compétences",
        "6. Heures par objectif",
        "7. Moments clés",
        "8. Bilan",
    ):
        assert heading in headings, heading
    # Objectives: indicators and outcome.
    assert "API documentée" in texts and "Tests automatisés à 80 %" in texts
    assert "Évaluation du tuteur ou du référent : objectif atteint (le 12 juin 2025)." in texts
    assert "Temps consacré d'après le carnet de bord : 6 heures." in texts
    assert "Développer les points d'accès" in texts  # the mission
    # What the check-ins said.
    for said in (
        "Code clair et bien testé",
        "Prendre la parole en réunion",
        "Présenter l'API à l'équipe support",
    ):
        assert said in texts, said
    # Prompts are in italics, to be replaced.
    assert any(italic and text.startswith("À rédiger") for _s, text, italic in paragraphs)
    milestones, competencies, hours = tables
    assert milestones[1] == [
        "Livrer l'API de facturation",
        "Maquette validée",
        "1er avril 2025",
        "28 mars 2025",
    ]
    assert milestones[2][3] == "non atteinte"
    assert competencies[0] == ["Compétence", "Statut", "Niveau validé", "Niveau visé"]
    assert competencies[1] == [
        "C1 – Réaliser un développement d'application",
        "acquise",
        "3",
        "3",
    ]
    assert competencies[2][:3] == ["C2 – Travailler en équipe", "en cours d'acquisition", "2"]
    assert (
        "12 mars 2025 : Écriture des endpoints de facturation "
        "(https://git.example.com/acme/api/pull/12)"
    ) in texts
    assert hours == [
        ["Objectif", "Heures", "Part"],
        ["Livrer l'API de facturation", "6", "57 %"],
        ["Animer une démonstration client", "3", "29 %"],
        ["Sans rapport avec la formation", "1,5", "14 %"],
        ["Total", "10,5", "100 %"],
    ]


def test_markdown_says_the_same_in_english(personas, ended, client):
    client.force_login(personas.referent)
    response = _get(client, "report_markdown", ended, "en")
    assert response["Content-Type"].startswith("text/markdown")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("# Internship report: Développement d'une API de facturation\n")
    assert "## 4. What the check-ins said" in text
    assert "- Code clair et bien testé" in text
    assert "| C1 – Develop an application | acquired | 3 | 3 |" in text
    assert "| Unrelated to the training | 1.5 | 14 % |" in text
    assert "*To write: what you learned" in text


def test_only_signed_off_checkins_are_quoted(personas, ended):
    held = _checkin(
        ended,
        timezone.make_aware(dt.datetime(2025, 6, 20, 14, 0)),
        personas,
        status=CheckInStatus.HELD,
    )
    Feedback.objects.create(
        checkin=held, kind=FeedbackKind.STRENGTH, text="Pas encore validé", author=personas.tutor
    )
    text = reports.report_markdown(reports.gather(ended), "fr")
    assert "Pas encore validé" not in text
    assert "Code clair et bien testé" in text


def test_typed_text_never_becomes_markdown(personas, ended):
    objective = ended.objectives.get(kind="main")
    objective.title = "# Titre *gras* | colonne"
    objective.save()
    ended.missions.update(description="1. pas une liste")
    text = reports.report_markdown(reports.gather(ended), "fr")
    assert "### 2.1 \\# Titre \\*gras\\* \\| colonne (objectif principal)" in text
    assert "- 1\\. pas une liste" in text
    assert "| \\# Titre \\*gras\\* \\| colonne | Maquette validée |" in text


def test_defence_outline_plans_twenty_minutes_and_the_jury_questions(personas, ended, client):
    client.force_login(personas.staff)
    response = _get(client, "defence_docx", ended)
    assert "plan-de-soutenance" in response["Content-Disposition"]
    _document, paragraphs, _tables = read_docx(b"".join(response.streaming_content))
    texts = [text for _style, text, _italic in paragraphs]
    parts = [text for text in texts if text[:2] in {f"{n}." for n in range(1, 7)}]
    assert parts == [
        "1. Introduction (2 min)",
        "2. Le contexte (3 min)",
        "3. Les objectifs et leurs résultats (7 min)",
        "4. Les compétences développées (4 min)",
        "5. Moments clés et difficultés (2 min)",
        "6. Conclusion et suite (2 min)",
    ]
    assert "Le fil conducteur, l'objectif principal : « Livrer l'API de facturation »." in texts
    assert "Livrer l'API de facturation : objectif atteint ; 6 heures" in texts
    assert (
        "C1 – Réaliser un développement d'application : acquise, niveau 3 sur 4 ; par exemple : "
        "Écriture des endpoints de facturation" in texts
    )
    assert "Axe de progrès travaillé : Prendre la parole en réunion" in texts
    assert "Pourquoi l'objectif « Animer une démonstration client » n'est-il pas atteint ?" in texts
    assert "Pourquoi l'objectif « Livrer l'API de facturation » n'est-il pas atteint ?" not in texts
    assert "1,5 heure du carnet de bord sont sans rapport avec la formation : pourquoi ?" in texts
    markdown = _get(client, "defence_markdown", ended, "en")
    text = b"".join(markdown.streaming_content).decode()
    assert "## 3. The objectives and their outcomes (7 min)" in text
    assert "A suggested outline for a 20-minute presentation" in text


def test_an_empty_path_gives_a_skeleton_that_says_so(personas, running):
    text = reports.report_markdown(reports.gather(running), "en")
    assert "No check-in signed off yet." in text
    assert "The logbook is empty." in text
    assert "No milestone is set." in text
    assert "Not assessed by the tutor or the referent yet." in text


def test_key_moments_feed_the_report_the_outline_and_the_evidence(personas, ended):
    from balise.journal.models import Moment

    team = ended.objectives.exclude(kind="main").get().competencies.get()
    moment = Moment.objects.create(
        agreement=ended,
        date=dt.date(2025, 6, 5),
        title="Première démonstration devant un client",
        what_happened="J'ai présenté le module au client pilote.",
        learned="Préparer les questions à l'avance.",
        endorsed_by=personas.tutor,
        endorsement="Démonstration claire et maîtrisée.",
        endorsed_at=timezone.now(),
    )
    moment.competencies.add(team)
    data = reports.gather(ended)
    text = reports.report_markdown(data, "fr")
    assert "**5 juin 2025 : Première démonstration devant un client**" in text
    assert "J'ai présenté le module au client pilote." in text
    assert "Ce que j'en ai appris : Préparer les questions à l'avance." in text
    assert "Appui de Paul Durand : « Démonstration claire et maîtrisée. »" in text
    assert "- 5 juin 2025 : moment clé « Première démonstration devant un client »" in text
    outline = reports.defence_markdown(data, "fr")
    assert "- 5 juin 2025 – Première démonstration devant un client" in outline
    assert "par exemple : Première démonstration devant un client" in outline


def test_ratings_count_once_both_sides_submitted_and_decide_once_signed_off(personas, ended):
    from balise.checkins.models import CompetencyRating

    team = ended.objectives.exclude(kind="main").get().competencies.get()
    when = timezone.make_aware(dt.datetime(2025, 6, 24, 9, 0))
    private = _checkin(ended, when, personas, status=CheckInStatus.SCHEDULED)
    CompetencyRating.objects.create(
        checkin=private, competency=team, role="tutor", rater=personas.tutor, level=4
    )
    data = reports.gather(ended)
    (item,) = [c for c in data.competencies if c.competency == team]
    assert [r.level for r in item.status.history if r.by_role == "tutor"] == [1, 2]
    private.intern_submitted_at = private.tutor_submitted_at = when
    private.save()
    data = reports.gather(ended)
    (item,) = [c for c in data.competencies if c.competency == team]
    assert [r.level for r in item.status.history if r.by_role == "tutor"] == [1, 2, 4]
    assert item.status.level == 2 and not item.acquired  # shown, but not signed off


@pytest.mark.parametrize("size", [1, 5])
def test_gathering_costs_the_same_whatever_the_path(
    personas, ended, size, django_assert_max_num_queries
):
    from balise.checkins.models import CompetencyRating
    from balise.journal.models import Activity, Moment

    team = ended.objectives.exclude(kind="main").get().competencies.get()
    for index in range(size):
        when = timezone.make_aware(dt.datetime(2025, 6, 16 + index, 9, 0))
        checkin = _checkin(ended, when, personas)
        Feedback.objects.create(
            checkin=checkin, kind=FeedbackKind.STRENGTH, text=f"Bien {index}", author=personas.tutor
        )
        CompetencyRating.objects.create(
            checkin=checkin, competency=team, role="tutor", rater=personas.tutor, level=2
        )
        Activity.objects.create(
            agreement=ended,
            date=when.date(),
            hours=2,
            text=f"Démonstration {index}",
            objective=ended.objectives.exclude(kind="main").get(),
        )
        Moment.objects.create(
            agreement=ended, date=when.date(), title=f"Moment {index}", what_happened="x"
        ).competencies.add(team)
    with django_assert_max_num_queries(14):
        data = reports.gather(ended)
    assert len(data.checkins) == 2 + size and len(data.moments) == size
