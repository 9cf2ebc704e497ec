"""Django admin for support staff. Approval status, QA moderation and prices are read-only here:
they change only through the services, which enforce the lifecycle, moderation and overlap rules."""

from django.contrib import admin

from .models import (
    ApprovalChange,
    ChangeRequest,
    ComplianceDocument,
    Concern,
    Contact,
    Feedback,
    Price,
    Provider,
    QAChecklistItem,
    QAReview,
    Site,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "postcode", "postcode_district", "is_active"]


class ApprovalChangeInline(admin.TabularInline):
    model = ApprovalChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "reason", "author", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "provider_type", "status", "registration_status"]
    list_filter = ["status", "provider_type", "registration_status"]
    search_fields = ["organisation__name", "urn", "ukprn", "company_number"]
    readonly_fields = ["status", "conditions"]
    inlines = [ContactInline, SiteInline, ApprovalChangeInline]


@admin.register(Price)
class PriceAdmin(admin.ModelAdmin):
    list_display = ["provider", "site", "unit", "amount", "effective_from", "effective_to"]
    list_filter = ["unit"]
    search_fields = ["provider__organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QAChecklistItem)
class QAChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["title", "local_authority", "group", "order", "is_active"]
    list_filter = ["group", "is_active"]


@admin.register(QAReview)
class QAReviewAdmin(admin.ModelAdmin):
    list_display = ["provider", "reviewed_on", "outcome", "author", "moderated_by", "next_review_date"]
    list_filter = ["outcome"]
    search_fields = ["provider__organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ComplianceDocument)
class ComplianceDocumentAdmin(admin.ModelAdmin):
    list_display = ["provider", "kind", "expires_on"]
    list_filter = ["kind"]
    exclude = ["file"]  # files are served only by the scoped download view
    readonly_fields = ["original_name", "size", "uploaded_by"]


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["summary", "provider", "reporting_organisation", "status"]
    list_filter = ["status"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["provider", "school", "academic_year", "term", "rating"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["summary", "provider", "kind", "status"]
    list_filter = ["status", "kind"]
    readonly_fields = ["payload", "status", "decided_by", "decided_at"]
