"""What funding holds about a child, registered with apcommission.core.child_records. Money
records never name the child themselves (they point at a placement or an exclusion); anonymising
them blanks free text only, so every amount in past figures stays."""

from __future__ import annotations

from apcommission.core.child_records import RetentionAction, RetentionRule, register_child_data

from .models import BandedTopUp, Commitment, Invoice, InvoiceDiscrepancy, Recoupment, RecoupmentStatusChange, TopUpRow

FINANCIAL_RECORDS = RetentionRule(
    key="financial_record",
    label="Costs, top-ups, invoices and budget adjustments that concern a pupil",
    default_period="7 years",
    runs_from="the end of the period the record is for (the current financial year and six more)",
    action=RetentionAction.ANONYMISE,
    source="Limitation Act 1980 s.5 (six years for a claim in contract); LGA/IRMS local government retention "
    "guidance (financial records: current year + 6 years)",
    unsure="Audit or grant conditions (e.g. a DSG deficit management plan) may ask for longer.",
)


def register() -> None:
    common = {"retention": FINANCIAL_RECORDS}
    register_child_data(
        BandedTopUp,
        label="Banded top-ups agreed",
        pupil_path="placement__pupil",
        runs_from="placement__end_date",
        scrub={"reason": ""},
        order=40,
        **common,
    )
    register_child_data(
        Invoice,
        label="Invoices",
        pupil_path="placement__pupil",
        runs_from="period_end",
        scrub={"decision_note": ""},
        order=41,
        **common,
    )
    register_child_data(
        InvoiceDiscrepancy,
        label="Invoice discrepancies",
        pupil_path="invoice__placement__pupil",
        runs_from="invoice__period_end",
        scrub={"explanation": ""},
        order=42,
        **common,
    )
    register_child_data(
        Recoupment,
        label="Exclusion funding adjustments (recoupment)",
        pupil_path="pupil",
        runs_from="period_end",
        scrub={"adjustment_reason": "", "waived_reason": ""},
        order=43,
        **common,
    )
    register_child_data(
        RecoupmentStatusChange,
        label="Recoupment status changes",
        pupil_path="recoupment__pupil",
        runs_from="recoupment__period_end",
        scrub={"note": ""},
        order=44,
        **common,
    )
    register_child_data(
        Commitment,
        label="Committed costs by month",
        pupil_path="placement__pupil",
        runs_from="month_end",
        order=45,
        **common,
    )
    register_child_data(
        TopUpRow,
        label="Top-up list rows (kept with the committed costs)",
        pupil_path="placement__pupil",
        runs_from="placement__end_date",
        # The pupil's names as the list sorts them: blanked with the pupil's own.
        scrub={"sort_last_name": "", "sort_first_name": ""},
        order=46,
        **common,
    )
