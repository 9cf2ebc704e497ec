"""Every data protection URL for the leak matrix: pupils of school A with an export and a hold, and
the same pages for LA 2's pupil, which no role of LA 1 may open."""

from django.core.files.base import ContentFile
from django.urls import reverse

from apcommission.dataprotection.models import LegalHold, SubjectAccessExport
from tests.leak_matrix import OTHER_LA_SECRETS, ROLE_KEYS, LeakCase
from tests.placements.factories import PupilFactory

SECRET_PUPIL = "Ysolde Subjectaccess"
SECRET_HELD = "Yannick Heldpupil"
SECRET_HOLD = "Yarrow secret claim reference"

DATA_PROTECTION = frozenset({"la_officer", "la_manager", "administrator"})


def _ready_export(pupil, la, by) -> SubjectAccessExport:
    export = SubjectAccessExport(pupil=pupil, local_authority=la, requested_by=by, status="ready")
    export.file.save("leak-matrix.zip", ContentFile(str(pupil).encode()), save=False)
    export.save()
    return export


def leak_cases(world):
    def pupil(name):
        first, last = name.split()
        return PupilFactory(home_school=world.school_a, legal_first_name=first, legal_last_name=last)

    exported, held = pupil(SECRET_PUPIL), pupil(SECRET_HELD)
    officer = world.users["la_officer"]
    export = _ready_export(exported, world.la, officer)
    hold = LegalHold.objects.create(pupil=held, reason=SECRET_HOLD, placed_by=officer)
    world.hide(SECRET_PUPIL, SECRET_HELD, from_roles={"senco_b", "provider_user_a", "provider_user_b"})
    own = [
        LeakCase(reverse("dataprotection:privacy"), frozenset(ROLE_KEYS), public=True),
        LeakCase(reverse("dataprotection:retention"), DATA_PROTECTION),
        LeakCase(
            reverse("dataprotection:export-new", args=[exported.pk]), DATA_PROTECTION, (SECRET_PUPIL,),
            pupil_level=True, post={},
        ),
        LeakCase(
            reverse("dataprotection:export-detail", args=[export.pk]), DATA_PROTECTION, (SECRET_PUPIL,),
            pupil_level=True,
        ),
        LeakCase(
            reverse("dataprotection:export-download", args=[export.pk]), DATA_PROTECTION, (SECRET_PUPIL,),
            pupil_level=True,
        ),
        LeakCase(
            reverse("dataprotection:hold-new", args=[exported.pk]), DATA_PROTECTION, (SECRET_PUPIL,),
            pupil_level=True, post={"reason": "Posted claim reference"},
        ),
        LeakCase(
            reverse("dataprotection:hold-release", args=[hold.pk]), DATA_PROTECTION, (SECRET_HELD, SECRET_HOLD),
            pupil_level=True, post={},
        ),
    ]  # fmt: skip
    return own + _other_la_cases(world)


def _other_la_cases(world):
    """LA 2's pupil: no role of LA 1 may export, hold or read an export or hold of them (404)."""
    far_pupil = world.other["pupil"]
    far_officer = world.users2["la_officer"]
    export = _ready_export(far_pupil, world.la2, far_officer)
    hold = LegalHold.objects.create(pupil=far_pupil, reason="Far claim", placed_by=far_officer)
    urls = {
        reverse("dataprotection:export-new", args=[far_pupil.pk]): {},
        reverse("dataprotection:export-detail", args=[export.pk]): None,
        reverse("dataprotection:export-download", args=[export.pk]): None,
        reverse("dataprotection:hold-new", args=[far_pupil.pk]): {"reason": "Posted claim reference"},
        reverse("dataprotection:hold-release", args=[hold.pk]): {},
    }
    return [
        LeakCase(url, frozenset(), OTHER_LA_SECRETS, "LA 2's pupil", pupil_level=True, post=post)
        for url, post in urls.items()
    ]
