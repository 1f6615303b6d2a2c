"""Who is who on an agreement: the parties a person holds, the people to notify."""

from __future__ import annotations

from balise.accounts.models import SchoolMembership, SchoolRole, User
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import Agreement, Party


def parties_of(user, agreement: Agreement) -> set[Party]:
    """The parties `user` holds on `agreement` (one person may hold several)."""
    if not user.is_authenticated:
        return set()
    held = set()
    if agreement.intern_id == user.pk:
        held.add(Party.INTERN)
    if agreement.tutor_id == user.pk:
        held.add(Party.TUTOR)
    if agreement.referent_id == user.pk:
        held.add(Party.REFERENT)
    if agreement.signatory_id == user.pk:
        held.add(Party.HOST)
    if agreement.school_id in school_ids_for(user, SchoolRole.STAFF):
        held.add(Party.STAFF)
    return held


def school_staff(agreement: Agreement):
    return User.objects.filter(
        pk__in=SchoolMembership.objects.filter(
            school_id=agreement.school_id, role=SchoolRole.STAFF
        ).values("user_id"),
        is_active=True,
    )


def agreement_parties(agreement: Agreement, *, staff: bool = False) -> list[User]:
    """The named people of the agreement, and the school's internship office if asked."""
    people = [
        person
        for person in (agreement.intern, agreement.tutor, agreement.referent, agreement.signatory)
        if person is not None
    ]
    if staff:
        people.extend(school_staff(agreement))
    unique = {person.pk: person for person in people}
    return list(unique.values())
