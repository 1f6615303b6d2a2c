"""Who may export a host's register of interns (Code du travail, D1221-23-1).

The register is the host's: whoever signed for the host an agreement that is now signed
sees every signed agreement at that host; a school's internship office sees its own
school's agreements at that host. Imported by `document_views`, hence at URL loading.
"""

import rules

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.documents import SIGNED_STATUSES
from balise.agreements.models import Agreement


@rules.predicate
def signs_for_host(user, host):
    # A signed agreement, not merely a draft naming the person: anyone may be typed in as
    # the signatory of a draft, and that must not open the host's register to them.
    return Agreement.objects.filter(host=host, signatory=user, status__in=SIGNED_STATUSES).exists()


@rules.predicate
def is_staff_of_a_school_at_host(user, host):
    school_ids = school_ids_for(user, SchoolRole.STAFF)
    return (
        bool(school_ids) and Agreement.objects.filter(host=host, school_id__in=school_ids).exists()
    )


rules.add_perm(
    "documents.view_host_register",
    rules.is_authenticated & (signs_for_host | is_staff_of_a_school_at_host),
)
