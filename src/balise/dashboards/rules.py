"""Who sees an intern's path and who has a "my interns" page.

The path is the intern's own follow-up: she, her tutor, her referent and her school's staff
read it. The host signatory signs the agreement but does not follow the internship: he may
read the agreement (so he gets 403 here, not 404), not the path.
"""

import rules
from django.db.models import Q

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for
from balise.agreements.models import Agreement
from balise.agreements.rules import (
    is_agreement_intern,
    is_agreement_referent,
    is_agreement_tutor,
    is_school_staff,
)


@rules.predicate
def follows_interns(user):
    """Staff or referent of a school, or tutor or referent of an agreement."""
    if school_ids_for(user, SchoolRole.STAFF) or school_ids_for(user, SchoolRole.REFERENT):
        return True
    return Agreement.objects.filter(Q(tutor=user) | Q(referent=user)).exists()


authenticated = rules.is_authenticated
rules.add_perm(
    "dashboards.view_path",
    authenticated
    & (is_agreement_intern | is_agreement_tutor | is_agreement_referent | is_school_staff),
)
rules.add_perm("dashboards.view_my_interns", authenticated & follows_interns)
