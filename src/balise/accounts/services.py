from django.db import transaction

from balise.accounts.models import SchoolMembership, User
from balise.accounts.selectors import forget_school_ids


@transaction.atomic
def person_get_or_invite(*, email: str, first_name: str = "", last_name: str = "") -> User:
    """The person with this email, created without a password if new: people of the
    host organisation enter through invitations, not passwords."""
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def membership_add(*, user: User, school, role: str) -> SchoolMembership:
    membership, _created = SchoolMembership.objects.get_or_create(
        user=user, school=school, role=role
    )
    forget_school_ids(user)
    return membership
