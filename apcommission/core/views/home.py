"""Each role's home page and the audit log."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import selectors
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


@role_required(Role.ADMINISTRATOR)
def audit_log(request):
    form = AuditLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(user=request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})
