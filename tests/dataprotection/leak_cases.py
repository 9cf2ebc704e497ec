"""Every data protection URL for the leak matrix: a pupil of school A with an export and a hold."""

from django.core.files.base import ContentFile
from django.urls import reverse

from dataprotection.models import LegalHold, SubjectAccessExport
from tests.leak_matrix import ROLE_KEYS, LeakCase
from tests.placements.factories import PupilFactory

SECRET_PUPIL = "Ysolde Subjectaccess"
SECRET_HOLD = "Yarrow secret claim reference"

DATA_PROTECTION = frozenset({"la_officer", "la_manager", "administrator"})


def leak_cases(world):
    pupil = PupilFactory(home_school=world.school_a, legal_first_name="Ysolde", legal_last_name="Subjectaccess")
    officer = world.users["la_officer"]
    export = SubjectAccessExport(pupil=pupil, local_authority=world.la, requested_by=officer, status="ready")
    export.file.save("leak-matrix.zip", ContentFile(SECRET_PUPIL.encode()), save=False)
    export.save()
    hold = LegalHold.objects.create(pupil=pupil, reason=SECRET_HOLD, placed_by=officer)
    secrets = (SECRET_PUPIL,)
    return [
        LeakCase(reverse("dataprotection:privacy"), frozenset(ROLE_KEYS)),
        LeakCase(reverse("dataprotection:retention"), DATA_PROTECTION, ()),
        LeakCase(reverse("dataprotection:export-new", args=[pupil.pk]), DATA_PROTECTION, secrets),
        LeakCase(reverse("dataprotection:export-detail", args=[export.pk]), DATA_PROTECTION, secrets),
        LeakCase(reverse("dataprotection:export-download", args=[export.pk]), DATA_PROTECTION, secrets),
        LeakCase(reverse("dataprotection:hold-new", args=[pupil.pk]), DATA_PROTECTION, (*secrets, SECRET_HOLD)),
        LeakCase(reverse("dataprotection:hold-release", args=[hold.pk]), DATA_PROTECTION, (*secrets, SECRET_HOLD)),
    ]
