"""Fast QR encoding for a run of codes that differ only in a fixed-length tail.

Every stamp of a batch carries ``{base}/01/{gtin}[/10/{lot}]/21/{serial}``: the same
prefix and a 15-character serial. segno encodes one such URI in ~5 ms (mostly choosing
the mask); a sheet of a million codes needs better than 0.5 ms each. With the version,
error level and byte mode fixed, a QR symbol is an affine function over GF(2) of the
message bits: data and Reed–Solomon codewords are linear in the bytes, placement is a
fixed permutation, masking and format information are a constant XOR. So we let segno
encode the prefix once per mask and once per flipped tail bit, keep the differences as
big integers (one bit per module), and build each symbol as the XOR of its tail
characters' contributions. The mask is then chosen with the ISO/IEC 18004 penalty rules
(N1–N4), evaluated with whole-matrix bit operations. ``BatchEncoder.check`` compares the
result with segno's own encoding for the same mask; tests run it on random serials.

A matrix is an ``int`` of ``size²`` bits: the top-left module is the most significant
bit, rows follow each other left to right.
"""

import re
from collections.abc import Callable
from functools import cache, reduce
from operator import xor
from typing import Any

_N3 = (1, 0, 1, 1, 1, 0, 1)  # the finder-like 1:1:3:1:1 pattern (symmetric)
_RUNS = re.compile("1+")


def _to_int(matrix: tuple[bytearray, ...]) -> int:
    return int("".join("".join("1" if v else "0" for v in row) for row in matrix), 2)


class BatchEncoder:
    """QR symbols for ``prefix + tail`` where every tail has ``tail_length`` characters
    from ``alphabet``; error level ``error`` (segno's letters), byte mode."""

    def __init__(self, *, prefix: str, tail_length: int, alphabet: str, error: str = "m"):
        import segno

        self._segno = segno
        self.prefix = prefix.encode("ascii")
        self.tail_length = tail_length
        self.error = error
        zero = alphabet[0]
        template = self.prefix + zero.encode() * tail_length
        first = segno.make(template, error=error, mode="byte", micro=False, boost_error=False)
        self.version = first.version
        n = self.size = int(first.symbol_size(border=0)[0])
        self._bases = [_to_int(self._make(template, mask).matrix) for mask in range(8)]
        # The change in the symbol when bit b of tail byte i flips (mask-independent).
        flips = [
            [self._flip(template, len(self.prefix) + i, bit) ^ self._bases[0] for bit in range(8)]
            for i in range(tail_length)
        ]
        self._tables = [
            {
                char: reduce(
                    xor,
                    (flips[i][bit] for bit in range(8) if (ord(char) ^ ord(zero)) >> bit & 1),
                    0,
                )
                for char in alphabet
            }
            for i in range(tail_length)
        ]
        self._masks(n)

    def _make(self, content: bytes, mask: int) -> Any:
        return self._segno.make(
            content,
            error=self.error,
            version=self.version,
            mode="byte",
            mask=mask,
            micro=False,
            boost_error=False,
        )

    def _flip(self, template: bytes, index: int, bit: int) -> int:
        changed = bytearray(template)
        changed[index] ^= 1 << bit
        return _to_int(self._make(bytes(changed), 0).matrix)

    def _masks(self, n: int) -> None:
        """Bit masks of the positions where each neighbour comparison is meaningful."""

        def where(test: Callable[[int, int], bool]) -> int:
            bits = 0
            for r in range(n):
                for c in range(n):
                    if test(r, c):
                        bits |= 1 << (n * n - 1 - (r * n + c))
            return bits

        def col_at_least(k: int) -> Callable[[int, int], bool]:
            return lambda r, c: c >= k

        def row_at_least(k: int) -> Callable[[int, int], bool]:
            return lambda r, c: r >= k

        def col_below(j: int) -> Callable[[int, int], bool]:
            return lambda r, c: c < j

        def col_beyond(j: int) -> Callable[[int, int], bool]:
            return lambda r, c: c + j >= n

        self._full = (1 << n * n) - 1
        self._col_ge = {k: where(col_at_least(k)) for k in (1, 4, 6)}
        self._row_ge = {k: where(row_at_least(k)) for k in (1, 4, 6)}
        # Modules whose left (or right) neighbour at distance j is outside the row: the
        # quiet zone there counts as light for the N3 rule.
        self._left_edge = {j: where(col_below(j)) for j in range(7, 11)}
        self._right_edge = {j: where(col_beyond(j)) for j in range(1, 5)}

    # ---- encoding ---------------------------------------------------------------------

    def encode(self, tail: str) -> tuple[int, int]:
        """``(mask, matrix)`` for ``prefix + tail`` with the best-scoring mask."""
        data = 0
        for table, char in zip(self._tables, tail, strict=True):
            data ^= table[char]
        best_mask, best_matrix, best_score = 0, 0, None
        for mask, base in enumerate(self._bases):
            matrix = data ^ base
            score = self.penalty(matrix)
            if best_score is None or score < best_score:
                best_mask, best_matrix, best_score = mask, matrix, score
        return best_mask, best_matrix

    def matrix(self, tail: str) -> int:
        return self.encode(tail)[1]

    def rows(self, matrix: int) -> list[str]:
        n = self.size
        bits = format(matrix, "b").zfill(n * n)
        return [bits[i : i + n] for i in range(0, n * n, n)]

    def runs(self, matrix: int) -> list[tuple[int, int, int]]:
        """``(row, first column, length)`` of every horizontal run of dark modules."""
        return [
            (y, m.start(), m.end() - m.start())
            for y, row in enumerate(self.rows(matrix))
            for m in _RUNS.finditer(row)
        ]

    def check(self, tail: str) -> bool:
        """True when our symbol for ``tail`` is exactly segno's with the same mask."""
        mask, matrix = self.encode(tail)
        return matrix == _to_int(self._make(self.prefix + tail.encode("ascii"), mask).matrix)

    # ---- ISO/IEC 18004 §7.8.3 penalty, on whole matrices ------------------------------

    def penalty(self, m: int) -> int:
        n, full = self.size, self._full
        # "same as the left / upper neighbour", at each module
        left_same = ~(m ^ (m >> 1)) & self._col_ge[1]
        up_same = ~(m ^ (m >> n)) & self._row_ge[1]
        # N1: a run of L ≥ 5 same-coloured modules scores L − 2 = (L − 4) windows + 2.
        n1 = 0
        for same, step, valid in ((left_same, 1, self._col_ge[4]), (up_same, n, self._row_ge[4])):
            windows = same & (same >> step) & (same >> 2 * step) & (same >> 3 * step) & valid
            starts = windows & ~(windows >> step)
            n1 += windows.bit_count() + 2 * starts.bit_count()
        # N2: each 2×2 block of one colour scores 3 (blocks overlap).
        n2 = 3 * (left_same & up_same & (left_same >> n)).bit_count()
        # N3: 1011101 with four light modules on either side scores 40.
        n3 = 0
        light = ~m & full
        for step, valid, before, after in (
            (1, self._col_ge[6], self._left_edge, self._right_edge),
            (n, self._row_ge[6], None, None),
        ):
            found = valid
            for j, dark in enumerate(_N3):
                found &= (m if dark else light) >> (j * step)
            if not found:
                continue
            # Modules beyond the symbol are the light quiet zone: beyond the row's ends
            # (edge masks) or above the first / below the last row (shifted-out bits).
            ahead = behind = full
            for j in range(7, 11):  # before the pattern (further left / above)
                shift = j * step
                outside = before[j] if before else full & ~(full >> shift)
                ahead &= (light >> shift) | outside
            for j in range(1, 5):  # after it (right / below)
                shift = j * step
                outside = after[j] if after else (1 << shift) - 1
                behind &= ((light << shift) & full) | outside
            n3 += 40 * (found & (ahead | behind)).bit_count()
        # N4: 10 per 5 % away from half dark.
        n4 = 10 * int(abs(m.bit_count() * 100 / (n * n) - 50) / 5)
        return n1 + n2 + n3 + n4


@cache
def encoder_for(prefix: str, tail_length: int, alphabet: str, error: str = "m") -> BatchEncoder:
    return BatchEncoder(prefix=prefix, tail_length=tail_length, alphabet=alphabet, error=error)
