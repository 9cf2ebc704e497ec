"""Generating, storing and publishing Schools Forum packs.

`pack_request` records the pack and either renders it at once (a small county) or queues it for
a Celery worker (`reports.tasks.generate_pack`), the page refreshing until it is ready. A ready
pack is never changed again: its bytes and their SHA-256 are what the LA presented. Publishing
makes it visible to the LA's Schools Forum members."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import uuid
from contextlib import contextmanager

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.pdf import render_pdf
from placements.models import Placement

from ..models import PackStatus, ReportPack
from ..selectors.pack import ForumPack, PackOptions, forum_pack
from ._common import require_author

log = logging.getLogger(__name__)

GENERATE_PACK_TASK = "reports.tasks.generate_pack"


def render_inline_limit() -> int:
    """Placements in the LA up to which a pack renders during the request (else in the background)."""
    return int(getattr(settings, "REPORTS_RENDER_INLINE_MAX_PLACEMENTS", 20000))


def _check(options: PackOptions) -> None:
    if options.second_snapshot <= options.first_snapshot:
        raise ValidationError({"second_snapshot": "The second date must be after the first date"})


@transaction.atomic
def pack_request(*, local_authority, options: PackOptions, by, submission_token: uuid.UUID | None = None) -> ReportPack:
    """Record a pack to generate (one per submission token) and start it."""
    require_author(by, local_authority.pk)
    _check(options)
    if submission_token is not None:
        existing = ReportPack.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    pack = ReportPack.objects.create(
        local_authority=local_authority,
        title=f"Alternative provision: Schools Forum budget pack, {options.meeting_date:%-d %B %Y}",
        meeting_date=options.meeting_date,
        financial_year=options.financial_year,
        parameters=options.as_parameters(),
        generated_by=by,
        submission_token=submission_token,
    )
    audit_change(user=by, obj=pack)
    large = Placement.objects.filter(pupil__home_la=local_authority).count() > render_inline_limit()
    if large:
        # By name: the task module wraps this one, so importing it here would make a circle.
        transaction.on_commit(lambda: current_app.tasks[GENERATE_PACK_TASK].delay(pack.pk))
    else:
        pack = pack_generate(pack_id=pack.pk)
    return pack


def _options(pack: ReportPack) -> PackOptions:
    p = pack.parameters
    return PackOptions(
        meeting_date=pack.meeting_date,
        financial_year=pack.financial_year,
        first_snapshot=dt.date.fromisoformat(p["first_snapshot"]),
        second_snapshot=dt.date.fromisoformat(p["second_snapshot"]),
        include_plan=p.get("include_plan", True),
        include_improvement_plan=p.get("include_improvement_plan", True),
    )


@contextmanager
def _collector_paused():
    """WeasyPrint makes hundreds of thousands of short-lived objects while it lays a pack out, and
    Python's cyclic garbage collector's passes over them were a quarter of the render's time
    (docs/reports.md, "How fast"). Paused for one render; its objects are freed by reference
    counting as usual, and any cycles at the collector's next pass after it is switched back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pack_render(pack: ForumPack) -> bytes:
    """The pack's figures as the tagged PDF (PDF/UA-1) the Forum receives."""
    with _collector_paused():
        return render_pdf("reports/forum_pack_pdf.html", {"pack": pack}, tagged=True)


def _progress(pack_id: int, status: str, progress: int) -> None:
    ReportPack.objects.filter(pk=pack_id).update(status=status, progress=progress, modified_on=timezone.now())


def pack_generate(*, pack_id: int) -> ReportPack:
    """Gather the figures, render the tagged PDF and store it with its checksum. Safe to run twice
    (a worker retried after dying): a ready pack is left as it is."""
    pack = ReportPack.objects.select_related("local_authority").get(pk=pack_id)
    if pack.is_ready:
        return pack
    _progress(pack.pk, PackStatus.RUNNING, 10)
    try:
        data = forum_pack(local_authority=pack.local_authority, title=pack.title, options=_options(pack))
        _progress(pack.pk, PackStatus.RUNNING, 60)
        pdf = pack_render(data)
    except Exception as error:  # recorded on the pack for the officer; the traceback goes to the log
        log.exception("Forum pack %s failed", pack.pk)
        ReportPack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, error=str(error)[:2000])
        raise
    with transaction.atomic():
        pack = ReportPack.objects.select_for_update().get(pk=pack.pk)
        if not pack.is_ready:
            pack.pdf, pack.size_bytes = pdf, len(pdf)
            pack.checksum = hashlib.sha256(pdf).hexdigest()
            pack.data_as_of, pack.status, pack.progress = data.data_as_of, PackStatus.READY, 100
            pack.save()
    return pack


@transaction.atomic
def pack_publish(*, pack: ReportPack, by) -> ReportPack:
    """Make a ready pack visible to the LA's Schools Forum members."""
    require_author(by, pack.local_authority_id)
    pack = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if not pack.is_ready:
        raise ValidationError("Only a ready pack can be published")
    if pack.published_at is None:
        before = snapshot(pack)
        pack.published_at = timezone.now()
        pack.save(update_fields=["published_at", "modified_on"])
        audit_change(user=by, obj=pack, before=before)
    return pack
