"""Print sheets of stamps: A4 pages of QR codes, each with its serial printed below.

Each QR encodes the stamp's GS1 Digital Link URI (``gs1.digital_link`` with
``settings.PUBLIC_BASE_URL``). Pages are rendered one at a time and written straight to
the output file, so a run of a million stamps never sits in memory:

- **SVG**: one ``<svg>`` document per A4 page; a run of several pages is a ZIP of pages.
- **PDF**: written directly (no HTML layout engine needed for squares and one line of
  text): one deflated content stream per page, the QR modules as filled rectangles, the
  serial in the standard Courier font. WeasyPrint would take seconds per page of codes.

The QR symbols come from ``qr.BatchEncoder`` (exactly segno's encoding, ~20× faster).
"""

import io
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from ocop.traceability import gs1

from . import serials
from .enums import SheetFormat
from .qr import BatchEncoder, encoder_for

PAGE_W_MM = 210.0
PAGE_H_MM = 297.0
HEADER_MM = 6.0  # the line above the grid: GTIN, lot, range, page
TEXT_MM = 4.0  # the band under each code for its serial
QUIET_ZONE = 4  # modules of light margin around each symbol (ISO/IEC 18004)
PT_PER_MM = 72 / 25.4

Label = tuple[int, str]  # (position, serial)


@dataclass(frozen=True)
class Layout:
    """Square cells of ``label_mm`` in ``columns`` columns inside ``margin_mm`` margins."""

    label_mm: float = 30
    margin_mm: float = 10
    columns: int = 6

    @classmethod
    def of(cls, batch: Any) -> "Layout":
        return cls(label_mm=batch.label_mm, margin_mm=batch.margin_mm, columns=batch.columns)

    @property
    def rows(self) -> int:
        return max(1, int((PAGE_H_MM - 2 * self.margin_mm - HEADER_MM) // self.label_mm))

    @property
    def per_page(self) -> int:
        return self.rows * self.columns

    @property
    def qr_mm(self) -> float:
        """The symbol's side including its quiet zone."""
        return self.label_mm - TEXT_MM

    def cell(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of the ``index``-th cell."""
        row, column = divmod(index, self.columns)
        return (
            self.margin_mm + column * self.label_mm,
            self.margin_mm + HEADER_MM + row * self.label_mm,
        )


def page_count(*, count: int, layout: Layout) -> int:
    return -(-count // layout.per_page)


def uri_prefix(*, gtin: str, lot: str = "") -> str:
    """The Digital Link URI up to the serial; ``prefix + serial`` is the full URI.

    Serials use only unreserved characters, so they need no percent-encoding.
    """
    return gs1.digital_link(base_url=settings.PUBLIC_BASE_URL, gtin=gtin, lot=lot) + "/21/"


def encoder(*, gtin: str, lot: str = "") -> BatchEncoder:
    return encoder_for(uri_prefix(gtin=gtin, lot=lot), serials.LENGTH, serials.ALPHABET)


def _header(*, gtin: str, lot: str, labels: Sequence[Label], page: int, pages: int) -> str:
    first, last = labels[0][0], labels[-1][0]
    values = {"gtin": gtin, "lot": lot, "first": first, "last": last, "page": page, "pages": pages}
    if lot:
        return (
            _("GTIN %(gtin)s · Lô %(lot)s · Tem số %(first)s–%(last)s · Trang %(page)s/%(pages)s")
            % values
        )
    return _("GTIN %(gtin)s · Tem số %(first)s–%(last)s · Trang %(page)s/%(pages)s") % values


# ---- SVG ------------------------------------------------------------------------------


def svg_page(*, labels: Sequence[Label], encoder: BatchEncoder, layout: Layout, header: str) -> str:
    """One A4 page as an SVG document (user units are millimetres)."""
    n = encoder.size
    module = layout.qr_mm / (n + 2 * QUIET_ZONE)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        'viewBox="0 0 210 297">'
        '<rect width="210" height="297" fill="#fff"/>'
        f'<text x="{layout.margin_mm}" y="{layout.margin_mm + 3.5}" font-size="3" '
        f'font-family="DejaVu Sans, sans-serif">{_xml(header)}</text>'
        '<g fill="#000">'
    ]
    text_y = layout.qr_mm + 2.6
    for index, (_position, serial) in enumerate(labels):
        x, y = layout.cell(index)
        ox = x + (layout.label_mm - layout.qr_mm) / 2 + QUIET_ZONE * module
        oy = y + QUIET_ZONE * module
        d = "".join(f"M{x0} {y0}h{w}v1h-{w}z" for y0, x0, w in encoder.runs(encoder.matrix(serial)))
        parts.append(
            f'<path transform="translate({ox:.3f} {oy:.3f}) scale({module:.5f})" d="{d}"/>'
            f'<text x="{x + layout.label_mm / 2:.2f}" y="{y + text_y:.2f}" font-size="2.4" '
            'text-anchor="middle" font-family="DejaVu Sans Mono, monospace">'
            f"{serials.format_serial(serial)}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- PDF ------------------------------------------------------------------------------


def pdf_page_content(
    *, labels: Sequence[Label], encoder: BatchEncoder, layout: Layout, header: str
) -> bytes:
    """The content stream of one page: PDF points, origin at the bottom left."""
    n = encoder.size
    module_mm = layout.qr_mm / (n + 2 * QUIET_ZONE)
    scale = module_mm * PT_PER_MM
    page_h = PAGE_H_MM * PT_PER_MM
    out = [
        f"BT /F1 8 Tf {layout.margin_mm * PT_PER_MM:.2f} "
        f"{page_h - (layout.margin_mm + 3.5) * PT_PER_MM:.2f} Td ({_pdf_text(header)}) Tj ET\n"
    ]
    font = 6.8  # pt; Courier advances 0.6 em per character
    for index, (_position, serial) in enumerate(labels):
        x, y = layout.cell(index)
        ox = (x + (layout.label_mm - layout.qr_mm) / 2 + QUIET_ZONE * module_mm) * PT_PER_MM
        oy = page_h - (y + QUIET_ZONE * module_mm) * PT_PER_MM
        # Flip the y axis so that symbol rows run downwards in module units.
        out.append(f"q {scale:.5f} 0 0 {-scale:.5f} {ox:.3f} {oy:.3f} cm\n")
        out.append(
            "".join(f"{x0} {y0} {w} 1 re " for y0, x0, w in encoder.runs(encoder.matrix(serial)))
        )
        text = serials.format_serial(serial)
        tx = (x + layout.label_mm / 2) * PT_PER_MM - 0.3 * font * len(text)
        ty = page_h - (y + layout.qr_mm + 2.6) * PT_PER_MM
        out.append(f"f Q BT /F2 {font} Tf {tx:.2f} {ty:.2f} Td ({text}) Tj ET\n")
    return "".join(out).encode("latin-1")


def _pdf_text(text: str) -> str:
    """ASCII for the standard fonts: drop accents (đ → d), escape PDF string syntax."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("·", "-").replace("–", "-")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class PdfWriter:
    """A minimal PDF 1.4 writer that streams pages to ``out`` and writes the xref at the end."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.offsets: dict[int, int] = {}
        self.position = 0
        self.pages: list[int] = []
        self._next = 5  # 1 catalog, 2 pages, 3 Helvetica, 4 Courier
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        for number, font in ((3, b"Helvetica"), (4, b"Courier")):
            self._object(
                number,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /"
                + font
                + b" /Encoding /WinAnsiEncoding >>",
            )

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def _object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def add_page(self, content: bytes) -> None:
        page, stream = self._next, self._next + 1
        self._next += 2
        data = zlib.compress(content, 6)
        self._object(
            stream,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        )
        self._object(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % stream,
        )
        self.pages.append(page)

    def close(self) -> None:
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        self._object(2, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(self.pages))
        xref = self.position
        count = self._next
        lines = [b"xref\n0 %d\n" % count, b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % self.offsets[i] for i in range(1, count)]
        self._write(b"".join(lines))
        self._write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
        )


# ---- whole runs -------------------------------------------------------------------------


def _pages(labels: Iterable[Label], per_page: int) -> Iterator[list[Label]]:
    iterator = iter(labels)
    while page := list(islice(iterator, per_page)):
        yield page


def write_sheet(
    *,
    out: IO[bytes],
    labels: Iterable[Label],
    count: int,
    format: SheetFormat | str,
    gtin: str,
    lot: str = "",
    layout: Layout,
    progress: Callable[[int], None] | None = None,
) -> str:
    """Render ``count`` labels into ``out``, page by page; returns the file extension.

    SVG: a single page is an ``.svg`` document, several pages a ``.zip`` of them.
    """
    enc = encoder(gtin=gtin, lot=lot)
    pages = page_count(count=count, layout=layout)
    pdf = PdfWriter(out) if format == SheetFormat.PDF else None
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) if not pdf and pages > 1 else None
    for number, page in enumerate(_pages(labels, layout.per_page), start=1):
        header = _header(gtin=gtin, lot=lot, labels=page, page=number, pages=pages)
        if pdf is not None:
            pdf.add_page(pdf_page_content(labels=page, encoder=enc, layout=layout, header=header))
        else:
            svg = svg_page(labels=page, encoder=enc, layout=layout, header=header).encode()
            if archive is not None:
                archive.writestr(f"trang-{number:05d}.svg", svg)
            else:
                out.write(svg)
        if progress is not None:
            progress(number)
    if pdf is not None:
        pdf.close()
        return "pdf"
    if archive is not None:
        archive.close()
        return "zip"
    return "svg"


def render_to_storage(*, sheet: Any, layout: Layout, progress: Callable[[int], None]) -> str:
    """Render a ``StampSheet`` into the media storage; returns the stored file name."""
    from .models import Stamp

    batch = sheet.batch
    stamps = (
        Stamp.objects.filter(
            batch=batch, position__gte=sheet.position_from, position__lte=sheet.position_to
        )
        .order_by("position")
        .values_list("position", "serial")
        .iterator(chunk_size=5000)
    )
    with tempfile.TemporaryFile() as tmp:
        extension = write_sheet(
            out=tmp,
            labels=stamps,
            count=sheet.position_to - sheet.position_from + 1,
            format=sheet.format,
            gtin=batch.trade_item.gtin,
            lot=batch.lot.number if batch.lot_id else "",
            layout=layout,
            progress=progress,
        )
        tmp.seek(0)
        name = (
            f"stamps/sheets/tem-{batch.pk}-{sheet.position_from}-{sheet.position_to}-"
            f"{get_random_string(8).lower()}.{extension}"
        )
        return default_storage.save(name, File(tmp, name=name))


def render_bytes(**kwargs: Any) -> bytes:
    """``write_sheet`` into memory (tests and small previews only)."""
    buffer = io.BytesIO()
    write_sheet(out=buffer, **kwargs)
    return buffer.getvalue()
