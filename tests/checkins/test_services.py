"""Check-in services: the plan, moving and cancelling, preparing, holding, the record, the
sign-off and what is read-only afterwards; and the "what changed" selector."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from balise.agreements.models import (
    AgreementEvent,
    AgreementStatus,
    AgreementVersion,
    Amendment,
    AmendmentStatus,
)
from balise.checkins import selectors, services
from balise.checkins.models import (
    ActionItem,
    CheckIn,
    CheckInKind,
    CheckInPlan,
    CheckInStatus,
    Feedback,
    ObjectiveRating,
)
from balise.journal.models import Activity, Alert, AlertCode
from balise.notifications.models import Notification
from tests import factories
from tests.checkins.conftest import hold_and_sign, prepare, ratings_for, start_of_internship


@pytest.fixture(autouse=True)
def english():
    """The messages below are asserted in English; French is the default language."""
    with translation.override("en"):
        yield


TODAY = timezone.localdate()


def kinds_to(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def later(planned):
    """A check-in whose day is still to come (the third of the plan)."""
    checkin = CheckIn.objects.filter(agreement=planned).order_by("starts_at")[2]
    checkin.agreement = planned
    assert timezone.localdate(checkin.starts_at) > TODAY
    return checkin


# The plan -------------------------------------------------------------------------------------


def test_the_plan_dates_the_whole_internship_with_a_mid_check_in(personas, planned):
    checkins = list(CheckIn.objects.filter(agreement=planned).order_by("starts_at"))
    assert len(checkins) >= 5
    assert all(planned.start_date <= c.starts_at.date() <= planned.end_date for c in checkins)
    local = [timezone.localtime(c.starts_at) for c in checkins]
    assert all(moment.hour == 14 and moment.minute == 0 for moment in local)
    assert all(moment.weekday() in (3, 4) for moment in local)  # Thursday, Friday if a holiday
    gaps = {(b.date() - a.date()).days for a, b in zip(local, local[1:], strict=False)}
    assert gaps <= {13, 14, 15}
    (mid,) = [c for c in checkins if c.kind == CheckInKind.MID]
    assert mid.with_referent
    middle = planned.start_date + (planned.end_date - planned.start_date) / 2
    assert abs((mid.starts_at.date() - middle).days) <= 7
    assert not any(c.with_referent for c in checkins if c.kind != CheckInKind.MID)
    # Everyone but the tutor who set it is told.
    assert "checkin_scheduled" in kinds_to(personas.intern)
    assert "checkin_scheduled" in kinds_to(personas.referent)
    assert kinds_to(personas.tutor) == []


def test_a_new_plan_keeps_what_people_touched_and_replaces_the_rest(personas, planned, first):
    hold_and_sign(first, personas)
    untouched = list(CheckIn.objects.filter(agreement=planned).order_by("starts_at"))
    upcoming = [c for c in untouched if c.starts_at > timezone.now()]
    moved, prepared, cancelled = upcoming[0], upcoming[1], upcoming[2]
    for checkin in (moved, prepared, cancelled):
        checkin.agreement = planned
    new_time = moved.starts_at + dt.timedelta(days=1, hours=-4)
    services.checkin_move(checkin=moved, by=personas.tutor, starts_at=new_time)
    prepare(prepared, personas.intern, submit=False)
    services.checkin_cancel(checkin=cancelled, by=personas.referent, reason="Fermeture annuelle")

    services.checkin_plan_set(
        agreement=planned, by=personas.referent, cadence_weeks=1, weekday=1, time=dt.time(10, 30)
    )

    after = {c.pk: c for c in CheckIn.objects.filter(agreement=planned)}
    for kept in (first, moved, prepared, cancelled):
        assert kept.pk in after
    assert after[moved.pk].starts_at == new_time
    assert after[cancelled.pk].status == CheckInStatus.CANCELLED
    replaced = {c.pk for c in upcoming[3:]}
    assert not replaced & set(after)
    newest = max(c.pk for c in untouched)
    fresh = [c for c in after.values() if c.pk > newest]
    assert fresh and all(timezone.localtime(c.starts_at).weekday() in (1, 2) for c in fresh)
    assert all(c.starts_at > timezone.now() for c in fresh)
    # The past ones nobody held stay, to be held late or cancelled.
    assert all(c.pk in after for c in untouched if c.starts_at < timezone.now())
    weeks = [
        timezone.localdate(c.starts_at)
        - dt.timedelta(days=timezone.localdate(c.starts_at).weekday())
        for c in after.values()
        if c.status != CheckInStatus.CANCELLED
    ]
    assert len(weeks) == len(set(weeks))  # no week got a second check-in
    assert CheckInPlan.objects.get(agreement=planned).cadence_weeks == 1


def test_only_the_tutor_or_the_referent_plans_and_only_once_signed(personas, running):
    with pytest.raises(PermissionDenied):
        services.checkin_plan_set(agreement=running, by=personas.intern)
    draft = factories.AgreementFactory(
        program=personas.program, intern=personas.other_intern, tutor=personas.tutor
    )
    with pytest.raises(ValidationError):
        services.checkin_plan_set(agreement=draft, by=personas.tutor)
    with pytest.raises(ValidationError):
        services.checkin_plan_set(agreement=running, by=personas.tutor, cadence_weeks=9)
    assert not CheckIn.objects.exists()


def test_ensure_creates_the_default_plan_once_with_check_ins_still_to_come(personas, running):
    plan = services.checkin_plan_ensure(agreement=running)
    assert plan.cadence_weeks == 2 and plan.weekday == 3
    count = CheckIn.objects.filter(agreement=running).count()
    assert count > 0
    assert not CheckIn.objects.filter(starts_at__lte=timezone.now()).exists()
    assert services.checkin_plan_ensure(agreement=running) == plan
    assert CheckIn.objects.filter(agreement=running).count() == count
    # Told without an actor: the plan was set by Balise.
    notification = Notification.objects.get(recipient=personas.tutor)
    assert notification.actor is None and notification.data["plan"]
    draft = factories.AgreementFactory(program=personas.program, intern=personas.other_intern)
    assert draft.status == AgreementStatus.DRAFT
    assert services.checkin_plan_ensure(agreement=draft) is None


# Adding, moving, cancelling -------------------------------------------------------------------


def test_move_bumps_the_sequence_and_tells_the_others(personas, planned):
    checkin = later(planned)
    new_time = checkin.starts_at + dt.timedelta(days=1)
    moved = services.checkin_move(
        checkin=checkin, by=personas.tutor, starts_at=new_time, place="Salle Lumière"
    )
    assert moved.moved and moved.sequence == 1 and moved.place == "Salle Lumière"
    notification = Notification.objects.filter(recipient=personas.intern).latest("pk")
    assert notification.kind == "checkin_scheduled" and "previous" in notification.data
    # Nothing changed: nothing happens.
    services.checkin_move(checkin=moved, by=personas.tutor, starts_at=new_time)
    moved.refresh_from_db()
    assert moved.sequence == 1


def test_move_outside_the_internship_or_by_the_intern_is_refused(personas, planned):
    checkin = later(planned)
    outside = timezone.make_aware(
        dt.datetime.combine(planned.end_date + dt.timedelta(days=1), dt.time(10))
    )
    with pytest.raises(ValidationError) as error:
        services.checkin_move(checkin=checkin, by=personas.tutor, starts_at=outside)
    assert "starts_at" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.checkin_move(checkin=checkin, by=personas.intern, starts_at=checkin.starts_at)


def test_cancel_needs_a_reason(personas, planned):
    checkin = later(planned)
    with pytest.raises(ValidationError):
        services.checkin_cancel(checkin=checkin, by=personas.tutor, reason="  ")
    services.checkin_cancel(checkin=checkin, by=personas.tutor, reason="Séminaire d'équipe")
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.CANCELLED and checkin.sequence == 1
    notification = Notification.objects.filter(recipient=personas.intern).latest("pk")
    assert notification.kind == "checkin_cancelled"
    assert notification.detail == "Séminaire d'équipe"


def test_an_additional_check_in_by_the_referent_includes_the_referent(personas, planned):
    when = timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=3), dt.time(9)))
    checkin = services.checkin_add(agreement=planned, by=personas.referent, starts_at=when)
    assert checkin.kind == CheckInKind.AD_HOC and checkin.with_referent
    assert "checkin_scheduled" in kinds_to(personas.tutor)


# Preparing ------------------------------------------------------------------------------------


def test_a_preparation_is_saved_then_submitted_then_locked(personas, planned, second):
    prepare(second, personas.intern, submit=False, went_well="Les tests", notes="ignoré")
    second.refresh_from_db()
    assert second.intern_went_well == "Les tests" and second.tutor_notes == ""
    assert second.intern_submitted_at is None
    prepare(second, personas.intern, zone=2)
    second.refresh_from_db()
    assert second.intern_submitted_at is not None
    assert set(ObjectiveRating.objects.filter(checkin=second).values_list("zone", flat=True)) == {2}
    with pytest.raises(ValidationError, match="submitted"):
        prepare(second, personas.intern, zone=3)
    assert "checkin_prepared" in kinds_to(personas.tutor)


def test_submitting_asks_for_every_rating(personas, planned, second):
    objectives, competencies = ratings_for(planned)
    objectives.popitem()
    with pytest.raises(ValidationError, match="Rate every"):
        services.checkin_prepare(
            checkin=second,
            by=personas.tutor,
            objectives=objectives,
            competencies=competencies,
            submit=True,
        )
    assert not ObjectiveRating.objects.exists()


def test_outsiders_and_foreign_objectives_cannot_be_rated(personas, planned, second):
    with pytest.raises(PermissionDenied):
        prepare(second, personas.staff)
    with pytest.raises(PermissionDenied):
        prepare(second, personas.signatory)
    other = factories.ObjectiveFactory()
    with pytest.raises(ValidationError):
        services.checkin_prepare(checkin=second, by=personas.intern, objectives={other.pk: (1, "")})


def test_a_jump_of_two_zones_or_levels_needs_a_justification(personas, planned, first, second):
    prepare(first, personas.intern, zone=0, level=1)
    objective = planned.objectives.first()
    with pytest.raises(ValidationError, match="justification"):
        services.checkin_prepare(
            checkin=second, by=personas.intern, objectives={objective.pk: (2, "")}
        )
    assert not ObjectiveRating.objects.filter(checkin=second).exists()
    # One step is fine; two with a reason too; the tutor's own history is his.
    services.checkin_prepare(checkin=second, by=personas.intern, objectives={objective.pk: (1, "")})
    services.checkin_prepare(
        checkin=second,
        by=personas.intern,
        objectives={objective.pk: (2, "Le premier lot est livré")},
    )
    services.checkin_prepare(checkin=second, by=personas.tutor, objectives={objective.pk: (3, "")})
    rating = ObjectiveRating.objects.get(checkin=second, role="intern")
    assert rating.justification == "Le premier lot est livré"


def test_the_board_reads_nothing_of_the_other_side_until_both_submitted(personas, planned, second):
    prepare(second, personas.intern, zone=3, went_well="SECRET")
    board = selectors.ratings_board(second, personas.tutor)
    assert board.hidden
    for row in board.objectives + board.competencies:
        intern_cell = row.cells[0]
        assert intern_cell.hidden and intern_cell.value is None
    masked = selectors.masked(CheckIn.objects.get(pk=second.pk), personas.tutor)
    assert masked.intern_went_well == ""
    # The intern sees her own.
    own = selectors.ratings_board(second, personas.intern)
    assert own.objectives[0].cells[0].value == 3
    prepare(second, personas.tutor, zone=1)
    second.refresh_from_db()
    board = selectors.ratings_board(second, personas.tutor)
    assert not board.hidden
    assert [c.value for c in board.objectives[0].cells] == [3, 1, None]


# Holding and the record -----------------------------------------------------------------------


def test_holding_waits_for_the_day_and_closes_the_preparations(personas, planned, first):
    checkin = later(planned)
    with pytest.raises(ValidationError, match="day"):
        services.checkin_hold(checkin=checkin, by=personas.tutor)
    with pytest.raises(PermissionDenied):
        services.checkin_hold(checkin=first, by=personas.intern)
    prepare(first, personas.intern, submit=False)
    held = services.checkin_hold(checkin=first, by=personas.referent)
    assert held.status == CheckInStatus.HELD and held.held_by == personas.referent
    assert held.both_submitted
    with pytest.raises(ValidationError, match="closed"):
        prepare(held, personas.tutor)


@pytest.fixture
def held(personas, planned, first):
    services.checkin_hold(checkin=first, by=personas.tutor)
    first.refresh_from_db()
    return first


def test_a_milestone_adjustment_moves_it_and_keeps_the_reason(personas, planned, held):
    objective = planned.objectives.first()
    milestone = factories.MilestoneFactory(
        objective=objective, due_date=TODAY + dt.timedelta(days=10)
    )
    new_date = TODAY + dt.timedelta(days=20)
    feedback = services.feedback_add(
        checkin=held,
        by=personas.tutor,
        kind="adjustment",
        scope="milestone",
        text="La maquette attend le retour du client",
        milestone=milestone,
        new_due_date=new_date,
    )
    milestone.refresh_from_db()
    assert milestone.due_date == new_date
    assert feedback.previous_due_date == TODAY + dt.timedelta(days=10)
    event = AgreementEvent.objects.filter(agreement=planned).latest("pk")
    assert event.data["milestone_moved"] == milestone.title and event.data["checkin"] == held.pk
    with pytest.raises(ValidationError) as error:
        services.feedback_add(
            checkin=held,
            by=personas.tutor,
            kind="adjustment",
            scope="milestone",
            text="Hors stage",
            milestone=milestone,
            new_due_date=planned.end_date + dt.timedelta(days=1),
        )
    assert "new_due_date" in error.value.message_dict
    # Removing the adjustment puts the milestone back.
    services.feedback_delete(feedback=feedback, by=personas.tutor)
    milestone.refresh_from_db()
    assert milestone.due_date == TODAY + dt.timedelta(days=10)


def test_an_objective_adjustment_opens_one_amendment(personas, planned, held):
    AgreementVersion.objects.create(
        agreement=planned, number=1, content={}, sha256="0" * 64, signed_at=timezone.now()
    )
    objective = planned.objectives.first()
    first = services.feedback_add(
        checkin=held,
        by=personas.tutor,
        kind="adjustment",
        scope="objective",
        objective=objective,
        text="Le client pilote se retire : la démonstration devient interne",
    )
    second = services.feedback_add(
        checkin=held,
        by=personas.tutor,
        kind="adjustment",
        scope="objective",
        objective=objective,
        text="Et l'API ajoute l'envoi par courriel",
    )
    amendment = Amendment.objects.get(agreement=planned)
    assert amendment.status == AmendmentStatus.DRAFT
    assert first.amendment == second.amendment == amendment
    assert amendment.reason.startswith("Le client pilote")
    with pytest.raises(ValidationError):
        services.feedback_add(
            checkin=held, by=personas.tutor, kind="adjustment", scope="objective", text="x"
        )


def test_changing_the_record_withdraws_the_sign_offs(personas, planned, held):
    services.feedback_add(checkin=held, by=personas.tutor, kind="strength", text="Rigueur")
    services.checkin_sign(checkin=held, by=personas.intern)
    held.refresh_from_db()
    assert held.intern_signed_at is not None
    services.feedback_add(checkin=held, by=personas.tutor, kind="improvement", text="Tests")
    held.refresh_from_db()
    assert held.intern_signed_at is None and held.status == CheckInStatus.HELD


def test_next_steps_go_to_a_party_after_the_check_in(personas, planned, held):
    due = TODAY + dt.timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        services.action_item_add(
            checkin=held, by=personas.tutor, text="x", owner=personas.signatory, due_date=due
        )
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.action_item_add(
            checkin=held,
            by=personas.tutor,
            text="x",
            owner=personas.intern,
            due_date=planned.start_date,
        )
    assert "due_date" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.action_item_add(
            checkin=held, by=personas.intern, text="x", owner=personas.intern, due_date=due
        )


def test_signed_off_by_both_it_is_read_only(personas, planned, first, second):
    item = hold_and_sign(first, personas)
    first.refresh_from_db()
    assert first.status == CheckInStatus.SIGNED
    assert kinds_to(personas.referent).count("checkin_signed") == 1
    feedback = Feedback.objects.get(checkin=first)
    milestone = factories.MilestoneFactory(objective=planned.objectives.first())
    attempts = [
        lambda: prepare(first, personas.tutor),
        lambda: services.checkin_hold(checkin=first, by=personas.tutor),
        lambda: services.checkin_move(checkin=first, by=personas.tutor, starts_at=timezone.now()),
        lambda: services.checkin_cancel(checkin=first, by=personas.tutor, reason="x"),
        lambda: services.feedback_add(checkin=first, by=personas.tutor, kind="strength", text="x"),
        lambda: services.feedback_delete(feedback=feedback, by=personas.tutor),
        lambda: services.action_item_add(
            checkin=first, by=personas.tutor, text="x", owner=personas.intern, due_date=TODAY
        ),
        lambda: services.action_item_delete(item=item, by=personas.tutor),
        lambda: services.action_item_done(item=item, by=personas.intern, checkin=first),
        lambda: services.checkin_milestone_reached(
            checkin=first, by=personas.tutor, milestone=milestone, reached_on=TODAY
        ),
        lambda: services.checkin_sign(checkin=first, by=personas.intern),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Feedback.objects.filter(checkin=first).count() == 1
    # Its next step is carried to the next check-in, and ticked there.
    changes = selectors.checkin_changes(second)
    assert [a.pk for a in changes.actions] == [item.pk]
    services.action_item_done(item=item, by=personas.intern, checkin=second)
    item.refresh_from_db()
    assert item.done_in == second and item.done_by == personas.intern
    with pytest.raises(ValidationError):
        services.action_item_done(item=item, by=personas.intern, checkin=later(planned), done=False)
    services.action_item_done(item=item, by=personas.tutor, checkin=second, done=False)
    item.refresh_from_db()
    assert item.done_at is None


# What changed since the last check-in ---------------------------------------------------------


def test_what_changed_since_the_last_check_in(personas, planned, first, second):
    hold_and_sign(first, personas)
    api, demo = planned.objectives.order_by("position")
    day_of_first = timezone.localdate(first.starts_at)
    after = day_of_first + dt.timedelta(days=1)

    def log(day, hours, **labels):
        Activity.objects.create(
            agreement=planned, date=day, hours=Decimal(hours), text="x", **labels
        )

    log(day_of_first, 5, objective=api)  # before the window: the first check-in's day
    log(after, 3, objective=api)
    log(after, 2, objective=api, reviewed_label=str(demo.pk))  # the tutor's review wins
    log(after, 1, engine_label="unrelated")
    milestone_reached = factories.MilestoneFactory(
        objective=api, due_date=after, title="Maquette", reached_on=after
    )
    milestone_late = factories.MilestoneFactory(
        objective=demo, due_date=after, title="Répétition", reached_on=None
    )
    Alert.objects.create(
        agreement=planned, code=AlertCode.LOGBOOK_SILENT, data={"start": "2026-01-05"}
    )

    changes = selectors.checkin_changes(second, today=TODAY)
    assert changes.since == first and changes.start == after and changes.end == TODAY
    hours = {row.label: row.hours for row in changes.hours}
    assert hours == {str(api.pk): 3, str(demo.pk): 2, "unrelated": 1}
    assert changes.total_hours == 6
    assert changes.milestones_reached == [milestone_reached]
    if after < TODAY:
        assert changes.milestones_late == [milestone_late]
    assert [a.code for a in changes.alerts] == [AlertCode.LOGBOOK_SILENT]
    assert [a.text for a in changes.actions] == ["Documenter l'API"]
    # The first check-in's window starts with the internship.
    assert selectors.checkin_changes(first).start == planned.start_date


def test_a_plan_set_later_never_creates_past_check_ins(personas, running):
    services.checkin_plan_set(agreement=running, by=personas.tutor)
    assert not CheckIn.objects.filter(starts_at__lte=timezone.now()).exists()
    assert ActionItem.objects.count() == 0
    services.checkin_plan_set(
        agreement=running, by=personas.tutor, now=start_of_internship(running)
    )
    assert CheckIn.objects.filter(starts_at__lte=timezone.now()).exists()


def test_an_internship_that_stops_cancels_its_remaining_check_ins(personas, planned, first):
    hold_and_sign(first, personas)
    count = services.checkins_cancel_remaining(agreement=planned, reason="Stage interrompu")
    assert count == CheckIn.objects.filter(agreement=planned, status="cancelled").count() > 0
    assert CheckIn.objects.filter(agreement=planned, status="scheduled").count() == 0
    assert CheckIn.objects.get(pk=first.pk).status == CheckInStatus.SIGNED
    assert set(
        CheckIn.objects.filter(status="cancelled").values_list("cancel_reason", "sequence")
    ) == {("Stage interrompu", 1)}
