"""Demo data of the foundation: the receiving offices of Doc B attachment 2 with the series they receive, and the
other organisations' series lists — every key a key of the series catalogue."""

import pytest

from titles.catalogue import SERIES
from titles.demo_departments import ReceivingOfficeMissing
from titles.demo_departments import seed as seed_departments
from titles.models import Series
from workflow.demo import ORGANISATIONS, seed
from workflow.models import Organisation

pytestmark = pytest.mark.django_db

CATALOGUE_KEYS = {s.key for s in SERIES}


@pytest.fixture
def offices():
    seed()
    seed_departments()
    return {o.name: o for o in Organisation.objects.filter(kind__in=["city_hr", "department"], jurisdiction="city")}


def test_demo_every_receiving_office_of_the_catalogue_exists_and_receives_its_series(offices):
    for series in SERIES:
        office = series.receiving_office or "乌海市人力资源和社会保障局"
        assert office in offices, office
        assert series.key in offices[office].series_received, (series.key, office)


def test_demo_every_series_received_key_is_a_catalogue_key(offices):
    stored = set(Series.objects.values_list("key", flat=True))
    for org in Organisation.objects.all():
        assert set(org.series_received) <= stored, (org.name, set(org.series_received) - stored)
    for code, _kind, name, _jurisdiction, extra in ORGANISATIONS:
        assert set(extra.get("series_received", [])) <= CATALOGUE_KEYS, (code, name)


def test_demo_offices_named_in_the_audit_receive_what_doc_b_gives_them(offices):
    assert {"lawyer", "notary"} <= set(offices["乌海市司法局"].series_received)
    assert {"journalism", "broadcasting"} <= set(offices["中共乌海市委员会宣传部"].series_received)
    assert len(offices["乌海市文体旅游广电局"].series_received) == 11
    assert "engineering" not in offices["乌海市国有资产监督管理委员会"].series_received
    city_hr = set(offices["乌海市人力资源和社会保障局"].series_received)
    assert {"power_engineering", "express_delivery_engineering", "literary_criticism", "advertising"} <= city_hr
    for name in ["乌海市市场监督管理局", "乌海市交通运输局", "乌海市住房和城乡建设局", "乌海市生态环境局",
                 "乌海市自然资源局", "乌海市工业和信息化局", "乌海市委网信办", "乌海市民族事务委员会"]:  # fmt: skip
        assert offices[name].series_received, name


def test_demo_series_are_received_by_one_office_only(offices):
    keys = [key for office in offices.values() for key in office.series_received]
    assert len(keys) == len(set(keys)) == len(SERIES)


def test_demo_departments_seed_is_idempotent_and_follows_the_stored_catalogue(offices):
    Series.objects.filter(key="notary").update(receiving_office="乌海市人力资源和社会保障局")
    seed_departments()
    seed_departments()
    justice = Organisation.objects.get(name="乌海市司法局")
    assert "notary" not in justice.series_received
    assert "notary" in Organisation.objects.get(code="city-hr").series_received


def test_demo_departments_seed_names_an_office_that_has_no_organisation(offices):
    Series.objects.filter(key="notary").update(receiving_office="乌海市不存在局")
    with pytest.raises(ReceivingOfficeMissing, match="乌海市不存在局"):
        seed_departments()


def test_seed_demo_refuses_to_run_outside_demo_mode(settings):
    """The demo accounts share a published password and include the superuser "admin": never on a real system."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    settings.DEMO_MODE = False
    with pytest.raises(CommandError) as error:
        call_command("seed_demo", stdout=io.StringIO())
    assert "WUHAI_DEMO=1" in str(error.value) and "createsuperuser" in str(error.value)
    assert not get_user_model().objects.exists()
