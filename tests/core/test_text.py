from ocop.core.text import fold, fold_join


def test_fold_strips_diacritics_and_maps_d():
    assert fold("Mật ong") == "mat ong"
    assert fold("Đường phèn") == "duong phen"
    assert fold("  Xã   Hồng   Thái ") == "xa hong thai"


def test_fold_handles_decomposed_input():
    assert fold("Me\u0302\u0323t") == "met"


def test_fold_join_skips_empty_parts():
    assert fold_join("Gạo", None, "", "Nếp") == "gao nep"
