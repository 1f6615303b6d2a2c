from django.db.models import Q, QuerySet

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.organizations.models import HostOrganization, Program

HOST_SEARCH_LIMIT = 20


def host_search(query: str) -> QuerySet[HostOrganization]:
    """Hosts whose name contains `query`, or whose SIRET starts with its digits."""
    query = query.strip()
    if len(query) < 2:
        return HostOrganization.objects.none()
    digits = query.replace(" ", "")
    condition = Q(name__icontains=query)
    if digits.isdigit():
        condition |= Q(siret__startswith=digits)
    return HostOrganization.objects.filter(condition).order_by("name")[:HOST_SEARCH_LIMIT]


def programs_for_new_agreement(user) -> QuerySet[Program]:
    """Programmes in which `user` may start an agreement: their school's, as intern or staff."""
    school_ids = school_ids_for(user, SchoolRole.INTERN) | school_ids_for(user, SchoolRole.STAFF)
    return Program.objects.filter(school_id__in=school_ids).select_related("school")
