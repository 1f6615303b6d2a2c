"""Parsing a draft: defaults, types, and every way an input is unusable."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from balise.law import AgreementDraft, InputError, parse


def _set(data: dict, path: str, value: object) -> None:
    """Set `a.b[0].c` in nested dicts and lists; `value` DELETE removes the key."""
    keys: list[str | int] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        keys.append(name)
        if rest:
            keys.extend(int(index) for index in rest.rstrip("]").split("]["))
    target = data
    for key in keys[:-1]:
        target = target[key]
    if value is DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value


DELETE = object()


def _error(data: dict) -> InputError:
    with pytest.raises(InputError) as info:
        parse(data)
    return info.value


def test_valid_draft_parses_to_typed_values(draft):
    parsed = parse(draft)

    assert isinstance(parsed, AgreementDraft)
    assert parsed.start_date == dt.date(2026, 4, 13)
    assert parsed.weekly_hours == 35
    assert parsed.hourly_rate == Fraction(9, 2)
    assert parsed.working_days == (0, 1, 2, 3, 4)
    assert parsed.host.headcount == 45
    assert parsed.objectives[0].competencies == ("Développer une application",)
    assert parsed.leave_provided is True


def test_minimal_draft_takes_the_defaults():
    parsed = parse(
        {
            "start_date": "2026-04-13",
            "end_date": "2026-04-17",
            "weekly_hours": 35,
            "objectives": [],
            "activities": [],
        }
    )

    assert parsed.level == "higher_education"
    assert parsed.working_days == (0, 1, 2, 3, 4)
    assert parsed.daily_hours == 7
    assert parsed.presence_hours is None
    assert parsed.hourly_rate is None
    assert parsed.gratification_given is False
    assert parsed.leave_provided is None
    assert parsed.prior_hours_same_host_same_year == 0
    assert parsed.host.headcount is None
    assert parsed.host.interns_same_week == 0
    assert parsed.tutor.ongoing_internships is None
    assert parsed.previous_intern_on_post is None
    assert parsed.signed_on is None
    assert parsed.night_work is parsed.public_holiday_work is False


def test_unknown_fields_are_ignored(draft):
    draft["colour"] = "blue"
    draft["host"]["sector"] = {"naf": "62.01Z"}
    draft["objectives"][0]["weight"] = [1, 2]

    parse(draft)


def test_null_optional_fields_mean_absent(draft):
    for key in ("level", "program", "intern", "host", "tutor", "referent", "gratification"):
        draft[key] = None
    draft["working_days"] = None
    draft["leave_provided"] = None
    draft["previous_intern_on_post"] = None

    parsed = parse(draft)

    assert parsed.working_days == (0, 1, 2, 3, 4)
    assert parsed.host.headcount is None
    assert parsed.leave_provided is None


def test_integer_where_a_decimal_is_expected(draft):
    draft["gratification"]["hourly_rate"] = 5
    draft["weekly_hours"] = 35.5

    parsed = parse(draft)

    assert parsed.hourly_rate == 5
    assert parsed.weekly_hours == Fraction(71, 2)


def test_decimals_are_exact(draft):
    draft["gratification"]["hourly_rate"] = 4.35

    assert parse(draft).hourly_rate == Fraction(435, 100)


def test_whole_float_count_is_accepted(draft):
    draft["host"]["headcount"] = 45.0

    assert parse(draft).host.headcount == 45


def test_working_days_accept_full_names_and_any_case(draft):
    draft["working_days"] = ["Saturday", "MON", "wed"]

    assert parse(draft).working_days == (0, 2, 5)


def test_zero_rate_means_no_gratification(draft):
    draft["gratification"] = {"hourly_rate": 0}

    parsed = parse(draft)

    assert parsed.hourly_rate is None
    assert parsed.gratification_given is True


def test_blank_strings_do_not_count(draft):
    draft["objectives"][0]["competencies"] = ["", "  "]
    draft["activities"] = [" "]

    parsed = parse(draft)

    assert parsed.objectives[0].competencies == ()
    assert parsed.activities == ()


@pytest.mark.parametrize(
    "field", ["start_date", "end_date", "weekly_hours", "objectives", "activities"]
)
def test_required_field_missing(draft, field):
    del draft[field]

    error = _error(draft)

    assert error.field == field
    assert error.message == "required field is missing"
    assert error.message_fr == "champ obligatoire manquant"


@pytest.mark.parametrize(
    "field", ["start_date", "end_date", "weekly_hours", "objectives", "activities"]
)
def test_required_field_null(draft, field):
    draft[field] = None

    assert _error(draft).field == field


@pytest.mark.parametrize(
    ("path", "value"),
    [
        # required fields
        ("start_date", 20260413),
        ("end_date", True),
        ("weekly_hours", "35"),
        ("weekly_hours", True),
        ("weekly_hours", [35]),
        ("objectives", {"title": "x"}),
        ("objectives", "Concevoir l'API"),
        ("objectives[0]", "Concevoir l'API"),
        ("objectives[0].title", 3),
        ("objectives[0].competencies", "Développer une application"),
        ("objectives[0].competencies[0]", None),
        ("objectives[0].indicators[0]", {"text": "x"}),
        ("activities", "Développement"),
        ("activities[0]", 12),
        # optional fields
        ("level", 1),
        ("program", "BUT"),
        ("program.teaching_hours_per_year", "600"),
        ("program.in_person_hours_per_year", False),
        ("program.name", 42),
        ("intern", []),
        ("intern.name", ["Léa"]),
        ("intern.birth_date", 2005),
        ("host.headcount", "45"),
        ("host.headcount", True),
        ("host.interns_same_week", [2]),
        ("host.siret", 73282932000074),
        ("tutor.ongoing_internships", "1"),
        ("referent.ongoing_internships", False),
        ("daily_hours_max", "7"),
        ("working_days", "mon-fri"),
        ("working_days[0]", 1),
        ("presence_hours", "560"),
        ("night_work", "false"),
        ("sunday_work", 0),
        ("public_holiday_work", 1),
        ("gratification", 4.5),
        ("gratification", "4.50"),
        ("gratification.hourly_rate", "4,50"),
        ("gratification.hourly_rate", True),
        ("leave_provided", "yes"),
        ("prior_hours_same_host_same_year", "0"),
        ("previous_intern_on_post", "2025"),
        ("previous_intern_on_post.end_date", 2025),
        ("previous_intern_on_post.ended_early_by_intern", "no"),
        ("purpose", True),
        ("purpose.replaces_employee", 1),
        ("purpose.dangerous_tasks", "false"),
        ("signed_on", 1),
    ],
)
def test_wrong_type_names_the_field(draft, path, value):
    _set(draft, path, value)

    error = _error(draft)

    assert error.field == path
    assert error.message.startswith("must be"), error.message


@pytest.mark.parametrize(
    "path",
    [
        "weekly_hours",
        "daily_hours_max",
        "presence_hours",
        "prior_hours_same_host_same_year",
        "gratification.hourly_rate",
        "program.teaching_hours_per_year",
        "program.in_person_hours_per_year",
        "host.headcount",
        "host.interns_same_week",
        "tutor.ongoing_internships",
        "referent.ongoing_internships",
    ],
)
def test_negative_number_names_the_field(draft, path):
    _set(draft, path, -1)

    error = _error(draft)

    assert error.field == path
    assert "negative" in error.message


@pytest.mark.parametrize("path", ["host.headcount", "tutor.ongoing_internships"])
def test_fractional_count_is_refused(draft, path):
    _set(draft, path, 2.5)

    assert _error(draft).field == path


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 10**10])
def test_non_finite_or_absurd_number_is_refused(draft, value):
    draft["weekly_hours"] = value

    assert _error(draft).field == "weekly_hours"


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "0000-01-01",
        "2026/04/13",
        "13/04/2026",
        "20260413",
        "2026-4-13",
        "2026-04-13T09:00",
        "2026-04-13 ",
        "",
        "demain",
        "２０２６-04-13",
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "start_date",
        "end_date",
        "intern.birth_date",
        "signed_on",
        "previous_intern_on_post.start_date",
    ],
)
def test_impossible_or_non_iso_date(draft, path, value):
    _set(draft, path, value)

    error = _error(draft)

    assert error.field == path


def test_leap_day_is_a_real_date(draft):
    draft["intern"]["birth_date"] = "2008-02-29"

    assert parse(draft).intern.birth_date == dt.date(2008, 2, 29)


def test_unknown_level(draft):
    draft["level"] = "university"

    assert _error(draft).field == "level"


def test_empty_working_days(draft):
    draft["working_days"] = []

    assert _error(draft).field == "working_days"


@pytest.mark.parametrize("name", ["lun", "mo", "weekday", ""])
def test_unknown_day_name(draft, name):
    draft["working_days"] = ["mon", name]

    assert _error(draft).field == "working_days[1]"


def test_repeated_day(draft):
    draft["working_days"] = ["mon", "tue", "monday"]

    error = _error(draft)

    assert error.field == "working_days[2]"
    assert "twice" in error.message


def test_previous_internship_ending_before_it_starts(draft):
    draft["previous_intern_on_post"] = {"start_date": "2025-12-01", "end_date": "2025-11-30"}

    assert _error(draft).field == "previous_intern_on_post.end_date"


def test_input_that_is_not_an_object():
    for value in ([], "draft", 3, None):
        error = _error(value)
        assert error.field == ""
        assert "object" in error.message


def test_error_names_the_index_in_a_list(draft):
    draft["objectives"].append({"title": "Tester", "competencies": ["Tester"], "indicators": [3]})

    assert _error(draft).field == "objectives[1].indicators[0]"


def test_input_error_is_localized(draft):
    draft["end_date"] = "2026-02-30"

    error = _error(draft)

    assert error.localized("fr") == "end_date : 2026-02-30 n'est pas une date qui existe"
    assert error.localized("en") == "end_date: 2026-02-30 is not a real date"
    assert str(error) == "end_date: 2026-02-30 is not a real date"


def test_a_bare_zero_gratification_means_none_as_the_rules_table_says():
    import copy

    from balise.law import check
    from tests.law.helpers import VALID_DRAFT

    draft = copy.deepcopy(VALID_DRAFT)
    draft["gratification"] = 0
    report = check(draft)
    missing = [f for f in report.findings if f.code == "gratification.missing"]
    assert len(missing) == 1 and missing[0].field == "gratification"
