"""The vendored GS1 schema, the official examples, and our export."""

import json
from pathlib import Path

import pytest

from ocop.traceability import epcis
from tests.traceability.helpers import EXAMPLES, document

EXAMPLE_FILES = sorted(Path(EXAMPLES).glob("*.json"))


def test_vendored_schema_is_the_reference():
    vendored = (epcis.DATA / "EPCIS-JSON-Schema.json").read_bytes()
    assert vendored == Path(EXAMPLES).parent.joinpath("EPCIS-JSON-Schema.json").read_bytes()
    assert (epcis.DATA / "LICENSE-GS1").exists()
    assert (epcis.DATA / "epcis-context-root.jsonld").exists()


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_official_examples_validate(path):
    example = json.loads(path.read_text())
    assert epcis.check_document(example) is None
    assert epcis.check_event(example) is None


def test_schema_catches_bad_event_time_and_offset():
    event = json.loads(Path(EXAMPLES, "ObjectEvent.json").read_text())
    assert str(epcis.check_document({**event, "eventTime": "03/04/2005"})) == (
        "eventTime: '03/04/2005' is not a 'date-time'"
    )
    assert epcis.check_document({**event, "eventTimeZoneOffset": "+7"}).path == (
        "eventTimeZoneOffset"
    )


def test_document_shape():
    assert epcis.check_document_shape(document()) is None
    assert epcis.check_document_shape({"type": "ObjectEvent"}).path == "type"
    no_version = document()
    del no_version["schemaVersion"]
    assert "schemaVersion" in epcis.check_document_shape(no_version).message


def test_vocabulary_forms():
    assert epcis.full_vocab("packing", kind="BizStep") == (
        "https://ref.gs1.org/cbv/BizStep-packing"
    )
    assert epcis.full_vocab("urn:ocop:vn:bizstep:harvesting", kind="BizStep") == (
        "urn:ocop:vn:bizstep:harvesting"
    )
    assert epcis.compact_vocab("https://ref.gs1.org/cbv/Disp-in_transit") == "in_transit"


def test_export_of_nothing_validates():
    exported = epcis.export_document(events=[])
    assert exported["type"] == "EPCISDocument"
    assert exported["epcisBody"] == {"eventList": []}
    assert epcis.check_document(exported) is None
