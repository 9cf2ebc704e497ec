"""The register for LA staff, the provider detail page, and editing the record."""

from __future__ import annotations

import functools
from html import escape
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from apcommission.core import layout
from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_view_request
from apcommission.core.compiled import access_compiled_or_404, compiled_rows
from apcommission.core.models import KeyStage, Organisation, Role
from apcommission.core.paging import count_sql, list_shape
from apcommission.core.permissions import can, role_required
from apcommission.core.scoping import scope_for
from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money

from .. import conf, registration, selectors, services
from ..choices import NON_SCHOOL_TYPES, ChangeKind, ChangeStatus, PriceUnit, ProviderType, RegistrationStatus
from ..filters import RegisterFilter
from ..forms import CapacityForm, ContactForm, OfferForm, PriceForm, ProviderForm, SiteForm, StatusForm
from ..models import ChangeRequest, Contact, Provider, RegistrationCount, Site
from ..selectors import record
from ..services._common import OFFICER_ROLES, is_officer_for, is_provider_user_for
from ._common import (
    LA_STAFF_ROLES,
    OWN_RECORD_ROLES,
    form_page,
    officer_provider_or_404,
    own_or_officer_provider_or_404,
    paginate,
    status_tag_of,
)
from .provider_page import provider_page_body, site_tables

PROVIDER_FIELDS = ProviderForm.base_fields.keys() - {"name"}


#: The register's other pages (each shown to the user only when its own rule lets them in).
REGISTER_LINKS = (
    ("providers:approved-list", "Approved list (as schools see it)"),
    ("providers:qa-reviews", "QA reviews"),
    ("providers:documents", "Documents due"),
    ("providers:concerns", "Concerns"),
    ("providers:feedback-list", "Feedback"),
    ("providers:change-requests", "Changes asked for"),
    ("providers:gap-analysis", "Gap analysis"),
)


@role_required(*LA_STAFF_ROLES)
def register(request):
    """Every provider of the user's LA, in every status (LA staff)."""
    today = timezone.localdate()
    if request.GET:
        filterset = RegisterFilter(request.GET, queryset=selectors.register_list(user=request.user), user=request.user)
        form = filterset.form
        page = paginate(request, _register_rows_of(filterset.qs, today), conf.list_page_size())
    else:
        form, page = _unfiltered_register_form(), _register_first_page(request.user, today)
    context = {
        "form": form,
        "page": page,
        "body": _register_body(_register_rows(page.object_list, today)),
        # The register's other pages the user may open (each page's own rule), asked once.
        "register_links": [(layout.address(name), label) for name, label in REGISTER_LINKS if can(request.user, name)],
        "may_add": can(request.user, "providers:provider-add"),
    }
    return render(request, "providers/register_list.html", context)


#: What the register reads of each provider: its columns and today's maintained registration
#: counts (selectors.registration_warnings reads the same RegistrationCount rows).
REGISTER_COLUMNS = (
    "id", "organisation__name", "provider_type", "status", "registration_status", "full_time", "vulnerable",
)  # fmt: skip


def _register_rows_of(providers, today):
    """The providers as rows of REGISTER_COLUMNS, with today's maintained counts."""
    counted = RegistrationCount.objects.filter(provider=OuterRef("pk"), on=today)
    return providers.annotate(
        full_time=Subquery(counted.values("full_time")),
        vulnerable=Subquery(counted.values("full_time_with_ehcp_or_looked_after")),
    ).values(*REGISTER_COLUMNS)


@functools.cache
def _unfiltered_register_form():
    """The filter form with nothing chosen: the same for every user (its choices are fixed), made
    once a process ({% list_filter_form %} renders it once a process too)."""
    return RegisterFilter(None, queryset=Provider.objects.none()).form


def _register_first_page(user, today):
    """The register's first page unfiltered (most requests) as plain rows: one statement compiled
    once per process for each user's scope, the total counted in it (the querysets are built only
    to compile it)."""
    per_page = conf.list_page_size()

    def build():
        providers = selectors.register_list(user=user)
        return _register_rows_of(providers, today).annotate(total=count_sql(providers))[:per_page]

    found = compiled_rows(list_shape("provider register", user, today, per_page), build)
    paginator = Paginator(found, per_page)
    paginator.count = found[0]["total"] if found else 0
    return paginator.page(1)


_TYPES = dict(ProviderType.choices)
_REGISTRATION = dict(RegistrationStatus.choices)


def _register_rows(providers: list[dict], today) -> list[dict]:
    """The register's rows: each provider's address from one prefix, its labels worked out here,
    and today's registration warning (selectors.registration_warnings' rule) from the maintained
    counts read with the rows; counted for any provider the refresh has not reached."""
    address = address_of("providers:detail")
    missing = [p["id"] for p in providers if p["provider_type"] in NON_SCHOOL_TYPES and p["full_time"] is None]
    flags = {}
    if missing:
        warnings = selectors.registration_warnings(providers=Provider.objects.filter(pk__in=missing), on=today)
        flags = {pk: warning.must_register for pk, warning in warnings.items()}
    rows = []
    for p in providers:
        if p["provider_type"] not in NON_SCHOOL_TYPES:
            must_register = False
        elif p["full_time"] is None:
            must_register = flags[p["id"]]
        else:
            counts = registration.RegistrationCounts(p["full_time"], p["vulnerable"])
            must_register = registration.registration_warning(counts).must_register
        rows.append(
            {
                "url": address(p["id"]),
                "name": p["organisation__name"],
                "type": _TYPES.get(p["provider_type"], p["provider_type"]),
                "status_tag": status_tag_of(p["status"]),
                "must_register": must_register,
                "registration": _REGISTRATION.get(p["registration_status"], p["registration_status"]),
            }
        )
    return rows


_MUST_REGISTER_TAG = '<strong class="govuk-tag govuk-tag--red">Must register as an independent school</strong>'
_NO_PROVIDERS = (
    '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No providers match.</td></tr>\n    '
)


def _register_body(rows: list[dict]) -> SafeString:
    """The register table's rows (_register_rows) as providers/register_list.html's loop wrote
    them, each value escaped as the template escaped it (the loop and its lookups were a third of
    the page's rendering)."""
    if not rows:
        return SafeString(_NO_PROVIDERS)
    return SafeString(
        "".join(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{escape(row["url"])}">'
            f"{escape(row['name'])}</a></td>\n"
            f'      <td class="govuk-table__cell">{escape(str(row["type"]))}</td>\n'
            f'      <td class="govuk-table__cell">{row["status_tag"]}</td>\n'
            '      <td class="govuk-table__cell">'
            f"{_MUST_REGISTER_TAG if row['must_register'] else escape(str(row['registration']))}</td>\n"
            "    </tr>\n    "
            for row in rows
        )
    )


@role_required(*OFFICER_ROLES)
def provider_add(request):
    la_ids = scope_for(request.user)
    las = Organisation.objects.filter(pk__in=set().union(*(la_ids.orgs_with_role(r) for r in OFFICER_ROLES)))
    la = las.order_by("pk").first()
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in PROVIDER_FIELDS}
        try:
            provider = create_once(
                form.token,
                request.user,
                services.provider_register,
                la=la,
                name=form.cleaned_data["name"],
                author=request.user,
                **data,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{provider.name} added to the register as applied")
            return redirect("providers:detail", provider.pk)
    return form_page(request, form, title="Add a provider to the register", back_url=reverse("providers:register"))


#: How many of the provider's QA reviews its page lists, newest first.
LATEST_QA_REVIEWS_SHOWN = 10


def _detail_context(request, provider, sent_with=()):
    user = request.user
    scope = scope_for(user)
    officer = is_officer_for(user, provider)
    la_staff = provider.organisation.local_authority_id in scope.la_ids
    own = is_provider_user_for(user, provider)
    today = timezone.localdate()
    lists = record.LA_STAFF_LISTS if la_staff else record.OWN_LISTS if own else record.OTHER_LISTS
    if provider.provider_type in NON_SCHOOL_TYPES:
        lists += record.REGISTRATION_LISTS
    found = record.record_lists(
        user=user, provider_id=provider.pk, on=today, lists=lists, reviews=LATEST_QA_REVIEWS_SHOWN, sent_with=sent_with
    )
    provider, sites, summary = selectors.provider_page(
        provider=provider,
        on=today,
        site_rows=found.pop("sites"),
        places_taken=found.pop("places_taken"),
        registration_counted=found.pop("registration_count", None),
    )
    context = {
        "provider": provider,
        **found,
        "sites": sites,
        "site_tables": site_tables(sites, officer=officer, own=own),
        "summary": summary,
        "is_officer": officer,
        "is_la_staff": la_staff,
        "is_own": own,
        "is_school": scope.has_role(Role.SCHOOL_USER),
        "today": today,
    }
    if la_staff:
        reviews = found["reviews"]
        # From the reviews listed when one of them approves (or they are all there are).
        context["approving_review"] = services.approving_review(
            provider,
            on=today,
            latest=[SimpleNamespace(**review) for review in reviews],
            latest_are_all=len(reviews) < LATEST_QA_REVIEWS_SHOWN,
        )
    return context


@role_required(*LA_STAFF_ROLES, Role.SCHOOL_USER, Role.PROVIDER_USER)
def detail(request, pk):
    """The provider page: the offer for schools; the whole record for LA staff and the provider."""
    # visible_provider_or_404's read, its statement compiled once a process for the user's scope.
    provider = access_compiled_or_404(
        "provider page", lambda: Provider.objects.select_related("organisation"), request.user, pk
    )
    # The view's audit event is sent with the record's lists: one round trip for both.
    context = _detail_context(request, provider, sent_with=[audit_view_request(request, provider)])
    context["page_body"] = provider_page_body(context)
    return render(request, "providers/detail.html", context)


@role_required(*OFFICER_ROLES)
def edit(request, pk):
    provider = officer_provider_or_404(request, pk)
    initial = {k: getattr(provider, k) for k in PROVIDER_FIELDS} | {"name": provider.name}
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in PROVIDER_FIELDS}
        try:
            services.provider_update(provider=provider, author=request.user, name=form.cleaned_data["name"], **data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Provider record saved")
            return redirect("providers:detail", provider.pk)
    return form_page(
        request,
        form,
        title="Edit the provider record",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
    )


@role_required(*OFFICER_ROLES)
def change_status(request, pk):
    provider = officer_provider_or_404(request, pk)
    form = StatusForm(request.POST or None, allowed=services.allowed_next_statuses(provider))
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_change_status(
                provider=provider,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                conditions=form.cleaned_data["conditions"],
                author=request.user,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            provider.refresh_from_db(fields=["status"])
            messages.success(request, f"{provider.name} is now {provider.get_status_display().lower()}")
            return redirect("providers:detail", provider.pk)
    return form_page(
        request,
        form,
        title="Change the approval status",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
        intro=f"The provider is {provider.get_status_display().lower()}. Approval needs a QA review that recommends "
        "it, moderated by a second officer and not past its next review date.",
    )


@role_required(*OWN_RECORD_ROLES)
def offer_edit(request, pk):
    provider = own_or_officer_provider_or_404(request, pk)
    initial = {k: getattr(provider, k) for k in OfferForm.base_fields}
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update_offer(provider=provider, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Offer details saved")
            return redirect("providers:detail", provider.pk)
    return form_page(
        request,
        form,
        title="Edit the offer and contact details",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
    )


def _contact_form(request, provider, contact=None):
    initial = {k: getattr(contact, k) for k in ContactForm.base_fields} if contact else None
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                form.token,
                request.user,
                services.contact_save,
                provider=provider,
                author=request.user,
                contact=contact,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Contact saved")
            return redirect("providers:detail", provider.pk)
    title = "Change a contact" if contact else "Add a contact"
    return form_page(
        request, form, title=title, caption=provider.name, back_url=reverse("providers:detail", args=[provider.pk])
    )


@role_required(*OWN_RECORD_ROLES)
def contact_add(request, pk):
    return _contact_form(request, own_or_officer_provider_or_404(request, pk))


@role_required(*OWN_RECORD_ROLES)
def contact_edit(request, pk):
    contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk)
    provider = own_or_officer_provider_or_404(request, contact.provider_id)
    return _contact_form(request, provider, contact)


@role_required(*OFFICER_ROLES)
def site_add(request, pk):
    provider = officer_provider_or_404(request, pk)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                form.token,
                request.user,
                services.site_add,
                provider=provider,
                author=request.user,
                name=data["name"],
                address=data["address"],
                postcode=data["postcode"],
                needs=data["needs"],
                places=form.places(),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Site added")
            return redirect("providers:detail", provider.pk)
    return form_page(
        request, form, title="Add a site", caption=provider.name, back_url=reverse("providers:detail", args=[pk])
    )


def _site_for(request, pk) -> Site:
    site = get_object_or_404(Site.objects.visible_to(request.user).select_related("provider__organisation"), pk=pk)
    own_or_officer_provider_or_404(request, site.provider_id)
    return site


@role_required(*OWN_RECORD_ROLES)
def capacity_edit(request, pk):
    """Officers set places directly; the provider's own users ask, and an officer decides."""
    site = _site_for(request, pk)
    provider = site.provider
    officer = is_officer_for(request.user, provider)
    form = CapacityForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        places = form.places()
        try:
            if officer:
                services.capacity_set(site=site, author=request.user, places=places)
                messages.success(request, "Places saved")
            else:
                summary = f"Places at {site.name}: " + ", ".join(
                    f"{KeyStage(k).label} {n}" for k, n in places.items() if n
                )
                create_once(
                    form.token,
                    request.user,
                    services.change_request_submit,
                    provider=provider,
                    author=request.user,
                    kind=ChangeKind.CAPACITY,
                    payload={"site_id": site.pk, "places": places},
                    summary=summary,
                )
                messages.success(request, "Your change has been sent to the local authority for approval")
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return redirect("providers:detail", provider.pk)
    intro = "" if officer else "The local authority approves changes to places before they show on the approved list."
    return form_page(
        request,
        form,
        title=f"Places at {site.name}",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[provider.pk]),
        intro=intro,
    )


@role_required(*OWN_RECORD_ROLES)
def price_add(request, pk):
    """Officers add prices directly; the provider's own users ask, and an officer decides."""
    provider = own_or_officer_provider_or_404(request, pk)
    officer = is_officer_for(request.user, provider)
    form = PriceForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if officer:
                create_once(
                    form.token,
                    request.user,
                    services.price_add,
                    provider=provider,
                    author=request.user,
                    unit=data["unit"],
                    amount=data["amount"],
                    effective_from=data["effective_from"],
                    effective_to=data["effective_to"],
                    site=data["site"],
                    description=data["description"],
                )
                messages.success(request, "Price added")
            else:
                clash = services.overlapping_prices(
                    provider=provider,
                    unit=data["unit"],
                    site=data["site"],
                    effective_from=data["effective_from"],
                    effective_to=data["effective_to"],
                ).exists()
                if clash:
                    raise ValidationError(
                        {"effective_from": "These dates overlap a price you already have for this unit"}
                    )
                create_once(
                    form.token,
                    request.user,
                    services.change_request_submit,
                    provider=provider,
                    author=request.user,
                    kind=ChangeKind.PRICE,
                    payload=form.payload(),
                    summary=(
                        f"{money(data['amount'])} {PriceUnit(data['unit']).label} "
                        f"from {data['effective_from']:%d/%m/%Y}"
                    ),
                )
                messages.success(request, "Your new price has been sent to the local authority for approval")
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return redirect("providers:detail", provider.pk)
    return form_page(
        request, form, title="Add a price", caption=provider.name, back_url=reverse("providers:detail", args=[pk])
    )


@role_required(*OFFICER_ROLES)
def change_requests(request):
    requests = (
        ChangeRequest.objects.visible_to(request.user)
        .filter(status=ChangeStatus.PENDING)
        .select_related("provider__organisation", "requested_by")
        .order_by("created_on", "pk")
    )
    return render(request, "providers/change_requests.html", {"page": paginate(request, requests)})


@role_required(*OFFICER_ROLES)
def change_request_decide(request, pk):
    from ..forms import DecisionForm

    change = get_object_or_404(
        ChangeRequest.objects.visible_to(request.user).select_related("provider__organisation"), pk=pk
    )
    if not is_officer_for(request.user, change.provider):
        raise Http404("Page not found")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_decide(
                request=change,
                author=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            verdict = "approved" if form.cleaned_data["decision"] == "approve" else "turned down"
            messages.success(request, f"The change asked for by {change.provider.name} has been {verdict}")
            return redirect("providers:change-requests")
    return form_page(
        request,
        form,
        title="Decide a change asked for by a provider",
        caption=change.provider.name,
        back_url=reverse("providers:change-requests"),
        intro=f"{change.summary} (status: {change.get_status_display()})",
    )
