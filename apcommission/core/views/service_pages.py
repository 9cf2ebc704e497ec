"""The service's own pages, linked from the phase banner and the footer: feedback (kept for the
LA's administrators), the accessibility statement and the cookies page. Open to everyone, signed in
or not, except the feedback list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import selectors, services
from ..forms import FeedbackForm
from ..models import Role
from ..permissions import role_required


def feedback(request):
    """The feedback form; sent, it returns the user to the page they came from, with thanks."""
    page = request.GET.get("page", "")
    form = FeedbackForm(request.POST or None, initial={"page": page})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.feedback_send(
                user=request.user,
                satisfaction=data["satisfaction"],
                improve=data["improve"],
                page=data["page"],
                submission_token=data["submission_token"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Thank you for your feedback: it has been sent to the service's administrators")
            home = reverse("core:home") if request.user.is_authenticated else reverse("core:sign-in")
            return redirect(sent.page or home)
    return render(request, "core/feedback.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
def feedback_list(request):
    """Feedback from the people of the administrator's LA, newest first."""
    page = Paginator(selectors.feedback_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "core/feedback_list.html", {"page": page})


def accessibility(request):
    return render(request, "core/accessibility.html", {"statement_prepared": settings.ACCESSIBILITY_STATEMENT_DATE})


def cookies(request):
    context = {
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
    return render(request, "core/cookies.html", context)
