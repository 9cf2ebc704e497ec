"""Every write to the provider register (HackSoftware styleguide: keyword-only, full_clean,
own transaction, audit entry in the same transaction)."""

from .concerns import concern_report, concern_update, feedback_give
from .documents import document_upload
from .figures import register_figures_changed, register_figures_count, register_figures_refresh
from .lifecycle import ALLOWED_TRANSITIONS, allowed_next_statuses, approving_review, provider_change_status
from .qa import (
    DEFAULT_CHECKLIST,
    ItemResult,
    moderation_refusal,
    qa_checklist_ensure_default,
    qa_checklist_item_save,
    qa_review_moderate,
    qa_review_record,
    qa_review_return,
)
from .register import (
    capacity_set,
    change_request_decide,
    change_request_submit,
    contact_save,
    overlapping_prices,
    price_add,
    provider_register,
    provider_update,
    provider_update_offer,
    site_add,
)
from .registration import registration_counts_refresh
from .summaries import provider_summaries_count, provider_summaries_refresh, provider_summary_changed

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DEFAULT_CHECKLIST",
    "ItemResult",
    "allowed_next_statuses",
    "approving_review",
    "capacity_set",
    "change_request_decide",
    "change_request_submit",
    "concern_report",
    "register_figures_changed",
    "register_figures_count",
    "register_figures_refresh",
    "concern_update",
    "contact_save",
    "document_upload",
    "feedback_give",
    "overlapping_prices",
    "price_add",
    "provider_change_status",
    "provider_register",
    "provider_summaries_count",
    "provider_summaries_refresh",
    "provider_summary_changed",
    "provider_update",
    "provider_update_offer",
    "qa_checklist_ensure_default",
    "qa_checklist_item_save",
    "moderation_refusal",
    "qa_review_moderate",
    "qa_review_record",
    "qa_review_return",
    "registration_counts_refresh",
    "site_add",
]
