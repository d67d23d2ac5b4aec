"""Demo: the series each receiving office (送审经办机构, Doc B attachment 2) receives, filled from the series
catalogue as stored (``Series.receiving_office``; blank means the city HR bureau, the attachment's "等" row).

Runs after ``workflow.demo.seed``, which creates the offices without their series: workflow does not know the
catalogue (the dependencies run workflow ← posts ← titles). A receiving office of the catalogue that has no
organisation of that name is an error of the demo data, reported by name.
"""

from __future__ import annotations

from django.db import transaction

from titles.models import Series
from workflow.models import Organisation

CITY_HR_NAME = "乌海市人力资源和社会保障局"
OFFICE_KINDS = (Organisation.Kind.CITY_HR, Organisation.Kind.DEPARTMENT)


class ReceivingOfficeMissing(LookupError):
    pass


@transaction.atomic
def seed() -> dict[str, list[str]]:
    received: dict[str, list[str]] = {}
    for key, office in Series.objects.order_by("position", "key").values_list("key", "receiving_office"):
        received.setdefault(office or CITY_HR_NAME, []).append(key)
    offices = {o.name: o for o in Organisation.objects.filter(kind__in=OFFICE_KINDS, jurisdiction="city")}
    missing = sorted(set(received) - set(offices))
    if missing:
        raise ReceivingOfficeMissing(
            f"送审经办机构没有对应的演示机构 / receiving offices without an organisation: {missing}"
        )
    for name, office in offices.items():
        keys = received.get(name, [])
        if office.series_received != keys:
            office.series_received = keys
            office.save(update_fields=["series_received"])
    return received
