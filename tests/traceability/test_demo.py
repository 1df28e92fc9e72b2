import pytest

from ocop.demo.data import load_demo
from ocop.demo.traceability import load_traceability_demo
from ocop.traceability.epcis import check_document, export_document
from ocop.traceability.models import Event, Lot, TradeItem


@pytest.mark.django_db
def test_demo_loads_a_valid_chain_once():
    load_demo()
    count = load_traceability_demo()
    assert count == Event.objects.count() == 12 * 7
    assert TradeItem.objects.count() == 24
    assert Lot.objects.count() == 24
    assert Event.objects.filter(has_quality_data=True).count() == 12
    assert load_traceability_demo() == count
    assert Event.objects.count() == count
    assert check_document(export_document(events=Event.objects.all())) is None
