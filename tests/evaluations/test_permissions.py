"""Every evaluations view, for every persona: allowed → 2xx/3xx, read-only → 403,
outsider → 404, anonymous → login, wrong method → 405."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from balise.evaluations import services
from balise.evaluations.models import Question, QuestionKind
from balise.evaluations.selectors import current_version
from tests.evaluations.conftest import full_answers
from tests.evaluations.test_report import pdf_bytes

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
# For a programme's pages, only its school's staff and referents are insiders.
PROGRAM_INSIDERS = {"referent", "staff"}


@pytest.fixture
def objects(personas, running):
    forms = {q.kind: q for q in services.default_forms(personas.program)}
    final = forms["tutor_final"]
    version = current_version(final)
    section = version.sections.order_by("position").first()
    question = Question.objects.filter(section=section).first()
    criterion = services.defence_settings_for(personas.program) and (
        personas.program.grading_criteria.order_by("position").first()
    )
    open_final = services.evaluation_open(agreement=running, kind="tutor_final", by=personas.staff)
    mid = services.evaluation_open(agreement=running, kind="tutor_mid", by=personas.staff)
    services.evaluation_answers_save(evaluation=mid, by=personas.tutor, values=full_answers(mid))
    services.evaluation_submit(evaluation=mid, by=personas.tutor)
    welcome = services.evaluation_open(agreement=running, kind="host_welcome", by=personas.staff)
    services.report_upload(
        agreement=running,
        by=personas.intern,
        upload=SimpleUploadedFile("rapport.pdf", pdf_bytes()),
    )
    services.defence_schedule(
        agreement=running,
        by=personas.referent,
        scheduled_at=timezone.now() + dt.timedelta(days=20),
        place="Salle B204",
    )
    return {
        "program": personas.program.pk,
        "form": final.pk,
        "section": section.pk,
        "question": question.pk,
        "criterion": criterion.pk,
        "agreement": running.pk,
        "open": open_final.pk,
        "submitted": mid.pk,
        "welcome": welcome.pk,
    }


def program_expect(persona, ok, *, write):
    if persona not in PROGRAM_INSIDERS:
        return 404
    if write and persona != "staff":
        return 403
    return ok


def _post_file():
    return {"file": SimpleUploadedFile("rapport.pdf", pdf_bytes())}


CRITERION = {
    "new-label_fr": "Soin",
    "new-weight": "1",
    "new-max_points": "20",
    "new-source": "",
}
QUESTION = {"kind": QuestionKind.TEXT, "label_fr": "Autre remarque", "required": "on"}
SETTINGS = {"report_deadline_days": "10", "grade_scale": "20"}
FORM = {"title_fr": "Évaluation finale", "title_en": "Final evaluation"}

# (url name, object key, method, data, success status, write)
PROGRAM_VIEWS = [
    ("evaluations:program", "program", "get", None, 200, False),
    ("evaluations:program_settings", "program", "post", SETTINGS, 302, True),
    ("evaluations:criterion_create", "program", "post", CRITERION, 302, True),
    ("evaluations:criterion_edit", "criterion", "get", None, 200, True),
    ("evaluations:criterion_move", "criterion", "post", {"direction": "down"}, 302, True),
    ("evaluations:criterion_delete", "criterion", "post", {}, 302, True),
    ("evaluations:form", "form", "get", None, 200, False),
    ("evaluations:form_preview", "form", "get", None, 200, False),
    ("evaluations:form_edit", "form", "post", FORM, 302, True),
    ("evaluations:form_active", "form", "post", {"is_active": "0"}, 302, True),
    ("evaluations:section_create", "form", "post", {"section-title_fr": "Autre"}, 302, True),
    ("evaluations:section_edit", "section", "get", None, 200, True),
    ("evaluations:section_move", "section", "post", {"direction": "down"}, 302, True),
    ("evaluations:section_delete", "section", "post", {}, 302, True),
    ("evaluations:question_create", "section", "get", None, 200, True),
    ("evaluations:question_create", "section", "post", QUESTION, 302, True),
    ("evaluations:question_edit", "question", "get", None, 200, True),
    ("evaluations:question_edit", "question", "post", QUESTION, 302, True),
    ("evaluations:question_move", "question", "post", {"direction": "down"}, 302, True),
    ("evaluations:question_delete", "question", "post", {}, 302, True),
]


def _ids(views):
    return [f"{v[0].split(':')[1]}-{v[2]}" for v in views]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "key", "method", "data", "success", "write"), PROGRAM_VIEWS, ids=_ids(PROGRAM_VIEWS)
)
def test_program_views_per_persona(
    personas, objects, client, persona, name, key, method, data, success, write
):
    client.force_login(personas.by_name(persona))
    response = getattr(client, method)(reverse(name, args=[objects[key]]), data or {})
    assert response.status_code == program_expect(persona, success, write=write)


ALL = {"intern", "tutor", "referent", "staff"}
OFFICE = {"referent", "staff"}

# (url name, object key, method, data or callable, allowed personas, success status)
AGREEMENT_VIEWS = [
    ("evaluations:agreement", "agreement", "get", None, ALL, 200),
    ("evaluations:open", "agreement", "post", {"kind": "referent"}, OFFICE, 302),
    ("evaluations:evaluation", "open", "get", None, ALL, 200),
    ("evaluations:evaluation", "open", "post", {"action": "save"}, {"tutor"}, 302),
    ("evaluations:evaluation", "submitted", "get", None, ALL, 200),
    ("evaluations:evaluation", "welcome", "get", None, {"intern", "staff"}, 200),
    ("evaluations:remind", "open", "post", {}, OFFICE, 302),
    ("evaluations:pdf", "submitted", "get", None, ALL, 200),
    ("evaluations:pdf", "open", "get", None, {"tutor"}, 200),
    ("evaluations:report", "agreement", "get", None, ALL, 200),
    ("evaluations:report", "agreement", "post", _post_file, {"intern"}, 302),
    ("evaluations:report_file", "agreement", "get", None, ALL, 200),
    (
        "evaluations:report_extend",
        "agreement",
        "post",
        {"until": (timezone.localdate() + dt.timedelta(days=200)).isoformat()},
        {"staff"},
        302,
    ),
    ("evaluations:defence", "agreement", "get", None, ALL, 200),
    ("evaluations:defence_schedule", "agreement", "get", None, OFFICE, 200),
    (
        "evaluations:defence_schedule",
        "agreement",
        "post",
        {"scheduled_at": "2026-09-10T14:00", "place": "B204", "with_referent": "on"},
        OFFICE,
        302,
    ),
    ("evaluations:defence_grade", "agreement", "get", None, {"referent", "tutor"}, 200),
    ("evaluations:defence_grade", "agreement", "post", {}, {"referent", "tutor"}, 302),
    ("evaluations:defence_release", "agreement", "post", {}, OFFICE, 302),
]


def expect(persona, allowed, ok):
    if persona in OUTSIDERS:
        return 404
    return ok if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "key", "method", "data", "allowed", "success"),
    AGREEMENT_VIEWS,
    ids=_ids(AGREEMENT_VIEWS),
)
def test_agreement_views_per_persona(
    personas, objects, client, persona, name, key, method, data, allowed, success
):
    client.force_login(personas.by_name(persona))
    data = data() if callable(data) else data
    response = getattr(client, method)(reverse(name, args=[objects[key]]), data or {})
    assert response.status_code == expect(persona, allowed, success)


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_each_person_only_their_own(personas, objects, client, persona):
    client.force_login(personas.by_name(persona))
    follow_up = client.get(reverse("evaluations:follow_up"))
    programs = client.get(reverse("evaluations:programs"))
    assert follow_up.status_code == programs.status_code == 200
    sees = persona in OFFICE
    assert (f'id="agreement-{objects["agreement"]}"' in follow_up.content.decode()) == sees
    program_url = reverse("evaluations:program", args=[objects["program"]])
    assert (program_url in programs.content.decode()) == sees


ALL_VIEWS = [(v[0], v[1], v[2], v[3]) for v in PROGRAM_VIEWS + AGREEMENT_VIEWS] + [
    ("evaluations:follow_up", None, "get", None),
    ("evaluations:programs", None, "get", None),
]


@pytest.mark.parametrize(("name", "key", "method", "data"), ALL_VIEWS, ids=_ids(ALL_VIEWS))
def test_anonymous_is_sent_to_login(objects, client, name, key, method, data):
    url = reverse(name, args=[objects[key]] if key else [])
    data = data() if callable(data) else data
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "key", "wrong"),
    [
        ("evaluations:programs", None, "post"),
        ("evaluations:follow_up", None, "post"),
        ("evaluations:program", "program", "post"),
        ("evaluations:program_settings", "program", "get"),
        ("evaluations:criterion_create", "program", "get"),
        ("evaluations:criterion_delete", "criterion", "get"),
        ("evaluations:criterion_move", "criterion", "get"),
        ("evaluations:form", "form", "post"),
        ("evaluations:form_preview", "form", "post"),
        ("evaluations:form_edit", "form", "get"),
        ("evaluations:form_active", "form", "get"),
        ("evaluations:section_create", "form", "get"),
        ("evaluations:section_delete", "section", "get"),
        ("evaluations:section_move", "section", "get"),
        ("evaluations:question_delete", "question", "get"),
        ("evaluations:question_move", "question", "get"),
        ("evaluations:agreement", "agreement", "post"),
        ("evaluations:open", "agreement", "get"),
        ("evaluations:evaluation", "open", "put"),
        ("evaluations:remind", "open", "get"),
        ("evaluations:pdf", "submitted", "post"),
        ("evaluations:report", "agreement", "put"),
        ("evaluations:report_file", "agreement", "post"),
        ("evaluations:report_extend", "agreement", "get"),
        ("evaluations:defence", "agreement", "post"),
        ("evaluations:defence_schedule", "agreement", "put"),
        ("evaluations:defence_grade", "agreement", "put"),
        ("evaluations:defence_release", "agreement", "get"),
    ],
)
def test_wrong_method_is_405(personas, objects, client, name, key, wrong):
    client.force_login(personas.staff)
    url = reverse(name, args=[objects[key]] if key else [])
    assert getattr(client, wrong)(url).status_code == 405


def test_an_external_jury_member_sees_the_defence_and_the_report_only(
    personas, objects, client, running
):
    services.defence_schedule(
        agreement=running,
        by=personas.staff,
        scheduled_at=timezone.now() + dt.timedelta(days=20),
        place="Salle B204",
        other_emails=["jury.externe@exemple.fr"],
    )
    from balise.accounts.models import User

    external = User.objects.get(email="jury.externe@exemple.fr")
    client.force_login(external)
    pk = objects["agreement"]
    assert client.get(reverse("evaluations:defence", args=[pk])).status_code == 200
    assert client.get(reverse("evaluations:defence_grade", args=[pk])).status_code == 200
    assert client.get(reverse("evaluations:report", args=[pk])).status_code == 200
    assert client.get(reverse("evaluations:agreement", args=[pk])).status_code == 403
    assert (
        client.get(reverse("evaluations:evaluation", args=[objects["submitted"]])).status_code
        == 403
    )
    assert client.get(reverse("agreements:detail", args=[pk])).status_code == 404


def test_unknown_objects_are_404_like_hidden_ones(personas, client):
    client.force_login(personas.staff)
    for name in ("evaluations:evaluation", "evaluations:agreement", "evaluations:form"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
