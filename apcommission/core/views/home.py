"""Each role's home page and the audit log."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import selectors
from ..audit import audit_export
from ..forms import AuditLogFilterForm
from ..models import Role
from ..permissions import role_required
from ..scoping import scope_for


@login_required
def home(request):
    """Each role's home page; apps contribute panels through selectors.home_panels."""
    scope = scope_for(request.user)
    context = {"panels": selectors.home_panels(user=request.user, scope=scope), "roles": selectors.role_labels(scope)}
    return render(request, "core/home.html", context)


def _filtered_events(request):
    form = AuditLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.audit_events(user=request.user, **filters)


@role_required(Role.ADMINISTRATOR)
def audit_log(request):
    """The administrator's own LA's audit log, filtered, 50 a page, with readable changes."""
    form, events = _filtered_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    changes = selectors.readable_changes(page.object_list)
    rows = [(event, changes.get(event.pk, [])) for event in page.object_list]
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "export_query": export_query.urlencode()}
    return render(request, "core/audit_log.html", context)


class _Echo:
    def write(self, value):
        return value


@role_required(Role.ADMINISTRATOR)
def audit_log_export(request):
    """The filtered log as CSV (streamed); the export is itself audited."""
    form, events = _filtered_events(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('core:audit-log')}?{request.GET.urlencode()}")
    audit_export(request, "Audit log CSV")
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in selectors.audit_csv_rows(events))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
