"""The benchmark county's recoupments: each permanent exclusion's reduction worked out by the
service (funding.services.recoupment), moved on by its age, and some admitting schools' amounts."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from funding.models import Recoupment, RecoupmentStatus, RecoupmentStatusChange
from funding.services.recoupment import admitting_work_out, recoupment_work_out
from placements.models import Exclusion, ExclusionKind, Pupil

from .bulk import Ids, copy_rows, jsonb


class RecoupmentSteps:
    """The recoupment steps of benchmarks.money.MoneyBuilder."""

    def recoupments(self) -> None:
        """Each permanent exclusion's reduction as the service works it out, nine in ten of them
        (the rest wait on the exclusions-to-calculate list), and an admitting school's amount for one
        in eight."""
        permanent = [e for e in self.clock.exclusions if e.kind == ExclusionKind.PERMANENT]
        pupils = Pupil.objects.in_bulk([e.pupil_id for e in permanent])
        secondary = [s for s in self.clock.schools.values() if s.phase == "secondary"]
        ids, change_ids = Ids(Recoupment), Ids(RecoupmentStatusChange)
        rows, changes = [], []
        for index, exclusion in enumerate(permanent):
            if index % 10 == 9:
                continue
            exclusion.pupil = pupils[exclusion.pupil_id]
            try:
                worked = recoupment_work_out(user=self.finance, exclusion=exclusion, basis="maintained")
            except ValidationError:
                continue  # a pupil outside Reception to Year 11: nothing to calculate
            reduction = Recoupment(pk=ids.take(), **worked.fields, inputs=worked.inputs, calculated_by=self.finance)
            moves = self.moves(reduction.relevant_date, index)
            rows.append(self.recoupment_row(reduction, moves))
            changes += self.status_changes(change_ids, reduction, moves)
            admitted_on = reduction.relevant_date + dt.timedelta(days=35)
            if index % 8 == 1 and admitted_on <= min(reduction.period_end, self.today) and moves[-1][0] != "waived":
                school = secondary[index % len(secondary)]
                if school.pk == reduction.school_id:
                    continue
                worked = admitting_work_out(
                    user=self.finance, reduction=reduction, school=school, admitted_on=admitted_on, basis="maintained"
                )
                admitting = Recoupment(pk=ids.take(), **worked.fields, inputs=worked.inputs, calculated_by=self.finance)
                moves = self.moves(admitted_on, index)[:2]
                rows.append(self.recoupment_row(admitting, moves))
                changes += self.status_changes(change_ids, admitting, moves)
        fields = [
            "id",
            "local_authority",
            "exclusion",
            "pupil",
            "school",
            "kind",
            "basis",
            "excluding_recoupment",
            "admitted_on",
            "relevant_date",
            "period_end",
            "financial_year",
            "nc_year",
            "transfer_year",
            "weeks",
            "weeks_from_relevant_date",
            "awpu_band",
            "awpu_rate",
            "awpu_amount",
            "pupil_premium_band",
            "pupil_premium_rate",
            "pupil_premium_amount",
            "adjustment",
            "adjustment_reason",
            "total",
            "arithmetic",
            "inputs",
            "rule_version",
            "status",
            "notified_on",
            "recovered_on",
            "waived_reason",
            "calculated_by",
            "submission_token",
            "created_on",
            "modified_on",
        ]
        self.b.counts["recoupments"] = copy_rows(Recoupment, fields, rows)
        fields = ["id", "recoupment", "from_status", "to_status", "at", "by", "note"]
        copy_rows(RecoupmentStatusChange, fields, changes)
        # As funding.services.recoupment keeps it: the exclusions whose reduction is live.
        live = Recoupment.objects.filter(exclusion=OuterRef("pk"), kind="excluding").exclude(status="waived")
        Exclusion.objects.filter(Exists(live)).update(reduction_calculated=True)

    def moves(self, relevant_date: dt.date, index: int) -> list[tuple[str, dt.date]]:
        """[(status, on), ...] from calculated: told three weeks on, recovered a month after that,
        as far as today allows; one in twelve waived."""
        calculated = min(relevant_date + dt.timedelta(days=10), self.today)
        moves = [(RecoupmentStatus.CALCULATED, calculated)]
        if index % 12 == 5:
            return [*moves, (RecoupmentStatus.WAIVED, calculated)]
        told = relevant_date + dt.timedelta(days=21)
        if told <= self.today:
            moves.append((RecoupmentStatus.NOTIFIED, told))
            if told + dt.timedelta(days=30) <= self.today:
                moves.append((RecoupmentStatus.RECOVERED, told + dt.timedelta(days=30)))
        return moves

    def recoupment_row(self, r: Recoupment, moves: list[tuple[str, dt.date]]) -> tuple:
        status = moves[-1][0]
        on = dict(moves)
        waived = "The exclusion was overturned on review" if status == RecoupmentStatus.WAIVED else ""
        created, modified = self.at(moves[0][1]), self.at(moves[-1][1])
        return (
            r.pk,
            r.local_authority_id,
            r.exclusion_id,
            r.pupil_id,
            r.school_id,
            r.kind,
            r.basis,
            r.excluding_recoupment_id,
            r.admitted_on,
            r.relevant_date,
            r.period_end,
            r.financial_year,
            r.nc_year,
            r.transfer_year,
            r.weeks,
            r.weeks_from_relevant_date,
            r.awpu_band,
            r.awpu_rate,
            r.awpu_amount,
            r.pupil_premium_band,
            r.pupil_premium_rate,
            r.pupil_premium_amount,
            r.adjustment,
            r.adjustment_reason,
            r.total,
            jsonb(r.arithmetic),
            jsonb(r.inputs),
            r.rule_version,
            status,
            on.get(RecoupmentStatus.NOTIFIED),
            on.get(RecoupmentStatus.RECOVERED),
            waived,
            self.finance.pk,
            uuid.UUID(int=self.rng.getrandbits(128), version=4),
            created,
            modified,
        )

    def status_changes(self, ids: Ids, r: Recoupment, moves: list[tuple[str, dt.date]]) -> list[tuple]:
        notes = {
            "calculated": "Calculated",
            "notified": "School notified",
            "recovered": "Recovered",
            "waived": "The exclusion was overturned on review",
        }
        rows, before = [], ""
        for status, on in moves:
            rows.append((ids.take(), r.pk, before, status, self.at(on), self.finance.pk, notes[status]))
            before = status
        return rows
