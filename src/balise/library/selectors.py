"""Reads of the objective library, scoped by school in the database."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.library import ranking
from balise.library.models import ObjectiveExample
from balise.organizations.models import Program, School


def examples_visible_to(user) -> QuerySet[ObjectiveExample]:
    """The examples of the schools where `user` works in the internship office."""
    return ObjectiveExample.objects.filter(school_id__in=school_ids_for(user, SchoolRole.STAFF))


def example_for_user(user, pk: int) -> ObjectiveExample:
    """The example if `user` curates its school's library; 404 otherwise (never revealing
    that it exists)."""
    example = (
        examples_visible_to(user)
        .select_related("school", "program")
        .prefetch_related("competencies")
        .filter(pk=pk)
        .first()
    )
    if example is None or not user.has_perm("library.change_objectiveexample", example):
        raise Http404
    return example


def library_page(user, *, program: int | None = None, query: str = "") -> QuerySet:
    """The library list: the user's schools' examples, optionally one programme's (and the
    school-wide ones), searched in both languages."""
    examples = examples_visible_to(user)
    if program is not None:
        examples = examples.filter(Q(program_id=program) | Q(program=None))
    if query:
        examples = examples.filter(
            Q(title_fr__icontains=query)
            | Q(title_en__icontains=query)
            | Q(description_fr__icontains=query)
            | Q(description_en__icontains=query)
        )
    return (
        examples.select_related("school", "program")
        .prefetch_related("competencies")
        .order_by("program__name", "title_fr", "title_en", "pk")
    )


def schools_of_library(user) -> QuerySet[School]:
    """The schools whose library `user` curates, by name."""
    return School.objects.filter(pk__in=school_ids_for(user, SchoolRole.STAFF)).order_by("name")


def programs_of_library(user) -> QuerySet[Program]:
    return Program.objects.filter(school_id__in=school_ids_for(user, SchoolRole.STAFF)).order_by(
        "school__name", "name"
    )


def examples_for_agreement(agreement) -> QuerySet[ObjectiveExample]:
    """The examples an agreement's parties may use: its school's, for its programme or for
    every programme."""
    return (
        ObjectiveExample.objects.filter(school_id=agreement.school_id)
        .filter(Q(program_id=agreement.program_id) | Q(program=None))
        .prefetch_related("competencies")
    )


def example_for_agreement(agreement, pk) -> ObjectiveExample | None:
    """One of `examples_for_agreement`, or None when `pk` is not one of them."""
    if not str(pk or "").isdigit():
        return None
    return examples_for_agreement(agreement).filter(pk=int(pk)).first()


# The library of a school stays small (a few dozen examples per programme); past this many
# candidates, the most used ones are ranked.
MAX_CANDIDATES = 300


def suggestions_for(
    agreement,
    *,
    draft_text: str,
    chosen_competencies: frozenset[int] = frozenset(),
    framework_id: int | None = None,
    limit: int = 3,
    lang: str | None = None,
) -> list[ObjectiveExample]:
    """The library examples that fit the objective being drafted, best first. Two queries."""
    lang = lang or get_language() or "fr"
    examples = list(
        examples_for_agreement(agreement).order_by("-usage_count", "pk")[:MAX_CANDIDATES]
    )
    candidates = []
    for example in examples:
        competencies = list(example.competencies.all())
        own = [c for c in competencies if framework_id and c.framework_id == framework_id]
        candidates.append(
            ranking.Candidate(
                text="\n".join(
                    [
                        example.text("title", lang),
                        example.text("description", lang),
                        *example.indicator_list(lang),
                    ]
                ),
                competencies=frozenset(c.pk for c in competencies),
                for_programme=example.program_id == agreement.program_id,
                programme_framework_share=len(own) / len(competencies) if competencies else 0.0,
                usage_count=example.usage_count,
            )
        )
    ranked = ranking.rank(
        candidates,
        draft_text=draft_text,
        chosen_competencies=chosen_competencies,
        limit=limit,
    )
    return [examples[index] for index, _score in ranked]
