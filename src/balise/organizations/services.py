from django.db import transaction

from balise.organizations.models import HostOrganization, Program, School


@transaction.atomic
def host_create(
    *,
    by,
    name: str,
    siret: str | None = None,
    address: str = "",
    postal_code: str = "",
    city: str = "",
    country: str = "France",
    headcount: int | None = None,
) -> HostOrganization:
    host = HostOrganization(
        name=name.strip(),
        siret=(siret or "").replace(" ", "") or None,
        address=address,
        postal_code=postal_code,
        city=city,
        country=country or "France",
        headcount=headcount,
    )
    host.full_clean()
    host.save()
    return host


@transaction.atomic
def school_create(*, name: str, slug: str, city: str = "") -> School:
    school = School(name=name, slug=slug, city=city)
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def program_create(
    *,
    school: School,
    name: str,
    level: str,
    teaching_hours_per_year: int,
    in_person_hours_per_year: int,
    framework=None,
) -> Program:
    program = Program(
        school=school,
        name=name,
        level=level,
        teaching_hours_per_year=teaching_hours_per_year,
        in_person_hours_per_year=in_person_hours_per_year,
        framework=framework,
    )
    program.full_clean()
    program.save()
    return program
