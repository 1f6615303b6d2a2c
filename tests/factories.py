import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from balise.accounts.models import SchoolMembership, SchoolRole, User
from balise.agreements.models import Agreement, Milestone, Mission, Objective, ObjectiveKind
from balise.organizations.models import HostOrganization, Program, School

PASSWORD = "correct horse battery"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Université {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = SchoolRole.INTERN


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"BUT Informatique {n}")
    teaching_hours_per_year = 600
    in_person_hours_per_year = 500


class HostFactory(DjangoModelFactory):
    class Meta:
        model = HostOrganization

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = None
    city = "Lyon"
    headcount = 45


class AgreementFactory(DjangoModelFactory):
    """A legally valid full-time agreement of four months, in draft."""

    class Meta:
        model = Agreement

    program = factory.SubFactory(ProgramFactory)
    school = factory.SelfAttribute("program.school")
    host = factory.SubFactory(HostFactory)
    intern = factory.SubFactory(UserFactory)
    title = "Développement d'une API de facturation"
    start_date = dt.date(2026, 4, 13)
    end_date = dt.date(2026, 8, 7)
    weekly_hours = Decimal("35")
    gratification_hourly_rate = Decimal("4.50")


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    kind = ObjectiveKind.SPECIFIC
    title = factory.Sequence(lambda n: f"Concevoir le module {n}")
    indicators = "Module livré et testé à 80 %"
    position = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competencies.set(extracted)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    objective = factory.SubFactory(ObjectiveFactory)
    title = "Maquette validée"
    due_date = dt.date(2026, 5, 15)


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    agreement = factory.SubFactory(AgreementFactory)
    description = "Développement du module de facturation"
