"""Give existing audit events the LA they belong to, where it can be derived: events about an
organisation (its LA), then events by a user who belongs to exactly one LA. The rest stay empty
and are read in the Django admin only."""

from django.db import migrations


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    Organisation = apps.get_model("core", "Organisation")
    Membership = apps.get_model("core", "Membership")
    ContentType = apps.get_model("contenttypes", "ContentType")

    organisation_type = ContentType.objects.filter(app_label="core", model="organisation").first()
    if organisation_type is not None:
        for pk, kind, parent in Organisation.objects.values_list("pk", "kind", "local_authority_id"):
            AuditEvent.objects.filter(
                local_authority__isnull=True, content_type=organisation_type, object_id=str(pk)
            ).update(local_authority_id=pk if kind == "la" else parent)

    las_by_user: dict[int, set[int]] = {}
    for user_id, org_id, parent in Membership.objects.values_list(
        "user_id", "organisation_id", "organisation__local_authority_id"
    ):
        las_by_user.setdefault(user_id, set()).add(parent or org_id)
    for user_id, las in las_by_user.items():
        if len(las) == 1:
            AuditEvent.objects.filter(local_authority__isnull=True, user_id=user_id).update(
                local_authority_id=next(iter(las))
            )
    # Events without a user (failed sign-ins) name the e-mail address tried.
    for email, user_id in apps.get_model("core", "User").objects.values_list("email", "pk"):
        las = las_by_user.get(user_id, set())
        if len(las) == 1:
            AuditEvent.objects.filter(local_authority__isnull=True, user__isnull=True, object_repr=email).update(
                local_authority_id=next(iter(las))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_accounts_invitations_heads_and_audit_by_la"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
