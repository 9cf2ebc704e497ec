from django.urls import path

from .views import contributions, hnb, home, invoices, places, recoupment, topups

app_name = "funding"
urlpatterns = [
    path("", home.index, name="index"),
    # High Needs Block monitoring
    path("hnb/", hnb.hnb_dashboard, name="hnb-dashboard"),
    path("hnb.csv", hnb.hnb_csv, name="hnb-csv"),
    path("hnb/budget/", hnb.budget, name="budget"),
    path("hnb/budget/add/", hnb.budget_line_add, name="budget-line-add"),
    path("hnb/deficit/", hnb.deficit_edit, name="deficit-set"),
    path("hnb/refresh/", hnb.commitments_refresh_view, name="commitments-refresh"),
    # Place funding
    path("places/", places.places, name="places"),
    path("places/add/", places.places_set, name="places-set"),
    path("places/<int:year>/place-change.csv", places.place_change_csv, name="place-change-csv"),
    # Top-up and lump sums
    path("top-ups/", topups.top_ups, name="top-ups"),
    path("top-ups/bands/", topups.bands, name="bands"),
    path("top-ups/bands/add/", topups.band_set, name="band-set"),
    path("top-ups/<int:placement_pk>/band/", topups.band_agree, name="band-agree"),
    path("top-ups/lump-sums/", topups.lump_sums, name="lump-sums"),
    path("top-ups/lump-sums/add/", topups.lump_sum_add, name="lump-sum-set"),
    # Recoupment
    path("recoupment/", recoupment.recoupment_list, name="recoupment-list"),
    path("recoupment/rates/", recoupment.rate_list, name="rate-list"),
    path("recoupment/rates/add/", recoupment.rate_set, name="rate-set"),
    path("recoupment/rates/import/", recoupment.rate_import, name="rate-import"),
    path("recoupment/exclusions/", recoupment.exclusions_list, name="exclusions-to-calculate"),
    path(
        "recoupment/exclusions/<int:pk>/calculate/", recoupment.recoupment_calculate_view, name="recoupment-calculate"
    ),
    path("recoupment/<int:pk>/", recoupment.recoupment_detail, name="recoupment-detail"),
    path("recoupment/<int:pk>/admitting/", recoupment.recoupment_admitting, name="recoupment-admitting"),
    path("recoupment/<int:pk>/notify/", recoupment.recoupment_notify_view, name="recoupment-notify"),
    path("recoupment/<int:pk>/recovered/", recoupment.recoupment_recover_view, name="recoupment-recover"),
    path("recoupment/<int:pk>/waive/", recoupment.recoupment_waive_view, name="recoupment-waive"),
    # Invoices
    path("invoices/", invoices.invoice_list, name="invoice-list"),
    path("invoices/new/", invoices.invoice_create, name="invoice-create"),
    path("invoices/upload/", invoices.invoice_upload, name="invoice-upload"),
    path("invoices/placements.csv", invoices.invoice_placements_csv, name="invoice-placements-csv"),
    path("invoices/payment-terms/", invoices.payment_terms, name="payment-terms"),
    path("invoices/payment-terms/set/", invoices.payment_terms_edit, name="payment-terms-set"),
    path("invoices/<int:pk>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/decide/", invoices.invoice_decide_view, name="invoice-decide"),
    path("invoices/<int:pk>/check/", invoices.invoice_check_view, name="invoice-check"),
    # Contributions, full cost recovery and equity of access
    path("contributions/", contributions.contributions, name="contributions"),
    path("contributions/add/", contributions.contribution_add, name="contribution-set"),
    path("contributions/costs/add/", contributions.service_cost_add, name="service-cost-set"),
    path("equity/", contributions.equity, name="equity"),
    path("equity.csv", contributions.equity_csv, name="equity-csv"),
]
