"""Recoupment: what is recoverable and not yet recovered, by school, with the total; permanent
exclusions still to be calculated; what was raised and recovered in a year. Summed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber

from apcommission.core.compiled import SqlConstant, compiled_rows, compiled_together, rows_request, scope_key
from apcommission.core.paging import CountedRows, count_sql, list_shape
from apcommission.core.scoping import scope_for
from placements.models import Exclusion, ExclusionKind

from ..models import (
    OUTSTANDING_STATUSES,
    PerPupilRate,
    Recoupment,
    RecoupmentKind,
    RecoupmentStatus,
    RecoupmentStatusChange,
)

MONEY = Decimal("0.00")


def recoupments_for(*, user, status: str = "", kind: str = "", school_id: int | None = None) -> QuerySet[Recoupment]:
    """Calculations the user may see (LA staff: their LA's; a school: its own), newest first."""
    rows = Recoupment.objects.visible_to(user).select_related("pupil", "school__organisation")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if school_id:
        rows = rows.filter(school_id=school_id)
    return rows.order_by("-relevant_date", "-id")


def _recoupment_values(recoupments: QuerySet[Recoupment]) -> QuerySet:
    return recoupments.values(
        "pk",
        "kind",
        "basis",
        "relevant_date",
        "status",
        "total",
        first_name=F("pupil__legal_first_name"),
        last_name=F("pupil__legal_last_name"),
        school_name=F("school__organisation__name"),
    )


def recoupment_rows(*, user, status: str = "", kind: str = "") -> CountedRows:
    """`recoupments_for` as rows of the columns the list shows (no model instances), counted
    without the joins the names need."""
    recoupments = recoupments_for(user=user, status=status, kind=kind)
    return CountedRows(_recoupment_values(recoupments), recoupments)


def recoupment_first_page(*, user, status: str = "", kind: str = "", per_page: int) -> tuple[list[dict], int]:
    """`recoupment_rows`' first `per_page` rows and how many there are in all, in one statement
    compiled once a process for the user's scope and the filters (`core.compiled`)."""

    def build() -> QuerySet:
        recoupments = recoupments_for(user=user, status=status, kind=kind)
        return _recoupment_values(recoupments).annotate(rows_in_all=count_sql(recoupments))[:per_page]

    rows = compiled_rows(list_shape("recoupments", user, status, kind, per_page), build)
    count = rows[0]["rows_in_all"] if rows else 0
    return rows, count


def _outstanding(*, user) -> QuerySet[Recoupment]:
    """Reductions calculated or notified and not yet recovered, that the user may see."""
    return Recoupment.objects.visible_to(user).filter(kind=RecoupmentKind.EXCLUDING, status__in=OUTSTANDING_STATUSES)


def outstanding_by_school(*, user) -> QuerySet:
    """Money recoverable and not yet recovered (reductions calculated or notified), by school,
    largest first (one query)."""
    return (
        _outstanding(user=user)
        .order_by()
        .values("school_id")
        .annotate(
            school_name=F("school__organisation__name"),
            # Counted as rows (not ids): read from recoupment_owed_idx alone.
            count=Count("*"),
            total=Coalesce(Sum("total"), MONEY),
            by_agreement=Count("basis", filter=Q(basis="academy")),
        )
        .order_by("-total", "school_name")
    )


def outstanding_total(*, user) -> Decimal:
    return _outstanding(user=user).aggregate(total=Coalesce(Sum("total"), MONEY))["total"]


@dataclass(frozen=True)
class Outstanding:
    """The schools owing most, and what the others owe between them, with the total."""

    schools: list[dict]
    others: int
    others_count: int
    others_total: Decimal
    total: Decimal


class _OverAllGroups(Func):
    """A figure of every group, on each group's row: `SUM(<the group's sum>) OVER ()`."""

    template = "%(function)s(%(expressions)s) OVER ()"


def outstanding_summary(*, user, schools: int) -> Outstanding:
    """`outstanding_by_school`'s first `schools` rows (largest first), and the rest summed: how many
    schools, exclusions and how much, added up over every school's group in the same query."""

    def build() -> QuerySet:
        return outstanding_by_school(user=user).annotate(
            all_total=_OverAllGroups(F("total"), function="SUM", output_field=Recoupment._meta.get_field("total")),
            all_count=_OverAllGroups(F("count"), function="SUM", output_field=IntegerField()),
            all_schools=_OverAllGroups(F("count"), function="COUNT", output_field=IntegerField()),
        )[:schools]

    # Compiled once a process for the user's scope (core.compiled), run on every request.
    shown = compiled_rows(("outstanding summary", scope_key(scope_for(user)), schools), build, values_in_text=True)
    first = shown[0] if shown else {"all_total": MONEY, "all_count": 0, "all_schools": 0}
    return Outstanding(
        schools=shown,
        others=first["all_schools"] - len(shown),
        others_count=first["all_count"] - sum(row["count"] for row in shown),
        others_total=first["all_total"] - sum((row["total"] for row in shown), MONEY),
        total=first["all_total"],
    )


def exclusions_to_calculate(*, user) -> QuerySet[Exclusion]:
    """Permanent exclusions the user's LA can see that have no live reduction yet, oldest first.
    Only those not marked calculated (`Exclusion.reduction_calculated`, kept with the reductions:
    read through exclusion_to_calculate_idx rather than every permanent exclusion of the county)
    are read, and each is still checked against the reductions themselves."""
    # The kinds and the status written into the statement, so that its generic plan (prepared)
    # still reads exclusion_to_calculate_idx and recoupment_one_live_reduction_per_exclusion.
    live = Recoupment.objects.filter(exclusion=OuterRef("pk"), kind=SqlConstant(RecoupmentKind.EXCLUDING)).exclude(
        status=SqlConstant(RecoupmentStatus.WAIVED)
    )
    return (
        Exclusion.objects.visible_to(user)
        .filter(kind=SqlConstant(ExclusionKind.PERMANENT), reduction_calculated=False)
        .filter(~Exists(live))
        .select_related("pupil", "school__organisation")
        .order_by("first_day", "id")
    )


def _exclusion_values(exclusions: QuerySet[Exclusion]) -> QuerySet:
    return exclusions.values(
        "pk",
        "first_day",
        first_name=F("pupil__legal_first_name"),
        last_name=F("pupil__legal_last_name"),
        school_name=F("school__organisation__name"),
        school_type=F("school__school_type"),
        trust_name=F("school__trust_name"),
    )


def exclusion_rows(*, user) -> CountedRows:
    """`exclusions_to_calculate` as rows of the columns the list shows (no model instances),
    counted without the joins the names need."""
    exclusions = exclusions_to_calculate(user=user)
    return CountedRows(_exclusion_values(exclusions), exclusions.select_related(None))


def exclusion_first_page(*, user, per_page: int) -> tuple[list[dict], int]:
    """`exclusion_rows`' first `per_page` rows and how many there are in all, in one statement
    compiled once a process for the user's scope (`core.compiled`)."""

    def build() -> QuerySet:
        exclusions = exclusions_to_calculate(user=user)
        counted = count_sql(exclusions.select_related(None))
        return _exclusion_values(exclusions).annotate(rows_in_all=counted)[:per_page]

    rows = compiled_rows(list_shape("exclusions to calculate", user, per_page), build)
    count = rows[0]["rows_in_all"] if rows else 0
    return rows, count


@dataclass(frozen=True)
class RecoupmentYear:
    raised: Decimal
    recovered: Decimal
    waived: Decimal
    outstanding: Decimal
    by_agreement: Decimal
    count: int


def recoupment_raised_and_recovered(*, local_authority, financial_year: int) -> RecoupmentYear:
    """Reductions for exclusions whose relevant date falls in the year: raised (calculated, not
    waived), recovered, waived, still outstanding, and how much of it is only by agreement with
    academy trusts (one query)."""
    totals = Recoupment.objects.filter(
        local_authority=local_authority, financial_year=financial_year, kind=RecoupmentKind.EXCLUDING
    ).aggregate(
        raised=Coalesce(Sum("total", filter=~Q(status=RecoupmentStatus.WAIVED)), MONEY),
        recovered=Coalesce(Sum("total", filter=Q(status=RecoupmentStatus.RECOVERED)), MONEY),
        waived=Coalesce(Sum("total", filter=Q(status=RecoupmentStatus.WAIVED)), MONEY),
        outstanding=Coalesce(Sum("total", filter=Q(status__in=OUTSTANDING_STATUSES)), MONEY),
        by_agreement=Coalesce(Sum("total", filter=Q(basis="academy") & ~Q(status=RecoupmentStatus.WAIVED)), MONEY),
        count=Count("id", filter=~Q(status=RecoupmentStatus.WAIVED)),
    )
    return RecoupmentYear(**totals)


def rates_of(*, local_authority, financial_year: int | None = None) -> QuerySet[PerPupilRate]:
    rates = PerPupilRate.objects.filter(local_authority=local_authority)
    if financial_year is not None:
        rates = rates.filter(financial_year=financial_year)
    return rates.order_by("-financial_year", "kind", "band")


#: Each status's label, as the template's `get_status_display` read it from the model.
_STATUSES = dict(RecoupmentStatus.choices)


def recoupment_history(recoupment_id: int, *, sent_with=()) -> list[dict]:
    """The calculation's moves in order, with who made each (the caller has read the calculation
    through the scoping path), by a statement compiled once a process; `sent_with`: the page's other
    requests (its audit event), sent with it (core.compiled.compiled_together)."""
    rows, *_others = compiled_together(
        rows_request(
            ("recoupment history",),
            lambda recoupment: (
                RecoupmentStatusChange.objects.filter(recoupment_id=recoupment)
                .order_by("at", "id")
                .values("at", "from_status", "to_status", "note", by_name=F("by__full_name"))
            ),
            (recoupment_id,),
        ),
        *sent_with,
    )
    return rows


def recoupment_history_and_admitting(
    recoupment_id: int, *, with_admitting: bool, sent_with=()
) -> tuple[list[dict], list[dict]]:
    """`recoupment_history` and, `with_admitting`, `admitting_amounts` (a reduction's), in one
    statement: the two lists as one UNION ALL of the same columns, each branch numbering its own
    rows in its own order, compiled once a process (the calculation's id its slot); `sent_with` as
    for recoupment_history."""
    if not with_admitting:
        return recoupment_history(recoupment_id, sent_with=sent_with), []

    def build(recoupment: int) -> QuerySet:
        text, none = CharField(), Value(None, output_field=CharField())
        moves = (
            RecoupmentStatusChange.objects.filter(recoupment_id=recoupment)
            .order_by()
            .values(
                part=Value(1, output_field=IntegerField()),
                n=Window(RowNumber(), order_by=[F("at").asc(), F("id").asc()]),
                at_=F("at"),
                from_=F("from_status"),
                to_=F("to_status"),
                note_=F("note"),
                name_=F("by__full_name"),
                pk_=Value(None, output_field=IntegerField()),
                total_=Value(None, output_field=Recoupment._meta.get_field("total")),
            )
        )
        admitting = (
            Recoupment.objects.filter(excluding_recoupment_id=recoupment)
            .order_by()
            .values(
                part=Value(2, output_field=IntegerField()),
                n=Window(RowNumber(), order_by=[F("relevant_date").desc(), F("id").desc()]),
                at_=Value(None, output_field=RecoupmentStatusChange._meta.get_field("at")),
                from_=none,
                to_=Cast("status", text),
                note_=none,
                name_=F("school__organisation__name"),
                pk_=F("pk"),
                total_=F("total"),
            )
        )
        return moves.union(admitting, all=True).order_by("part", "n")

    rows, *_others = compiled_together(
        rows_request(("recoupment history and admitting",), build, (recoupment_id,)), *sent_with
    )
    history = [
        {"at": row["at_"], "from_status": row["from_"], "to_status": row["to_"], "note": row["note_"],
         "by_name": row["name_"]}
        for row in rows
        if row["part"] == 1
    ]  # fmt: skip
    amounts = [
        {"pk": row["pk_"], "school": {"name": row["name_"]}, "total": row["total_"],
         "get_status_display": _STATUSES.get(row["to_"], row["to_"])}
        for row in rows
        if row["part"] == 2
    ]  # fmt: skip
    return history, amounts


def admitting_amounts(recoupment_id: int) -> list[dict]:
    """What admitting schools are due from this reduction, newest first, as the page's list reads
    them (`a.pk`, `a.school.name`, `a.total`, `a.get_status_display`)."""
    rows = compiled_rows(
        ("admitting amounts",),
        lambda recoupment: (
            Recoupment.objects.filter(excluding_recoupment_id=recoupment)
            .order_by("-relevant_date", "-id")
            .values("pk", "total", "status", school_name=F("school__organisation__name"))
        ),
        (recoupment_id,),
    )
    return [
        {"pk": row["pk"], "school": {"name": row["school_name"]}, "total": row["total"],
         "get_status_display": _STATUSES.get(row["status"], row["status"])}
        for row in rows
    ]  # fmt: skip
