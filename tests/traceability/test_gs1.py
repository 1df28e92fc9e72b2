import pytest

from ocop.traceability import gs1


@pytest.mark.parametrize(
    "gtin", ["96385074", "036000291452", "8934588012228", "4006381333931", "10614141073464"]
)
def test_valid_gtin_check_digits(gtin):
    assert gs1.is_valid_gtin(gtin) is True


@pytest.mark.parametrize("gtin", ["96385075", "036000291453", "8934588012229", "123", "abcdefgh"])
def test_invalid_gtin(gtin):
    assert gs1.is_valid_gtin(gtin) is False


def test_normalize_pads_to_gtin14():
    assert gs1.normalize_gtin("96385074") == "00000096385074"
    assert gs1.normalize_gtin("036000291452") == "00036000291452"
    assert gs1.normalize_gtin(" 8934588012228 ") == "08934588012228"
    assert gs1.normalize_gtin("10614141073464") == "10614141073464"


def test_normalize_rejects_with_codes():
    with pytest.raises(gs1.GS1Error) as length:
        gs1.normalize_gtin("893458801222")
    assert length.value.code == "bad_gtin_check_digit"
    with pytest.raises(gs1.GS1Error) as short:
        gs1.normalize_gtin("12345")
    assert short.value.code == "bad_gtin_length"


def test_digital_link():
    assert (
        gs1.digital_link(base_url="https://ocop.example.vn/", gtin="8934588012228", lot="L 01/A")
        == "https://ocop.example.vn/01/08934588012228/10/L%2001%2FA"
    )
    assert (
        gs1.digital_link(base_url="https://id.gs1.org", gtin="96385074", serial="S1")
        == "https://id.gs1.org/01/00000096385074/21/S1"
    )
    assert gs1.class_uri(gtin="8934588012228", lot="NL26-001") == (
        "https://id.gs1.org/01/08934588012228/10/NL26-001"
    )


def test_parse_item_from_digital_link_and_urns():
    assert gs1.parse_item("https://id.gs1.org/01/08934588012228/10/NL26-001") == (
        "08934588012228",
        "NL26-001",
        "",
    )
    assert gs1.parse_item("urn:epc:id:sgtin:0614141.107346.2017") == ("10614141073464", "", "2017")
    assert gs1.parse_item("urn:epc:class:lgtin:4012345.012345.998877") == (
        "04012345123456",
        "998877",
        "",
    )
    assert gs1.parse_item("urn:epc:id:sscc:0614141.1234567890") is None
    with pytest.raises(gs1.GS1Error):
        gs1.parse_item("https://id.gs1.org/01/08934588012229")


def test_parse_location():
    assert gs1.parse_location("urn:epc:id:sgln:0614141.00777.0") == "0614141007776"
    assert gs1.parse_location("https://id.gs1.org/414/8934588000003") == "8934588000003"
    assert gs1.parse_location("urn:ocop:vn:loc:NB-1") is None
