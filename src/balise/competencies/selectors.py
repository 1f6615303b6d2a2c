from django.db.models import Q, QuerySet

from balise.competencies.models import Competency


def competencies_for_program(program) -> QuerySet[Competency]:
    """The competencies an objective of `program` may aim at: its own framework's and the
    shared transversal ones."""
    scope = Q(framework__is_default_transversal=True, framework__school=None)
    if program.framework_id:
        scope |= Q(framework_id=program.framework_id)
    return (
        Competency.objects.filter(scope)
        .select_related("framework")
        .order_by("framework__is_default_transversal", "framework_id", "position", "code")
    )
