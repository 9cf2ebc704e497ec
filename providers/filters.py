"""Filters of the approved list (django-filter): key stage, need, postcode district, type, price
range and places available. Places available are the sites' places for the key stage; the
placements app's bookings are taken off per site by selectors.site_places_free."""

from __future__ import annotations

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.db.models import Q, Sum
from django.utils import timezone

from apcommission.core.forms import GovukErrorsMixin
from apcommission.core.models import KeyStage, Need

from .choices import MUST_REGISTER, ApprovalStatus, PriceUnit, ProviderType
from .models import Price, Provider, Site, SiteCapacity
from .selectors.registration import must_register_ids
from .validators import normalise_district, parse_money


class ApprovedListFilterForm(GovukErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.TWO_THIRDS),
            Field.select("key_stage"),
            Field.select("need"),
            Field.text("district", field_width=5),
            Field.select("provider_type"),
            Field.select("price_unit"),
            Field.text("price_min", field_width=5),
            Field.text("price_max", field_width=5),
            Field.text("places", field_width=3),
            Button("filter", "Apply filters", css_class="govuk-button--secondary"),
        )
        for name in ("price_min", "price_max", "district", "places"):
            self.fields[name].widget.attrs.setdefault("spellcheck", "false")
        self.helper.label_size = Size.SMALL

    def clean_district(self):
        value = self.cleaned_data.get("district")
        return normalise_district(value) if value else ""

    def _money(self, name):
        value = self.cleaned_data.get(name)
        return parse_money(value) if value else None

    def clean_price_min(self):
        return self._money("price_min")

    def clean_price_max(self):
        return self._money("price_max")

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", "The highest price must be the same as or more than the lowest price")
        if (low is not None or high is not None) and not data.get("price_unit"):
            self.add_error("price_unit", "Select what the price is for, like per day")
        return data


class ApprovedListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Provider name", method="filter_name")
    key_stage = django_filters.ChoiceFilter(
        label="Key stage", choices=KeyStage.choices, empty_label="Any key stage", method="filter_key_stage"
    )
    need = django_filters.ChoiceFilter(label="Need", choices=Need.choices, empty_label="Any need", method="filter_need")
    district = django_filters.CharFilter(
        label="Postcode district", help_text="For example, HR4", method="filter_district"
    )
    provider_type = django_filters.ChoiceFilter(label="Type", choices=ProviderType.choices, empty_label="Any type")
    price_unit = django_filters.ChoiceFilter(
        label="Price for", choices=PriceUnit.choices, empty_label="Any unit", method="filter_noop"
    )
    price_min = django_filters.CharFilter(label="Lowest price (£)", method="filter_price_min")
    price_max = django_filters.CharFilter(label="Highest price (£)", method="filter_price_max")
    places = django_filters.NumberFilter(
        label="Places available (at least)",
        help_text="Places at the selected key stage, or at any key stage",
        method="filter_places",
        min_value=1,
        max_value=9999,
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 2",
            "min_value": "Enter a number of places of 1 or more",
            "max_value": "Enter a number of places of 9999 or fewer",
        },
    )

    class Meta:
        model = Provider
        fields = ["q", "key_stage", "need", "district", "provider_type", "price_unit", "price_min", "price_max"]
        form = ApprovedListFilterForm

    def filter_name(self, queryset, name, value):
        return queryset.filter(organisation__name__icontains=value.strip())

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_key_stage(self, queryset, name, value):
        return queryset.filter(
            pk__in=SiteCapacity.objects.filter(key_stage=value, site__is_active=True).values("site__provider")
        )

    def filter_need(self, queryset, name, value):
        return queryset.filter(pk__in=Site.objects.filter(is_active=True, needs__need=value).values("provider"))

    def filter_district(self, queryset, name, value):
        return queryset.filter(pk__in=Site.objects.filter(is_active=True, postcode_district=value).values("provider"))

    def _prices(self):
        today = timezone.localdate()
        prices = Price.objects.effective_on(today)
        unit = self.form.cleaned_data.get("price_unit")
        return prices.filter(unit=unit) if unit else prices

    def filter_price_min(self, queryset, name, value):
        return queryset.filter(pk__in=self._prices().filter(amount__gte=value).values("provider"))

    def filter_price_max(self, queryset, name, value):
        return queryset.filter(pk__in=self._prices().filter(amount__lte=value).values("provider"))

    def filter_places(self, queryset, name, value):
        capacities = SiteCapacity.objects.filter(site__is_active=True)
        key_stage = self.form.cleaned_data.get("key_stage")
        if key_stage:
            capacities = capacities.filter(key_stage=key_stage)
        enough = capacities.values("site__provider").annotate(total=Sum("places")).filter(total__gte=value)
        return queryset.filter(pk__in=enough.values("site__provider"))


class RegisterFilterForm(GovukErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.TWO_THIRDS),
            Field.select("status"),
            Field.select("provider_type"),
            Field.select("registration"),
            Button("filter", "Apply filters", css_class="govuk-button--secondary"),
        )


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Provider name", method="filter_name")
    status = django_filters.ChoiceFilter(label="Status", choices=ApprovalStatus.choices, empty_label="Any status")
    provider_type = django_filters.ChoiceFilter(label="Type", choices=ProviderType.choices, empty_label="Any type")
    registration = django_filters.ChoiceFilter(
        label="Registration",
        choices=[(MUST_REGISTER, "Must register as an independent school")],
        empty_label="Any",
        method="filter_registration",
        error_messages={"invalid_choice": "Select a registration filter from the list"},
    )

    class Meta:
        model = Provider
        fields = ["q", "status", "provider_type", "registration"]
        form = RegisterFilterForm

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_registration(self, queryset, name, value):
        if value != MUST_REGISTER or self.user is None:
            return queryset
        return queryset.filter(pk__in=must_register_ids(user=self.user))

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(organisation__name__icontains=value.strip()) | Q(urn=value.strip()))
