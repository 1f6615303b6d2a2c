"""Every rule of the spec's table, at and around each boundary."""

from __future__ import annotations

import pytest

from balise.law import Finding, check
from tests.law.helpers import codes, only

ALL_CODES = {
    "activities.missing",
    "dates.order",
    "duration.max_exceeded",
    "gratification.below_minimum",
    "gratification.missing",
    "gratification.rate_unknown_year",
    "host.quota",
    "host.waiting_period",
    "hours.daily_max",
    "hours.weekly_max",
    "leave.missing",
    "minor.night_work",
    "objectives.missing",
    "objectives.no_competency",
    "objectives.not_measurable",
    "program.in_person_hours",
    "program.training_volume",
    "purpose.prohibited",
    "signature.late",
    "supervision.referent_capacity",
    "supervision.tutor_capacity",
    "tasks.dangerous",
}
WARNINGS = {"gratification.rate_unknown_year", "objectives.not_measurable"}


def test_the_valid_draft_has_no_finding(draft):
    report = check(draft)

    assert report.findings == []
    assert report.valid is True


# -- dates.order -------------------------------------------------------------------------------


def test_end_before_start(draft):
    draft["end_date"] = "2026-04-12"

    report = check(draft)

    finding = only(report, "dates.order")
    assert (finding.severity, finding.field) == ("error", "end_date")
    assert finding.message("fr") == (
        "La date de fin (12 avril 2026) est antérieure à la date de début (13 avril 2026) : "
        "un stage doit finir après avoir commencé."
    )
    assert report.computed.presence_hours == 0


def test_end_before_start_still_runs_the_other_rules(draft):
    draft["end_date"] = "2026-01-01"
    draft["tutor"]["ongoing_internships"] = 3
    draft["prior_hours_same_host_same_year"] = 400
    draft["gratification"] = None

    assert codes(check(draft), "error") == [
        "dates.order",
        "gratification.missing",
        "supervision.tutor_capacity",
    ]


def test_one_day_internship_is_in_order(draft):
    draft["end_date"] = draft["start_date"]

    assert "dates.order" not in codes(check(draft))


# -- duration.max_exceeded ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "prior", "exceeded"),
    [(924, 0, False), (924.01, 0, True), (624, 300, False), (624, 300.01, True), (0, 925, True)],
)
def test_duration_limit(draft, hours, prior, exceeded):
    draft["presence_hours"] = hours
    draft["prior_hours_same_host_same_year"] = prior

    assert ("duration.max_exceeded" in codes(check(draft))) is exceeded


def test_duration_from_the_calendar_names_the_end_date(draft):
    # 5 January to 31 July 2026: 150 weekdays minus 6 holidays (Easter Monday, 1 and 8 May,
    # Ascension Day, Whit Monday, 14 July) = 144 days = 1008 hours.
    draft["start_date"], draft["end_date"] = "2026-01-05", "2026-07-31"

    report = check(draft)

    finding = only(report, "duration.max_exceeded")
    assert finding.field == "end_date"
    assert report.computed.presence_hours == 1008
    assert finding.message("fr") == (
        "La présence prévue (1\u00a0008 heures) dépasse la durée maximale de 924 heures (six mois) "
        "dans un même organisme par année d'enseignement."
    )
    assert finding.message("en") == (
        "The planned presence (1,008 hours) exceeds the maximum of 924 hours (six months) at one "
        "host per teaching year."
    )


def test_duration_with_declared_hours_names_presence_hours(draft):
    draft["presence_hours"] = 1000

    assert only(check(draft), "duration.max_exceeded").field == "presence_hours"


def test_duration_message_counts_earlier_hours(draft):
    draft["presence_hours"] = 700
    draft["prior_hours_same_host_same_year"] = 300

    message = only(check(draft), "duration.max_exceeded").message("fr")

    assert message == (
        "La présence dans cet organisme sur l'année d'enseignement (1\u00a0000 heures, dont "
        "300 heures déjà effectuées) dépasse la durée maximale de 924 heures (six mois) dans un "
        "même organisme par année d'enseignement."
    )


# -- gratification ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "prior", "required"),
    [(308, 0, False), (308.01, 0, True), (200, 108, False), (200, 108.01, True), (0, 309, True)],
)
def test_gratification_threshold(draft, hours, prior, required):
    draft["presence_hours"] = hours
    draft["prior_hours_same_host_same_year"] = prior
    draft["gratification"] = None

    report = check(draft)

    assert report.computed.gratification_required is required
    assert ("gratification.missing" in codes(report)) is required


def test_six_weeks_need_no_gratification(draft):
    # 1 June to 10 July 2026: 30 days, 210 hours.
    draft.update(start_date="2026-06-01", end_date="2026-07-10", gratification=None)

    report = check(draft)

    assert report.findings == []
    assert report.computed.gratification_required is False
    assert report.to_dict()["computed"]["minimum_total_gratification"] == 0


@pytest.mark.parametrize(
    ("gratification", "field"),
    [
        (None, "gratification"),
        ({"hourly_rate": 0}, "gratification.hourly_rate"),
        ({"hourly_rate": None}, "gratification.hourly_rate"),
        ({}, "gratification.hourly_rate"),
    ],
)
def test_gratification_missing(draft, gratification, field):
    draft["gratification"] = gratification

    finding = only(check(draft), "gratification.missing")

    assert (finding.severity, finding.field) == ("error", field)
    assert finding.message("fr") == (
        "La présence prévue (560 heures) dépasse 308 heures (deux mois) : une gratification "
        "d'au moins 4,50 € de l'heure est obligatoire, et la convention n'en prévoit aucune."
    )


def test_gratification_absent_from_the_draft(draft):
    del draft["gratification"]

    assert only(check(draft), "gratification.missing").field == "gratification"


@pytest.mark.parametrize(
    ("start", "end", "rate", "below"),
    [
        ("2026-04-13", "2026-08-07", 4.50, False),
        ("2026-04-13", "2026-08-07", 4.49, True),
        ("2026-04-13", "2026-08-07", 4.35, True),
        ("2025-03-03", "2025-07-25", 4.35, False),
        ("2025-03-03", "2025-07-25", 4.34, True),
        ("2024-03-04", "2024-07-26", 4.35, False),
        # Across the new year, the highest minimum of the two years applies.
        ("2025-11-03", "2026-02-27", 4.40, True),
        ("2025-11-03", "2026-02-27", 4.50, False),
        ("2025-09-01", "2026-01-02", 4.35, True),
        ("2024-09-02", "2025-01-31", 4.35, False),
    ],
)
def test_gratification_below_minimum(draft, start, end, rate, below):
    draft.update(start_date=start, end_date=end, gratification={"hourly_rate": rate})

    report = check(draft)

    assert report.computed.gratification_required is True
    assert ("gratification.below_minimum" in codes(report)) is below


def test_below_minimum_message_names_rate_minimum_and_year(draft):
    draft["gratification"] = {"hourly_rate": 4}

    finding = only(check(draft), "gratification.below_minimum")

    assert (finding.severity, finding.field) == ("error", "gratification.hourly_rate")
    assert finding.message() == (
        "La gratification horaire (4,00 €) est inférieure au minimum légal de 4,50 € en 2026."
    )
    assert finding.message("en") == (
        "The hourly gratification (€4.00) is below the legal minimum of €4.50 in 2026."
    )


def test_below_minimum_across_the_new_year_names_the_higher_year(draft):
    draft.update(start_date="2025-11-03", end_date="2026-02-27", gratification={"hourly_rate": 4.4})

    report = check(draft)

    assert only(report, "gratification.below_minimum").message() == (
        "La gratification horaire (4,40 €) est inférieure au minimum légal de 4,50 € en 2026."
    )
    assert report.computed.minimum_hourly_rate == 4.5


def test_low_rate_is_fine_when_no_gratification_is_due(draft):
    draft.update(presence_hours=308, gratification={"hourly_rate": 1})

    assert check(draft).findings == []


@pytest.mark.parametrize(
    ("start", "end", "field", "minimum", "years"),
    [
        ("2027-02-01", "2027-06-30", "end_date", 4.5, "2027"),
        ("2026-11-02", "2027-02-26", "end_date", 4.5, "2027"),
        ("2023-03-06", "2023-07-28", "start_date", 4.35, "2023"),
        ("2023-11-06", "2024-02-29", "start_date", 4.35, "2023"),
    ],
)
def test_rate_unknown_year(draft, start, end, field, minimum, years):
    draft.update(start_date=start, end_date=end, signed_on=None, previous_intern_on_post=None)

    report = check(draft)

    finding = only(report, "gratification.rate_unknown_year")
    assert (finding.severity, finding.field) == ("warning", field)
    assert years in finding.message("fr")
    assert report.to_dict()["computed"]["minimum_hourly_rate"] == minimum
    assert report.valid is True


def test_rate_unknown_year_message(draft):
    draft.update(start_date="2027-02-01", end_date="2027-06-30", signed_on=None)

    finding = only(check(draft), "gratification.rate_unknown_year")

    assert finding.message("fr") == (
        "Balise ne connaît pas le minimum horaire légal de 2027 : celui de 2026 (4,50 €) est "
        "appliqué à sa place."
    )
    assert finding.message("en") == (
        "Balise does not know the legal minimum hourly rate for 2027; the 2026 rate (€4.50) "
        "is used instead."
    )


def test_rate_unknown_years_on_both_sides(draft):
    draft.update(start_date="2023-12-01", end_date="2027-01-29", presence_hours=900)

    report = check(draft)

    finding = only(report, "gratification.rate_unknown_year")
    assert finding.field == "start_date"
    assert finding.message("fr") == (
        "Balise ne connaît pas le minimum horaire légal de 2023 et 2027 : ceux des années "
        "connues les plus proches sont appliqués à leur place (4,35 € pour 2023 et 4,50 € pour "
        "2027)."
    )


def test_rate_unknown_years_after_the_table(draft):
    draft.update(start_date="2027-11-02", end_date="2028-02-25", signed_on=None)

    finding = only(check(draft), "gratification.rate_unknown_year")

    assert finding.field == "end_date"
    assert finding.message("fr") == (
        "Balise ne connaît pas le minimum horaire légal de 2027 et 2028 : celui de 2026 "
        "(4,50 €) est appliqué à leur place."
    )


def test_unknown_year_rate_still_checks_the_amount(draft):
    draft.update(start_date="2027-02-01", end_date="2027-06-30", gratification={"hourly_rate": 4.4})

    assert codes(check(draft)) == ["gratification.below_minimum", "gratification.rate_unknown_year"]


def test_rate_unknown_year_only_when_gratification_is_due(draft):
    draft.update(start_date="2027-06-01", end_date="2027-07-09", gratification=None)

    report = check(draft)

    assert report.findings == []
    assert report.computed.gratification_required is False


# -- leave.missing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("presence", "leave", "missing"),
    [(560, False, True), (560, True, False), (560, None, False), (308, False, False)],
)
def test_leave_missing(draft, presence, leave, missing):
    draft["presence_hours"] = presence
    draft["leave_provided"] = leave

    report = check(draft)

    assert ("leave.missing" in codes(report)) is missing
    if missing:
        assert only(report, "leave.missing").field == "leave_provided"


def test_leave_missing_when_absent_is_not_checked(draft):
    del draft["leave_provided"]

    assert check(draft).findings == []


# -- hours ----------------------------------------------------------------------------------------

ADULT = "2005-04-01"
MINOR = "2008-04-14"  # 18 the day after the start


@pytest.mark.parametrize(
    ("birth", "daily", "exceeded"),
    [
        (ADULT, 10, False),
        (ADULT, 10.01, True),
        (MINOR, 8, False),
        (MINOR, 8.01, True),
        ("2008-04-13", 10, False),  # 18 on the first day
        (None, 10, False),
    ],
)
def test_daily_max(draft, birth, daily, exceeded):
    draft["intern"]["birth_date"] = birth
    draft["daily_hours_max"] = daily
    draft["weekly_hours"] = 30

    report = check(draft)

    assert ("hours.daily_max" in codes(report)) is exceeded
    if exceeded:
        assert only(report, "hours.daily_max").field == "daily_hours_max"


def test_daily_max_defaults_to_weekly_hours_per_working_day(draft):
    draft["working_days"] = ["mon", "tue", "wed"]

    finding = only(check(draft), "hours.daily_max")

    assert finding.field == "daily_hours_max"
    assert finding.message("fr") == (
        "La durée quotidienne de présence (11,67 heures) dépasse le maximum de 10 heures par jour."
    )


def test_daily_max_message_for_a_minor(draft):
    draft["intern"]["birth_date"] = MINOR
    draft["daily_hours_max"] = 9
    draft["weekly_hours"] = 30

    finding = only(check(draft), "hours.daily_max")

    assert finding.message("fr") == (
        "La durée quotidienne de présence (9 heures) dépasse le maximum de 8 heures par jour "
        "pour un stagiaire de moins de 18 ans."
    )
    assert finding.message("en") == (
        "The daily presence (9 hours) exceeds the maximum of 8 hours a day for an intern under 18."
    )


@pytest.mark.parametrize(
    ("birth", "weekly", "exceeded"),
    [
        (ADULT, 48, False),
        (ADULT, 48.01, True),
        (MINOR, 35, False),
        (MINOR, 35.5, True),
        ("2008-02-29", 36, True),  # 18 on 1 March 2026
    ],
)
def test_weekly_max(draft, birth, weekly, exceeded):
    draft["intern"]["birth_date"] = birth
    draft["weekly_hours"] = weekly
    draft["daily_hours_max"] = 7
    draft["start_date"] = "2026-02-28" if birth == "2008-02-29" else draft["start_date"]
    draft["signed_on"] = None

    report = check(draft)

    assert ("hours.weekly_max" in codes(report)) is exceeded
    if exceeded:
        finding = only(report, "hours.weekly_max")
        assert (finding.severity, finding.field) == ("error", "weekly_hours")


def test_born_on_29_february_is_adult_on_1_march(draft):
    draft.update(weekly_hours=36, daily_hours_max=7, start_date="2026-03-01")
    draft["intern"]["birth_date"] = "2008-02-29"

    assert "hours.weekly_max" not in codes(check(draft))


def test_weekly_max_message(draft):
    draft["weekly_hours"] = 50
    draft["daily_hours_max"] = 10

    assert only(check(draft), "hours.weekly_max").message("fr") == (
        "La durée hebdomadaire de présence (50 heures) dépasse le maximum de 48 heures par semaine."
    )


# -- minor.night_work ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "night", "flagged"),
    [
        (MINOR, True, True),
        (MINOR, False, False),
        ("2008-04-13", True, False),
        (ADULT, True, False),
        (None, True, False),
    ],
)
def test_minor_night_work(draft, birth, night, flagged):
    draft["intern"]["birth_date"] = birth
    draft["night_work"] = night

    assert ("minor.night_work" in codes(check(draft))) is flagged


def test_minor_night_work_message(draft):
    draft["intern"]["birth_date"] = "2008-02-29"
    draft.update(night_work=True, start_date="2026-02-23", signed_on=None)

    finding = only(check(draft), "minor.night_work")

    assert (finding.severity, finding.field) == ("error", "night_work")
    assert finding.message("fr") == (
        "Le ou la stagiaire n'aura 18 ans que le 1er mars 2026, après le début du stage le "
        "23 février 2026 : le travail de nuit est interdit avant 18 ans."
    )
    assert finding.message("en") == (
        "The intern turns 18 only on 1 March 2026, after the internship starts on "
        "23 February 2026: night work is forbidden under 18."
    )


# -- supervision --------------------------------------------------------------------------------


@pytest.mark.parametrize(("ongoing", "flagged"), [(0, False), (2, False), (3, True), (7, True)])
def test_tutor_capacity(draft, ongoing, flagged):
    draft["tutor"]["ongoing_internships"] = ongoing

    assert ("supervision.tutor_capacity" in codes(check(draft))) is flagged


def test_tutor_capacity_message(draft):
    draft["tutor"]["ongoing_internships"] = 3

    finding = only(check(draft), "supervision.tutor_capacity")

    assert finding.field == "tutor.ongoing_internships"
    assert finding.message("fr") == (
        "Le tuteur ou la tutrice suit déjà 3 stagiaires : ce stage serait le 4e, au-delà du "
        "maximum de 3 stagiaires suivis simultanément."
    )
    assert finding.message("en") == (
        "The tutor already supervises 3 interns: this internship would be the 4th, above the "
        "maximum of 3 interns supervised at once."
    )


def test_supervision_not_checked_without_counts(draft):
    draft["tutor"] = {"name": "Paul Durand"}
    draft["referent"] = None

    assert check(draft).findings == []


@pytest.mark.parametrize(
    ("level", "ongoing", "flagged"),
    [
        ("higher_education", 23, False),
        ("higher_education", 24, True),
        ("secondary", 15, False),
        ("secondary", 16, True),
        ("secondary", 23, True),
    ],
)
def test_referent_capacity(draft, level, ongoing, flagged):
    draft["level"] = level
    draft["referent"]["ongoing_internships"] = ongoing

    report = check(draft)

    assert ("supervision.referent_capacity" in codes(report)) is flagged
    if flagged:
        finding = only(report, "supervision.referent_capacity")
        assert finding.field == "referent.ongoing_internships"
        assert f"{ongoing + 1}e" in finding.message("fr")


def test_referent_capacity_message(draft):
    draft["level"] = "secondary"
    draft["referent"]["ongoing_internships"] = 16

    finding = only(check(draft), "supervision.referent_capacity")

    assert finding.message("fr") == (
        "L'enseignant référent suit déjà 16 stagiaires : ce stage serait le 17e, au-delà du "
        "maximum de 16 stagiaires suivis simultanément dans l'enseignement secondaire."
    )
    assert finding.message("en") == (
        "The teaching referent already follows 16 interns: this internship would be the 17th, "
        "above the maximum of 16 interns followed at once in secondary education."
    )


# -- host.quota ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headcount", "same_week", "flagged"),
    [
        (0, 2, False),
        (5, 0, False),
        (19, 2, False),
        (19, 3, True),
        (20, 2, False),  # 15 % of 20 is exactly 3
        (20, 3, True),
        (21, 3, False),  # ceil(3.15) = 4
        (21, 4, True),
        (45, 6, False),  # ceil(6.75) = 7
        (45, 7, True),
        (100, 14, False),
        (100, 15, True),
        (101, 15, False),  # ceil(15.15) = 16
    ],
)
def test_host_quota(draft, headcount, same_week, flagged):
    draft["host"]["headcount"] = headcount
    draft["host"]["interns_same_week"] = same_week

    assert ("host.quota" in codes(check(draft))) is flagged


def test_host_quota_defaults_to_no_other_intern(draft):
    draft["host"] = {"headcount": 1}

    assert check(draft).findings == []


def test_host_quota_not_checked_without_headcount(draft):
    draft["host"] = {"name": "Acme SAS", "interns_same_week": 50}

    assert check(draft).findings == []


def test_host_quota_messages(draft):
    draft["host"] = {"headcount": 45, "interns_same_week": 7}
    large = only(check(draft), "host.quota")
    draft["host"] = {"headcount": 12, "interns_same_week": 3}
    small = only(check(draft), "host.quota")

    assert large.field == small.field == "host.interns_same_week"
    assert large.message("fr") == (
        "Avec ce stage, l'organisme d'accueil aurait 8 stagiaires la même semaine, au-delà du "
        "plafond de 7 stagiaires (15 % de l'effectif de 45, arrondi à l'entier supérieur)."
    )
    assert small.message("fr") == (
        "Avec ce stage, l'organisme d'accueil aurait 4 stagiaires la même semaine, au-delà du "
        "plafond de 3 stagiaires pour un effectif de moins de 20 personnes (ici 12)."
    )
    assert small.message("en") == (
        "With this internship the host would have 4 interns in the same week, above the cap of "
        "3 interns for a headcount under 20 (here 12)."
    )


# -- host.waiting_period ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "flagged"),
    [("2026-04-27", True), ("2026-04-28", True), ("2026-04-29", False), ("2026-05-04", False)],
)
def test_waiting_period_boundary(draft, start, flagged):
    # 5 January to 31 March 2026: 86 days, a third is 28.67, so 29 days: not before 29 April.
    draft["previous_intern_on_post"] = {"start_date": "2026-01-05", "end_date": "2026-03-31"}
    draft["start_date"] = start

    assert ("host.waiting_period" in codes(check(draft))) is flagged


def test_waiting_period_of_an_exact_third(draft):
    # 2 January to 1 April 2026: 90 days, so 30 days: not before 1 May.
    draft["previous_intern_on_post"] = {"start_date": "2026-01-02", "end_date": "2026-04-01"}
    draft["start_date"] = "2026-04-30"
    assert "host.waiting_period" in codes(check(draft))

    draft["start_date"] = "2026-05-01"
    assert "host.waiting_period" not in codes(check(draft))


def test_waiting_period_message(draft):
    draft["previous_intern_on_post"] = {"start_date": "2026-01-05", "end_date": "2026-03-31"}
    draft["start_date"] = "2026-04-28"

    finding = only(check(draft), "host.waiting_period")

    assert (finding.severity, finding.field) == ("error", "start_date")
    assert finding.message("fr") == (
        "Le stage précédent sur ce poste a duré 86 jours et s'est terminé le 31 mars 2026 : un "
        "délai de carence de 29 jours (le tiers de sa durée) interdit un nouveau stage avant le "
        "29 avril 2026, or celui-ci commence le 28 avril 2026."
    )


def test_waiting_period_waived_when_the_intern_ended_early(draft):
    draft["previous_intern_on_post"] = {
        "start_date": "2026-01-05",
        "end_date": "2026-03-31",
        "ended_early_by_intern": True,
    }
    draft["start_date"] = "2026-04-01"

    assert "host.waiting_period" not in codes(check(draft))


@pytest.mark.parametrize(
    "previous", [{}, {"start_date": "2026-01-05"}, {"end_date": "2026-03-31"}, None]
)
def test_waiting_period_not_checked_without_both_dates(draft, previous):
    draft["previous_intern_on_post"] = previous
    draft["start_date"] = "2026-04-01"

    assert "host.waiting_period" not in codes(check(draft))


def test_waiting_period_at_the_end_of_the_calendar(draft):
    draft["previous_intern_on_post"] = {"start_date": "9999-01-01", "end_date": "9999-12-31"}

    assert "host.waiting_period" in codes(check(draft))


# -- program ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "teaching", "flagged"),
    [
        ("higher_education", 199, True),
        ("higher_education", 199.99, True),
        ("higher_education", 200, False),
        ("secondary", 199, True),
        ("secondary", 200, False),
    ],
)
def test_training_volume(draft, level, teaching, flagged):
    draft["level"] = level
    draft["program"]["teaching_hours_per_year"] = teaching

    report = check(draft)

    assert ("program.training_volume" in codes(report)) is flagged
    if flagged:
        assert only(report, "program.training_volume").field == "program.teaching_hours_per_year"


@pytest.mark.parametrize(
    ("level", "in_person", "flagged"),
    [
        ("higher_education", 49, True),
        ("higher_education", 50, False),
        ("secondary", 0, False),
    ],
)
def test_in_person_hours(draft, level, in_person, flagged):
    draft["level"] = level
    draft["program"]["in_person_hours_per_year"] = in_person

    report = check(draft)

    assert ("program.in_person_hours" in codes(report)) is flagged
    if flagged:
        finding = only(report, "program.in_person_hours")
        assert finding.field == "program.in_person_hours_per_year"
        assert finding.message("fr") == (
            "La formation ne comporte que 49 heures d'enseignement en présence par année, moins "
            "que le minimum de 50 heures requis dans l'enseignement supérieur."
        )


def test_program_not_checked_without_figures(draft):
    draft["program"] = {"name": "BUT Informatique"}

    assert check(draft).findings == []


def test_training_volume_message(draft):
    draft["program"]["teaching_hours_per_year"] = 150

    assert only(check(draft), "program.training_volume").message("en") == (
        "The programme provides only 150 hours of teaching per year, below the minimum of "
        "200 hours required to include an internship."
    )


# -- purpose ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "flag", ["permanent_post", "temporary_increase", "seasonal_job", "replaces_employee"]
)
def test_prohibited_purpose(draft, flag):
    draft["purpose"][flag] = True

    report = check(draft)

    finding = only(report, "purpose.prohibited")
    assert (finding.severity, finding.field) == ("error", f"purpose.{flag}")
    assert codes(report) == ["purpose.prohibited"]


def test_several_prohibited_purposes_make_one_finding(draft):
    draft["purpose"] = {"seasonal_job": True, "replaces_employee": True}

    finding = only(check(draft), "purpose.prohibited")

    assert finding.field == "purpose"
    assert finding.message("fr") == (
        "Une convention de stage ne peut pas être conclue pour occuper un emploi saisonnier et "
        "remplacer un salarié : ces motifs sont interdits par l'article L124-7 du Code de "
        "l'éducation."
    )


def test_dangerous_tasks(draft):
    draft["purpose"] = {"dangerous_tasks": True}

    report = check(draft)

    finding = only(report, "tasks.dangerous")
    assert (finding.severity, finding.field) == ("error", "purpose.dangerous_tasks")
    assert codes(report) == ["tasks.dangerous"]


# -- objectives and activities ----------------------------------------------------------------


def test_no_objective(draft):
    draft["objectives"] = []

    finding = only(check(draft), "objectives.missing")

    assert (finding.severity, finding.field) == ("error", "objectives")


def test_objective_without_competency_or_indicator(draft):
    draft["objectives"].append({"title": "Découvrir l'entreprise"})

    report = check(draft)

    assert [(f.code, f.severity, f.field) for f in report.findings] == [
        ("objectives.no_competency", "error", "objectives[1].competencies"),
        ("objectives.not_measurable", "warning", "objectives[1].indicators"),
    ]
    assert report.findings[0].message("fr") == (
        "L'objectif 2 « Découvrir l'entreprise » ne liste aucune compétence à acquérir : il en "
        "faut au moins une."
    )
    assert report.findings[1].message("en") == (
        'Objective 2 "Découvrir l\'entreprise" gives no indicator of success: without at least '
        "one indicator, its achievement cannot be measured."
    )


def test_objective_with_blank_competency(draft):
    draft["objectives"][0]["competencies"] = ["   "]

    assert codes(check(draft)) == ["objectives.no_competency"]


def test_one_finding_per_objective_sorted_by_index(draft):
    draft["objectives"] = [{"title": f"Objectif {n}", "competencies": ["C"]} for n in range(12)]

    report = check(draft)

    assert [f.field for f in report.findings] == [f"objectives[{n}].indicators" for n in range(12)]


@pytest.mark.parametrize("activities", [[], [""], ["  ", "\n"]])
def test_no_activity(draft, activities):
    draft["activities"] = activities

    finding = only(check(draft), "activities.missing")

    assert (finding.severity, finding.field) == ("error", "activities")


# -- signature.late ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signed_on", "late"),
    [("2026-04-12", False), ("2026-04-13", False), ("2026-04-14", True), (None, False)],
)
def test_signature_late(draft, signed_on, late):
    draft["signed_on"] = signed_on

    report = check(draft)

    assert ("signature.late" in codes(report)) is late
    if late:
        assert only(report, "signature.late").field == "signed_on"


# -- the report as a whole --------------------------------------------------------------------


def _everything_wrong(draft):
    draft.update(
        start_date="2027-04-12",
        end_date="2027-04-09",
        weekly_hours=50,
        daily_hours_max=11,
        night_work=True,
        prior_hours_same_host_same_year=1000,
        gratification={"hourly_rate": 3},
        leave_provided=False,
        level="higher_education",
        signed_on="2027-04-13",
        objectives=[{"title": "Flou"}],
        activities=[],
    )
    draft["intern"]["birth_date"] = "2010-01-01"
    draft["program"] = {"teaching_hours_per_year": 100, "in_person_hours_per_year": 10}
    draft["host"] = {"headcount": 10, "interns_same_week": 3}
    draft["tutor"]["ongoing_internships"] = 3
    draft["referent"]["ongoing_internships"] = 30
    draft["previous_intern_on_post"] = {"start_date": "2027-01-04", "end_date": "2027-04-02"}
    draft["purpose"] = {"permanent_post": True, "dangerous_tasks": True}
    return draft


def test_every_rule_fires_at_once(draft):
    report = check(_everything_wrong(draft))

    assert set(codes(report)) == ALL_CODES - {"gratification.missing", "objectives.missing"}
    assert report.valid is False


def test_every_rule_has_its_severity(draft):
    report = check(_everything_wrong(draft))

    for finding in report.findings:
        assert finding.severity == ("warning" if finding.code in WARNINGS else "error")


def test_findings_sorted_by_code_then_field(draft):
    report = check(_everything_wrong(draft))

    keys = [(f.code, f.field) for f in report.findings]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_message_is_a_full_sentence(draft, lang):
    findings = check(_everything_wrong(draft)).findings + [
        Finding("objectives.missing", "error", "objectives"),
        Finding("gratification.missing", "error", "gratification", only_params(draft)),
    ]

    for finding in findings:
        message = finding.message(lang)
        assert message[0].isupper(), message
        assert message.endswith("."), message
        assert "{" not in message and "None" not in message, message


def only_params(draft):
    draft = _everything_wrong(draft)
    draft["gratification"] = None
    return only(check(draft), "gratification.missing").params


def test_english_and_french_differ(draft):
    for finding in check(_everything_wrong(draft)).findings:
        assert finding.message("fr") != finding.message("en")


def test_to_dict_shape(draft):
    report = check(_everything_wrong(draft))

    output = report.to_dict("en")

    assert set(output) == {"valid", "findings", "computed"}
    assert output["valid"] is False
    for finding in output["findings"]:
        assert set(finding) == {"code", "severity", "field", "message"}
    assert set(output["computed"]) == {
        "presence_hours",
        "presence_days",
        "presence_months",
        "gratification_required",
        "minimum_hourly_rate",
        "minimum_total_gratification",
    }
