"""Routine detection: the same task again and again (no two-week break), over three ISO weeks."""

from __future__ import annotations

import datetime as dt

from balise.alignment import analyse
from tests.alignment.helpers import activity, internship

WORK = [
    "Spécification des routes de l'API de facturation",
    "Développement des routes factures de l'API",
    "Script de migration des fiches clients vers PostgreSQL",
    "Contrôle des fiches clients migrées",
    "Documentation OpenAPI des routes de facturation",
]
CHORE = "Renfort préparation de commandes en zone B"


def _logbook(chore_days: list[str], chore_texts: list[str] | None = None) -> dict:
    activities = []
    for n, day in enumerate(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]):
        activities.append(activity(f"w{n + 1}", day, WORK[n]))
    for n, day in enumerate(chore_days):
        text = chore_texts[n] if chore_texts else CHORE
        activities.append(activity(f"c{n + 1}", day, text))
    return internship(activities)


def _repetitive(data: dict) -> list[str]:
    return analyse(data)["summary"]["repetitive_activities"]


def test_three_times_over_two_weeks_is_not_a_routine():
    # Tuesday and Thursday of one ISO week, then Monday of the next.
    assert _repetitive(_logbook(["2026-03-03", "2026-03-05", "2026-03-09"])) == []


def test_three_times_over_three_weeks_is_a_routine():
    report = analyse(_logbook(["2026-03-03", "2026-03-10", "2026-03-17"]))

    assert report["summary"]["repetitive_activities"] == ["c1", "c2", "c3"]
    alert = [a for a in report["summary"]["alerts"] if a["code"] == "alignment.repetitive_routine"]
    assert "3 fois sur 3 semaines" in alert[0]["message"]


def test_the_iso_week_counts_not_seven_days():
    # Sunday 8 March and Monday 9 March are two ISO weeks.
    assert _repetitive(_logbook(["2026-03-01", "2026-03-02", "2026-03-09"])) == ["c1", "c2", "c3"]


def test_two_times_over_many_weeks_is_not_a_routine():
    assert _repetitive(_logbook(["2026-03-03", "2026-04-14"])) == []


def test_progression_is_not_a_routine():
    sessions = [
        "1re séance de l'atelier théâtre : jeux de confiance et échauffement",
        "2e séance de l'atelier théâtre : travail sur la voix et la respiration",
        "3e séance de l'atelier théâtre : improvisations à deux sur le conflit",
        "4e séance de l'atelier théâtre : choix des scènes de la représentation",
    ]
    days = ["2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25"]

    assert _repetitive(_logbook(days, sessions)) == []


def test_a_routine_is_reported_in_input_order():
    days = ["2026-03-17", "2026-03-03", "2026-03-10"]

    assert _repetitive(_logbook(days)) == ["c1", "c2", "c3"]


def test_unrelated_chores_of_one_kind_form_a_routine_despite_varied_wording():
    chores = [
        "Renfort entrepôt : emballage des colis",
        "Préparation des commandes du jour à l'entrepôt",
        "Colisage des commandes en renfort",
        "Picking et colis pour les soldes",
    ]
    days = [(dt.date(2026, 3, 3) + dt.timedelta(weeks=n)).isoformat() for n in range(4)]

    report = analyse(_logbook(days, chores))

    labels = {e["id"]: e["label"] for e in report["activities"]}
    assert {labels[f"c{n}"] for n in range(1, 5)} == {"unrelated"}
    assert report["summary"]["repetitive_activities"] == ["c1", "c2", "c3", "c4"]


def test_different_errands_are_not_one_routine():
    errands = [
        "Récupération du costume du directeur au pressing",
        "Achat du cadeau d'anniversaire de la fille du directeur",
        "Lavage de la voiture du directeur",
    ]
    days = ["2026-03-03", "2026-03-10", "2026-03-17"]

    assert _repetitive(_logbook(days, errands)) == []


def test_recurring_objective_work_is_not_a_routine():
    objectives = [
        {
            "id": "o1",
            "title": "Assurer le suivi du chantier de la résidence",
            "description": "Animer les réunions de chantier et rédiger leurs comptes rendus.",
            "indicators": ["Compte rendu de chantier diffusé sous 48 h"],
        },
        {
            "id": "o2",
            "title": "Chiffrer le lot gros œuvre",
            "description": "Métrés et estimation du lot gros œuvre.",
            "indicators": ["Métrés vérifiés"],
        },
    ]
    texts = [f"Réunion de chantier et compte rendu n°{n}" for n in range(20, 25)]
    activities = [
        activity(f"a{n}", (dt.date(2026, 3, 6) + dt.timedelta(weeks=n)).isoformat(), text)
        for n, text in enumerate(texts)
    ]
    activities += [
        activity("m1", "2026-03-02", "Métrés du lot gros œuvre"),
        activity("m2", "2026-03-03", "Estimation du lot gros œuvre"),
    ]

    report = analyse(internship(activities, objectives))

    assert {e["label"] for e in report["activities"] if e["id"].startswith("a")} == {"o1"}
    assert report["summary"]["repetitive_activities"] == []


def test_a_routine_that_names_its_objective_weakly_serves_none():
    # Picking orders again and again, in an internship whose objective is to reorganise the
    # picking zone: field work, but it does not advance the objective.
    objectives = [
        {
            "id": "o1",
            "title": "Réimplanter la zone de picking selon une classification ABC",
            "description": "Analyser les rotations et réimplanter les allées de la zone picking.",
            "indicators": ["Productivité picking en hausse de 10 %"],
        }
    ]
    activities = [
        activity("r1", "2026-03-02", "Calcul des rotations et classification ABC"),
        activity("r2", "2026-03-03", "Plan de réimplantation des allées de la zone picking"),
    ]
    activities += [
        activity(f"c{n}", (dt.date(2026, 3, 4) + dt.timedelta(weeks=n)).isoformat(), text)
        for n, text in enumerate(
            ["Renfort préparation de commandes", "Préparation de commandes en renfort"] * 2
        )
    ]
    program = {"competencies": [{"id": "c1", "label": "Organiser la préparation de commandes"}]}

    data = internship(activities, objectives)
    data["program"] = program
    report = analyse(data)

    labels = {e["id"]: e["label"] for e in report["activities"]}
    assert [labels[f"c{n}"] for n in range(4)] == ["program"] * 4
    assert report["summary"]["repetitive_activities"] == ["c0", "c1", "c2", "c3"]


def test_a_task_taken_up_again_weeks_later_is_not_a_routine():
    # Three times, three ISO weeks, but a month apart each time: stages of the work, not a
    # task logged again and again.
    assert _repetitive(_logbook(["2026-03-03", "2026-04-07", "2026-05-12"])) == []


def test_a_weekly_chore_skipped_once_is_still_a_routine():
    days = ["2026-03-03", "2026-03-10", "2026-03-24", "2026-03-31"]  # no chore the week of the 17th

    assert _repetitive(_logbook(days)) == ["c1", "c2", "c3", "c4"]


def test_a_long_break_cuts_the_routine():
    # Three weeks in a row, then the same chore twice, six weeks later: only the run counts.
    days = ["2026-03-03", "2026-03-10", "2026-03-17", "2026-04-28", "2026-05-05"]

    report = analyse(_logbook(days))

    assert report["summary"]["repetitive_activities"] == ["c1", "c2", "c3"]
    alert = [a for a in report["summary"]["alerts"] if a["code"] == "alignment.repetitive_routine"]
    assert len(alert) == 1 and "3 fois sur 3 semaines" in alert[0]["message"]


def test_two_runs_of_the_same_chore_are_two_routines():
    days = ["2026-03-03", "2026-03-10", "2026-03-17", "2026-05-05", "2026-05-12", "2026-05-19"]

    report = analyse(_logbook(days))

    assert report["summary"]["repetitive_activities"] == [f"c{n}" for n in range(1, 7)]
    codes = [a["code"] for a in report["summary"]["alerts"]]
    assert codes.count("alignment.repetitive_routine") == 2


def test_runs_are_cut_on_dates_not_on_input_order():
    days = ["2026-03-17", "2026-05-05", "2026-03-03", "2026-03-10"]

    assert _repetitive(_logbook(days)) == ["c1", "c3", "c4"]
