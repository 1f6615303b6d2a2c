"""Logbook alerts: when they open, resolve and notify; who handles them; the command.

The engine is replaced by a scripted one here, so that each test says exactly what the
engine thinks of each entry; `test_demo_logbooks.py` runs the real one.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import include, path, reverse
from django.utils import timezone, translation

from balise import urls as project_urls
from balise.agreements.models import Agreement, AgreementStatus, ObjectiveKind
from balise.journal import analysis, services
from balise.journal.alerts import (
    alert_acknowledge,
    alert_resolve,
    alert_text,
    alerts_compute,
    alerts_for_agreement,
    live_alerts_for_people,
)
from balise.journal.models import PROGRAM, UNRELATED, Activity, Alert, AlertCode, AlertState
from balise.notifications.models import Notification
from tests import factories

# The project's URLs with the alerts' (until the project includes them itself).
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "alerts" for p in urlpatterns):
    urlpatterns.append(path("alerts/", include("balise.journal.alert_urls")))

TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=35)  # five weeks ago
END = TODAY + dt.timedelta(days=70)  # a third of the internship is over today

ROUTINE = "Saisie des commandes dans l'ERP"
ERRAND = "Photocopies et mise sous pli du courrier du service"


@dataclass
class ScriptedEngine:
    """Labels by text (default: the programme), and the texts forming a routine."""

    labels: dict = field(default_factory=dict)
    routine: set = field(default_factory=set)

    def analyse(self, activities, lang="fr"):
        return {
            "activities": [
                {
                    "id": a["id"],
                    "label": self.labels.get(a["text"], PROGRAM),
                    "score": 0.8,
                    "suggestions": [],
                }
                for a in activities
            ],
            "summary": {
                "repetitive_activities": [a["id"] for a in activities if a["text"] in self.routine],
                "alerts": [],
            },
        }


@pytest.fixture
def engine(monkeypatch):
    scripted = ScriptedEngine()
    monkeypatch.setattr(analysis, "aligner_for", lambda agreement: scripted)
    return scripted


@pytest.fixture
def internship(personas):
    """Léa's internship, in progress for five weeks out of fifteen, with a main objective
    and two specific ones."""
    agreement = personas.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=START, end_date=END, status=AgreementStatus.IN_PROGRESS
    )
    agreement.refresh_from_db()
    agreement.main = factories.ObjectiveFactory(
        agreement=agreement, kind=ObjectiveKind.MAIN, title="Livrer l'API de facturation"
    )
    agreement.api = factories.ObjectiveFactory(agreement=agreement, title="Écrire les endpoints")
    agreement.demo = factories.ObjectiveFactory(
        agreement=agreement, title="Présenter le module aux clients"
    )
    return agreement


def log(agreement, day, hours, text, *, objective=None, reviewed=""):
    return Activity.objects.create(
        agreement=agreement,
        date=day,
        hours=Decimal(str(hours)),
        text=text,
        objective=objective,
        reviewed_label=reviewed,
    )


def working_days(start, end):
    day = start
    while day <= end:
        if day.weekday() < 5:
            yield day
        day += dt.timedelta(days=1)


def fill(agreement, *, errand_hours=0, routine=False, start=START, end=None):
    """Seven-hour days from `start` to yesterday: work on both specific objectives, plus
    `errand_hours` of photocopies and an hour of ERP entry (`routine`) each day."""
    end = end or TODAY - dt.timedelta(days=1)
    for day in working_days(start, end):
        left = Decimal(7)
        if errand_hours:
            log(agreement, day, errand_hours, ERRAND)
            left -= Decimal(str(errand_hours))
        if routine:
            log(agreement, day, 1, ROUTINE)
            left -= 1
        log(agreement, day, left - 1, "Écriture des endpoints", objective=agreement.api)
        log(agreement, day, 1, "Préparation de la démonstration", objective=agreement.demo)


def codes(agreement, state=None):
    alerts = Alert.objects.filter(agreement=agreement)
    if state:
        alerts = alerts.filter(state=state)
    return sorted(alerts.values_list("code", flat=True))


def live(agreement):
    return Alert.objects.filter(
        agreement=agreement, state__in=[AlertState.OPEN, AlertState.ACKNOWLEDGED]
    )


def notified(agreement):
    return sorted(
        Notification.objects.filter(agreement=agreement, kind="alert").values_list(
            "recipient__email", flat=True
        )
    )


# The conditions ----------------------------------------------------------------------------


def test_a_healthy_logbook_raises_no_alert(personas, internship, engine):
    fill(internship)

    run = alerts_compute(agreement=internship)

    assert run.opened == [] and run.live == []
    assert not Alert.objects.exists()
    assert not Notification.objects.filter(kind="alert").exists()


def test_unrelated_share_opens_an_alert_and_resolves_once_fixed(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=2)  # 2 h out of 7: 28 %

    run = alerts_compute(agreement=internship)

    (alert,) = run.opened
    assert alert.code == AlertCode.UNRELATED_SHARE_HIGH and alert.state == AlertState.OPEN
    assert alert.data["percent"] == 28
    with translation.override("en"):
        assert alert_text(alert).startswith("28% of the logged hours (")
    assert alert.message  # kept in the site's language
    # The tutor and the referent are told; the intern is not, for this one.
    assert notified(internship) == sorted([personas.tutor.email, personas.referent.email])

    # The tutor reviews the errands: they were part of the programme after all.
    for activity in Activity.objects.filter(text=ERRAND):
        services.activity_review(activity=activity, by=personas.tutor, label=PROGRAM)
    run = alerts_compute(agreement=internship)

    assert run.resolved == [alert]
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED and alert.resolved_at is not None
    assert live(internship).count() == 0


def test_under_twenty_percent_or_a_short_logbook_is_no_alert(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=1)  # 1 h out of 7: 14 %
    # Two days of half errands: 50 %, but only 14 hours logged.
    short = factories.AgreementFactory(
        program=personas.program,
        intern=personas.intern,
        tutor=personas.tutor,
        referent=personas.referent,
        status=AgreementStatus.IN_PROGRESS,
        start_date=TODAY - dt.timedelta(days=3),
        end_date=END,
    )
    log(short, TODAY - dt.timedelta(days=2), "3.5", ERRAND)
    log(short, TODAY - dt.timedelta(days=2), "3.5", "Écriture des endpoints")
    log(short, TODAY - dt.timedelta(days=1), "3.5", ERRAND)
    log(short, TODAY - dt.timedelta(days=1), "3.5", "Écriture des endpoints")

    alerts_compute(agreement=internship)
    alerts_compute(agreement=short)

    assert not Alert.objects.exists()


def test_peoples_labels_win_over_the_engines(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=2)
    # The intern says the "errands" served the demonstration: her word beats the engine's.
    Activity.objects.filter(text=ERRAND).update(objective=internship.demo)
    alerts_compute(agreement=internship)
    assert codes(internship) == []

    # The tutor reviews them as unrelated: his word beats hers.
    Activity.objects.filter(text=ERRAND).update(reviewed_label=UNRELATED)
    alerts_compute(agreement=internship)
    assert codes(internship, AlertState.OPEN) == [AlertCode.UNRELATED_SHARE_HIGH]

    # And the engine calling the endpoints unrelated changes nothing: the intern chose.
    engine.labels["Écriture des endpoints"] = UNRELATED
    (alert,) = alerts_compute(agreement=internship).live
    assert alert.data["percent"] == 28


def test_a_routine_opens_an_alert_unless_the_tutor_vouches_for_it(personas, internship, engine):
    engine.routine.add(ROUTINE)
    fill(internship, routine=True)

    (alert,) = alerts_compute(agreement=internship).opened

    assert alert.code == AlertCode.REPETITIVE_ROUTINE
    assert alert.data["example"] == ROUTINE
    assert alert.data["weeks"] >= 3
    with translation.override("en"):
        assert "times over" in alert_text(alert)

    # The tutor reviews the ERP entries as serving the API objective.
    Activity.objects.filter(text=ROUTINE).update(reviewed_label=str(internship.api.pk))
    run = alerts_compute(agreement=internship)

    assert run.resolved == [alert]


def test_a_routine_of_two_weeks_is_not_yet_an_alert(personas, internship, engine):
    engine.routine.add(ROUTINE)
    fill(internship, routine=True, start=TODAY - dt.timedelta(days=TODAY.weekday() + 7))

    alerts_compute(agreement=internship)

    assert codes(internship) == []


def test_a_neglected_objective_after_a_third_of_the_internship(personas, internship, engine):
    for day in working_days(START, TODAY - dt.timedelta(days=1)):
        log(internship, day, 7, "Écriture des endpoints", objective=internship.api)

    # Before a third of the internship, nothing is neglected yet.
    alerts_compute(agreement=internship, today=TODAY - dt.timedelta(days=1))
    assert codes(internship) == []

    run = alerts_compute(agreement=internship)

    # Only the specific objective nobody works on; the main one is served through the other.
    (alert,) = run.opened
    assert alert.code == AlertCode.OBJECTIVE_NEGLECTED
    assert alert.objective == internship.demo
    with translation.override("en"):
        assert alert_text(alert) == (
            "Nothing in the logbook serves the objective “Présenter le module aux clients” yet."
        )
        (notification,) = Notification.objects.filter(recipient=personas.tutor, kind="alert")
        assert "“Présenter le module aux clients”" in notification.message

    log(internship, TODAY, 2, "Répétition de la démonstration", objective=internship.demo)
    assert alerts_compute(agreement=internship).resolved == [alert]


def test_an_objective_due_before_the_third_is_neglected_from_its_target_date(
    personas, internship, engine
):
    internship.demo.target_date = TODAY - dt.timedelta(days=10)
    internship.demo.save()
    log(internship, START, 7, "Écriture des endpoints", objective=internship.api)

    alerts_compute(agreement=internship, today=TODAY - dt.timedelta(days=10))

    neglected = Alert.objects.get(code=AlertCode.OBJECTIVE_NEGLECTED)
    assert neglected.objective == internship.demo


def test_an_empty_logbook_is_silent_not_neglected(personas, internship, engine):
    run = alerts_compute(agreement=internship)

    (alert,) = run.opened
    assert alert.code == AlertCode.LOGBOOK_SILENT
    with translation.override("en"):
        assert alert_text(alert).startswith("No logbook entry yet; the internship started on")
    # The intern is told too: she is the one who can fix it.
    assert notified(internship) == sorted(
        [personas.intern.email, personas.tutor.email, personas.referent.email]
    )


def test_a_silent_week_opens_an_alert_and_a_new_entry_resolves_it(personas, internship, engine):
    fill(internship, end=TODAY - dt.timedelta(days=7))

    (alert,) = alerts_compute(agreement=internship).opened

    assert alert.code == AlertCode.LOGBOOK_SILENT
    assert alert.data["last_entry"] <= (TODAY - dt.timedelta(days=7)).isoformat()

    log(internship, TODAY - dt.timedelta(days=1), 7, "Écriture des endpoints", objective=None)
    assert alerts_compute(agreement=internship).resolved == [alert]


def test_no_silent_alert_in_the_first_week_nor_once_completed(personas, internship, engine):
    Agreement.objects.filter(pk=internship.pk).update(start_date=TODAY - dt.timedelta(days=6))
    internship.refresh_from_db()
    alerts_compute(agreement=internship)
    assert codes(internship) == []

    Agreement.objects.filter(pk=internship.pk).update(
        start_date=START, status=AgreementStatus.COMPLETED
    )
    internship.refresh_from_db()
    alerts_compute(agreement=internship)
    assert codes(internship) == []


def test_alerts_resolve_when_the_internship_is_interrupted(personas, internship, engine):
    alerts_compute(agreement=internship)
    assert live(internship).count() == 1

    Agreement.objects.filter(pk=internship.pk).update(status=AgreementStatus.INTERRUPTED)
    alerts_compute(agreement=internship)

    assert live(internship).count() == 0


# Idempotence and notifications --------------------------------------------------------------


def test_computing_twice_opens_one_alert_and_notifies_once(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=3)

    alerts_compute(agreement=internship)
    second = alerts_compute(agreement=internship)

    assert second.opened == [] and second.notified == [] and len(second.live) == 1
    assert Alert.objects.count() == 1
    assert len(notified(internship)) == 2


def test_open_alerts_are_notified_again_at_most_once_a_week(personas, internship, engine):
    now = timezone.now()
    alerts_compute(agreement=internship, now=now)  # the silent logbook
    assert len(notified(internship)) == 3

    assert alerts_compute(agreement=internship, now=now + dt.timedelta(days=6)).notified == []
    assert len(notified(internship)) == 3

    later = now + dt.timedelta(days=7)
    (alert,) = alerts_compute(agreement=internship, now=later).notified
    assert len(notified(internship)) == 6
    assert alert.notified_at == later
    reminder = Notification.objects.filter(recipient=personas.tutor, kind="alert").first()
    assert reminder.data["reminder"] is True
    with translation.override("en"):
        assert reminder.message.startswith("Reminder: the alert “no logbook entry for seven days”")

    # Acknowledged: no more reminders.
    alert_acknowledge(alert=alert, by=personas.referent, comment="Léa est en arrêt maladie.")
    alerts_compute(agreement=internship, now=later + dt.timedelta(days=14))
    assert len(notified(internship)) == 6
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED


def test_nobody_is_notified_before_the_internship_is_in_progress(personas, internship, engine):
    # A completed internship still gets its alignment alerts, silently.
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=3)
    Agreement.objects.filter(pk=internship.pk).update(status=AgreementStatus.COMPLETED)
    internship.refresh_from_db()

    run = alerts_compute(agreement=internship)

    assert [a.code for a in run.opened] == [AlertCode.UNRELATED_SHARE_HIGH]
    assert run.notified == [] and notified(internship) == []


def test_people_in_digest_mode_get_the_alert_in_their_digest(personas, internship, engine):
    from balise.notifications.services import settings_update

    settings_update(user=personas.referent, email_mode="digest")

    alerts_compute(agreement=internship)

    (notification,) = Notification.objects.filter(recipient=personas.referent, kind="alert")
    assert notification.emailed_at is None  # waiting for the daily digest


# People's decisions --------------------------------------------------------------------------


@pytest.fixture
def silent_alert(personas, internship, engine):
    (alert,) = alerts_compute(agreement=internship).opened
    return alert


@pytest.mark.parametrize("who", ["tutor", "referent", "staff"])
def test_people_in_charge_acknowledge_with_a_comment(personas, silent_alert, who):
    person = personas.by_name(who)

    with pytest.raises(ValidationError) as error:
        alert_acknowledge(alert=silent_alert, by=person, comment="   ")
    assert "comment" in error.value.message_dict

    alert = alert_acknowledge(alert=silent_alert, by=person, comment="Congés posés cette semaine.")

    assert alert.state == AlertState.ACKNOWLEDGED
    assert alert.acknowledged_by == person and alert.acknowledged_at is not None
    assert alert.comment == "Congés posés cette semaine."


@pytest.mark.parametrize("who", ["intern", "signatory", "other_tutor", "other_staff"])
def test_others_cannot_acknowledge_nor_resolve(personas, silent_alert, who):
    person = personas.by_name(who)
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=silent_alert, by=person, comment="Vu.")
    with pytest.raises(PermissionDenied):
        alert_resolve(alert=silent_alert, by=person)
    silent_alert.refresh_from_db()
    assert silent_alert.state == AlertState.OPEN


def test_wrong_transitions_are_refused(personas, silent_alert):
    alert_acknowledge(alert=silent_alert, by=personas.tutor, comment="Vu.")
    with pytest.raises(ValidationError) as error:
        alert_acknowledge(alert=silent_alert, by=personas.referent, comment="Vu aussi.")
    assert error.value.code == "acknowledged"

    alert = alert_resolve(alert=silent_alert, by=personas.referent, comment="Réglé avec Léa.")
    assert alert.state == AlertState.RESOLVED and alert.resolved_at is not None
    assert alert.data["resolved_comment"] == "Réglé avec Léa."

    with pytest.raises(ValidationError) as error:
        alert_resolve(alert=silent_alert, by=personas.tutor)
    assert error.value.code == "resolved"
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        alert_acknowledge(alert=silent_alert, by=personas.tutor, comment="Trop tard.")
    assert error.value.code == "resolved"
    assert error.value.messages == ["Cette alerte est déjà résolue."]


def test_a_manual_resolution_holds_until_new_evidence(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=2, end=TODAY - dt.timedelta(days=2))
    (alert,) = alerts_compute(agreement=internship).opened
    alert_resolve(alert=alert, by=personas.referent, comment="Vu avec l'entreprise.")

    # Same entries: the referent's decision stands, whatever how often the watch runs.
    alerts_compute(agreement=internship)
    alerts_compute(agreement=internship)
    assert live(internship).count() == 0

    # New errands after the decision: the problem goes on, a new alert opens.
    log(internship, TODAY - dt.timedelta(days=1), 4, ERRAND)
    log(internship, TODAY - dt.timedelta(days=1), 3, "Écriture des endpoints")
    (reopened,) = alerts_compute(agreement=internship).opened
    assert reopened.pk != alert.pk and reopened.code == AlertCode.UNRELATED_SHARE_HIGH
    assert Alert.objects.filter(state=AlertState.RESOLVED).count() == 1


def test_an_acknowledged_alert_resolves_by_itself_when_the_condition_clears(
    personas, silent_alert, internship
):
    alert_acknowledge(alert=silent_alert, by=personas.tutor, comment="Je relance Léa.")
    log(internship, TODAY, 7, "Écriture des endpoints", objective=internship.api)

    alerts_compute(agreement=internship)

    silent_alert.refresh_from_db()
    assert silent_alert.state == AlertState.RESOLVED
    assert silent_alert.comment == "Je relance Léa."


# Selectors ---------------------------------------------------------------------------------


def test_alerts_for_agreement_lists_live_ones_first(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=2, end=TODAY - dt.timedelta(days=8))
    factories.ObjectiveFactory(agreement=internship, title="Documenter l'API")
    run = alerts_compute(agreement=internship)
    neglected, unrelated, silent = sorted(run.opened, key=lambda a: a.code)
    alert_acknowledge(alert=unrelated, by=personas.tutor, comment="On en parle jeudi.")
    log(internship, TODAY, 7, "Écriture des endpoints", objective=internship.api)
    alerts_compute(agreement=internship)  # the silent one resolves

    with translation.override("en"):
        alerts = alerts_for_agreement(internship)

    assert [a.pk for a in alerts] == [neglected.pk, unrelated.pk, silent.pk]
    assert [a.state for a in alerts] == ["open", "acknowledged", "resolved"]
    assert alerts[0].text.startswith("Nothing in the logbook serves")


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("tutor", True),
        ("referent", True),
        ("staff", True),
        ("intern", False),
        ("signatory", False),
        ("other_tutor", False),
        ("other_staff", False),
    ],
)
def test_home_alerts_are_for_the_people_in_charge(personas, silent_alert, who, sees):
    found = live_alerts_for_people(personas.by_name(who))

    assert [a.pk for a in found.alerts] == ([silent_alert.pk] if sees else [])
    assert found.total == (1 if sees else 0)


def _agreements_with_alerts(personas, count):
    for index in range(count):
        agreement = factories.AgreementFactory(
            program=personas.program,
            intern=factories.UserFactory(),
            tutor=personas.tutor,
            referent=personas.referent,
            title=f"Stage {index}",
        )
        Alert.objects.create(
            agreement=agreement,
            code=AlertCode.LOGBOOK_SILENT,
            data={"last_entry": None, "start": agreement.start_date.isoformat()},
        )


@pytest.mark.parametrize("count", [2, 25])
def test_home_alerts_cost_a_fixed_number_of_queries(personas, django_assert_max_num_queries, count):
    _agreements_with_alerts(personas, count)
    referent = type(personas.referent).objects.get(pk=personas.referent.pk)

    with django_assert_max_num_queries(3):
        found = live_alerts_for_people(referent)
        for alert in found.alerts:
            str(alert.agreement.intern), alert.agreement.title, alert.text

    assert found.total == count
    assert len(found.alerts) == min(count, 20)
    assert found.more == max(count - 20, 0)


# Templates -----------------------------------------------------------------------------------


def _render(template, user, context):
    """Rendered in English, with the context built by `context()` in English too."""
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return render_to_string(template, {"user": user, **context()}, request=request)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("who", "forms"), [("tutor", True), ("staff", True), ("intern", False)])
def test_the_agreement_partial_shows_forms_to_people_in_charge(personas, silent_alert, who, forms):
    html = _render(
        "journal/_alerts.html",
        personas.by_name(who),
        lambda: {
            "agreement": silent_alert.agreement,
            "alerts": alerts_for_agreement(silent_alert.agreement),
        },
    )

    assert "No logbook entry for seven days" in html
    assert "No logbook entry yet; the internship started on" in html
    assert (reverse("alerts:acknowledge", args=[silent_alert.pk]) in html) is forms
    assert (reverse("alerts:resolve", args=[silent_alert.pk]) in html) is forms


def test_the_home_partial_lists_the_alerts_with_links(personas, silent_alert):
    html = _render(
        "journal/_home_alerts.html",
        personas.tutor,
        lambda: {"home_alerts": live_alerts_for_people(personas.tutor)},
    )
    assert "1 alert on the internships you follow" in html
    assert f"{reverse('agreements:detail', args=[silent_alert.agreement_id])}#alert-" in html
    assert (
        _render(
            "journal/_home_alerts.html",
            personas.intern,
            lambda: {"home_alerts": live_alerts_for_people(personas.intern)},
        ).strip()
        == ""
    )


# Views -------------------------------------------------------------------------------------

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
HANDLERS = {"tutor", "referent", "staff"}
OUTSIDERS = {"other_intern", "other_tutor", "other_staff"}


def expected_status(persona):
    if persona in OUTSIDERS:
        return 404
    return 302 if persona in HANDLERS else 403


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("persona", PERSONAS)
def test_acknowledge_view_for_every_persona(personas, silent_alert, client, persona):
    client.force_login(personas.by_name(persona))
    url = reverse("alerts:acknowledge", args=[silent_alert.pk])

    response = client.post(url, {"comment": "Je m'en occupe."})

    assert response.status_code == expected_status(persona)
    silent_alert.refresh_from_db()
    if persona in HANDLERS:
        assert response.url == f"{silent_alert.agreement.get_absolute_url()}#alerts"
        assert silent_alert.state == AlertState.ACKNOWLEDGED
    else:
        assert silent_alert.state == AlertState.OPEN


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("persona", PERSONAS)
def test_resolve_view_for_every_persona(personas, silent_alert, client, persona):
    client.force_login(personas.by_name(persona))

    response = client.post(reverse("alerts:resolve", args=[silent_alert.pk]))

    assert response.status_code == expected_status(persona)
    silent_alert.refresh_from_db()
    assert (silent_alert.state == AlertState.RESOLVED) is (persona in HANDLERS)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", ["acknowledge", "resolve"])
def test_views_need_a_login_and_a_post(personas, silent_alert, client, name):
    url = reverse(f"alerts:{name}", args=[silent_alert.pk])

    response = client.post(url, {"comment": "Vu."})
    assert response.status_code == 302 and reverse("login") in response.url

    client.force_login(personas.tutor)
    assert client.get(url).status_code == 405
    assert client.post(reverse(f"alerts:{name}", args=[999999])).status_code == 404
    silent_alert.refresh_from_db()
    assert silent_alert.state == AlertState.OPEN


@pytest.mark.urls(__name__)
def test_acknowledging_without_a_comment_says_why_and_changes_nothing(
    personas, silent_alert, client
):
    client.force_login(personas.referent)
    client.cookies.load({"django_language": "en"})

    response = client.post(
        reverse("alerts:acknowledge", args=[silent_alert.pk]), {"comment": ""}, follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Say what is being done about it, or why it is fine."]
    silent_alert.refresh_from_db()
    assert silent_alert.state == AlertState.OPEN


@pytest.mark.urls(__name__)
def test_views_return_to_a_safe_next_page_only(personas, silent_alert, client):
    client.force_login(personas.tutor)
    url = reverse("alerts:acknowledge", args=[silent_alert.pk])

    response = client.post(url, {"comment": "Vu.", "next": "https://evil.example.com/"})
    assert response.url == f"{silent_alert.agreement.get_absolute_url()}#alerts"

    response = client.post(
        reverse("alerts:resolve", args=[silent_alert.pk]), {"next": reverse("home")}
    )
    assert response.url == reverse("home")


# The command -------------------------------------------------------------------------------


def run_command(**options):
    out = StringIO()
    call_command("compute_alerts", stdout=out, **options)
    return out.getvalue()


def test_the_command_is_safe_to_run_twice(personas, internship, engine):
    engine.labels[ERRAND] = UNRELATED
    fill(internship, errand_hours=3)
    # Not watched: a draft and an internship that has not started.
    factories.AgreementFactory(program=personas.program, intern=personas.intern)

    first = run_command()
    second = run_command()

    assert "1 agreements checked" in first
    assert "opened: 1" in first and "opened: 0" in second
    assert "notified: 0" in second
    assert Alert.objects.count() == 1
    assert len(notified(internship)) == 2


def test_the_command_dry_run_writes_nothing(personas, internship, engine):
    output = run_command(dry_run=True)

    assert "dry run" in output and "would be opened: 1" in output
    assert not Alert.objects.exists()
    assert not Notification.objects.filter(kind="alert").exists()


def test_the_command_is_quiet_at_verbosity_zero_and_detailed_at_two(personas, internship, engine):
    assert run_command(verbosity=0) == ""
    Alert.objects.all().delete()
    Notification.objects.all().delete()
    assert f"agreement {internship.pk}: opened logbook.silent" in run_command(verbosity=2)


def test_the_command_resolves_alerts_of_internships_no_longer_in_progress(
    personas, silent_alert, internship
):
    Agreement.objects.filter(pk=internship.pk).update(status=AgreementStatus.COMPLETED)

    run_command()

    silent_alert.refresh_from_db()
    assert silent_alert.state == AlertState.RESOLVED
