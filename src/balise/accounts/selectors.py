from collections import defaultdict

from balise.accounts.models import SchoolMembership, SchoolRole


def _memberships(user) -> dict[str, frozenset[int]]:
    """Every school role of `user`, loaded once per request and cached on the user."""
    cached = user.__dict__.get("_balise_school_ids")
    if cached is None:
        found: dict[str, set[int]] = defaultdict(set)
        for role, school_id in SchoolMembership.objects.filter(user=user).values_list(
            "role", "school_id"
        ):
            found[role].add(school_id)
        cached = {role: frozenset(ids) for role, ids in found.items()}
        user.__dict__["_balise_school_ids"] = cached
    return cached


def school_ids_for(user, role: SchoolRole) -> frozenset[int]:
    """The schools where `user` holds `role`."""
    if not user.is_authenticated:
        return frozenset()
    return _memberships(user).get(role, frozenset())


def forget_school_ids(user) -> None:
    user.__dict__.pop("_balise_school_ids", None)
