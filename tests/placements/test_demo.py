import io

from placements import demo
from placements.models import Placement, PlacementStatus, Pupil
from tests.factories import SchoolFactory
from tests.providers.factories import PriceFactory, SiteCapacityFactory, SiteFactory


def test_demo_creates_nothing_without_providers(la):
    out = io.StringIO()
    demo.seed(la=la, schools=[SchoolFactory(organisation__local_authority=la)], stdout=out)
    assert not Pupil.objects.exists()
    assert "no approved providers" in out.getvalue()


def test_demo_is_idempotent_and_covers_every_route_and_status(la):
    schools = [SchoolFactory(organisation__local_authority=la) for _ in range(3)]
    for key_stage in ("ks1", "ks2", "ks3", "ks4"):
        site = SiteFactory(provider__organisation__local_authority=la)
        SiteCapacityFactory(site=site, key_stage=key_stage, places=60)
        PriceFactory(provider=site.provider)
    demo.seed(la=la, schools=schools, stdout=io.StringIO())
    pupils, placements = Pupil.objects.count(), Placement.objects.count()
    demo.seed(la=la, schools=schools, stdout=io.StringIO())
    assert (Pupil.objects.count(), Placement.objects.count()) == (pupils, placements)
    assert pupils == 300 and placements > 250
    assert Placement.objects.values("route__code").distinct().count() == 7
    statuses = set(Placement.objects.values_list("status", flat=True))
    assert statuses >= set(PlacementStatus.values) - {PlacementStatus.WAITING_LIST}
