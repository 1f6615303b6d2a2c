"""Who curates the objective library: the internship office (staff) of its school.

The parties drafting an objective never browse the library; they get its examples as
suggestions on the objective form (`selectors.suggestions_for`).
"""

import rules

from balise.accounts.models import SchoolRole
from balise.accounts.selectors import school_ids_for


@rules.predicate
def is_staff_somewhere(user):
    return bool(school_ids_for(user, SchoolRole.STAFF))


@rules.predicate
def is_staff_of_example_school(user, example):
    return example.school_id in school_ids_for(user, SchoolRole.STAFF)


authenticated = rules.is_authenticated
rules.add_perm("library.view_library", authenticated & is_staff_somewhere)
rules.add_perm("library.add_objectiveexample", authenticated & is_staff_somewhere)
rules.add_perm("library.change_objectiveexample", authenticated & is_staff_of_example_school)
rules.add_perm("library.delete_objectiveexample", authenticated & is_staff_of_example_school)
