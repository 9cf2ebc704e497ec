"""Factories of the reports app."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from reports.models import CommissioningPlan, ImprovementAction, PlanYear, PriorityArea
from tests.factories import LocalAuthorityFactory


class CommissioningPlanFactory(DjangoModelFactory):
    class Meta:
        model = CommissioningPlan

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Scenario {n}")
    baseline_label = "2025-26"
    baseline_cost = Decimal("1000000")
    baseline_pupils = 100


class PlanYearFactory(DjangoModelFactory):
    class Meta:
        model = PlanYear

    plan = factory.SubFactory(CommissioningPlanFactory)
    number = 1
    cost = Decimal("900000")
    pupils = 120


class PriorityAreaFactory(DjangoModelFactory):
    class Meta:
        model = PriorityArea

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    title = factory.Sequence(lambda n: f"Priority area {n}")


class ImprovementActionFactory(DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    area = factory.SubFactory(PriorityAreaFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    lead = "Commissioning team"
    due_date = factory.Faker("date_between", start_date="+1d", end_date="+200d")
