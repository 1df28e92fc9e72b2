"""Vietnamese text folding for search.

Officials type without diacritics on phones and in offices with mixed keyboards:
"mat ong" must find "Mật ong" and "duong" must find "Đường". Folding is done once
on write (into ``search_text`` columns) and once on the query, so that the same
function defines both sides of every comparison.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ→d and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()


def fold_join(*parts: str | None) -> str:
    """Fold and join the non-empty parts, for a ``search_text`` column."""
    return " ".join(fold(part) for part in parts if part)
