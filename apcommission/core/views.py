from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .forms import AuditLogFilterForm, SignInForm
from .health import health_report
from .models import Role
from .permissions import role_required
from .scoping import scope_for


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from .demo import demo_logins

        return {**super().get_context_data(**kwargs), "demo_logins": demo_logins()}


class SignOutView(auth_views.LogoutView):
    template_name = "core/signed_out.html"


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


@never_cache
@require_GET
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    # No request context: the database may be what failed, and context processors query it.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))
