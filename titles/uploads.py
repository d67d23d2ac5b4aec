"""Upload validation for application materials (TITLE-05): PDF, JPEG or PNG, judged by CONTENT, and a name whose
extension says the same.

* PDF: starts with ``%PDF-`` and pypdf can parse it and finds at least one page; encrypted files are refused
  (reviewers could not open them).
* PNG: the 8-byte signature, an IHDR chunk first, positive dimensions.
* JPEG: SOI marker, then a frame header (SOFn) with positive dimensions, found by walking the segments.

The size limit is ``settings.UPLOAD_MAX_BYTES``. The name, the size before reading and the multipart body are
checked by the one upload validator of the project, ``workflow.uploads`` (``guard_upload`` in the view,
``check_upload_name`` here); ``material_check`` adds the content and refuses a name whose extension disagrees with
it (a PNG named ``.pdf`` would download under a misleading name). The checked name is kept for display and
download only; stored files get generated names (``titles.models.materials.material_path``).
"""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from workflow.uploads import UploadRejected, check_upload_name, human_size, listed, too_large

__all__ = ["UploadRejected", "human_size", "inspect_upload", "material_check", "max_bytes"]

ACCEPTED = "PDF、JPEG、PNG"
MAX_PIXELS = 20000 * 20000  # a decompression-bomb guard; scans at 600 dpi of A3 are ~ 7000 × 10000
# The extensions a material's name may end with, by the content found.
EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}
ALL_EXTENSIONS = tuple(ext for exts in EXTENSIONS.values() for ext in exts)
_KIND = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def _rejected(message: str) -> UploadRejected:
    return UploadRejected(message, rule="TITLE-05")


@dataclass(frozen=True)
class Inspected:
    content_type: str
    size: int
    sha256: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None
    data: bytes = field(default=b"", repr=False)


def max_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def _too_large(size: int) -> UploadRejected:
    return too_large(size, max_bytes(), rule="TITLE-05")


def _png(data: bytes) -> tuple[int, int]:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise _rejected(_("PNG 文件已损坏（缺少 IHDR 头）"))
    width, height = struct.unpack(">II", data[16:24])
    return width, height


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(data: bytes) -> tuple[int, int]:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if marker == 0xD9:
            break
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if length < 2:
            break
        if marker in _SOF:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    raise _rejected(_("JPEG 文件已损坏（找不到图像尺寸）"))


def _pdf(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _rejected(_("PDF 文件已加密，评审人员无法打开：请上传未加密的 PDF"))
        pages = len(reader.pages)
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, struct.error, OSError):
        raise _rejected(_("PDF 文件已损坏，无法读取：请重新导出后上传")) from None
    if pages < 1:
        raise _rejected(_("PDF 文件没有页面"))
    return pages


def inspect_upload(upload) -> Inspected:
    """Check one uploaded file (a Django ``UploadedFile`` or any object with ``size``/``chunks()``/``read()``).

    Refuses a file over the limit from its size alone, before reading it."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise _too_large(size)
    if size == 0:
        raise _rejected(_("文件是空的"))
    buffer = bytearray()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        buffer += chunk
        if len(buffer) > limit:
            raise _too_large(len(buffer))
    data = bytes(buffer)
    if not data:
        raise _rejected(_("文件是空的"))
    pages = width = height = None
    if data.startswith(b"%PDF-"):
        content_type = "application/pdf"
        pages = _pdf(data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
        width, height = _png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
        width, height = _jpeg(data)
    else:
        raise _rejected(
            _("文件内容不是 PDF、JPEG 或 PNG（与文件扩展名无关，系统按文件内容识别）：请上传 %(accepted)s 文件")
            % {"accepted": ACCEPTED}
        )
    if width is not None and (width < 1 or height < 1 or width * height > MAX_PIXELS):
        raise _rejected(_("图片尺寸无效（%(w)s × %(h)s 像素）") % {"w": width, "h": height})
    return Inspected(content_type, len(data), hashlib.sha256(data).hexdigest(), pages, width, height, data)


def material_check(upload) -> tuple[str, Inspected]:
    """TITLE-05, everything about one uploaded material: its name (``workflow.uploads.check_upload_name``), its
    size and content (``inspect_upload``), and that the name's extension matches the content. Returns the name to
    keep and the inspected file, or raises ``UploadRejected``."""
    name = check_upload_name(getattr(upload, "name", ""), extensions=ALL_EXTENSIONS, rule="TITLE-05")
    checked = inspect_upload(upload)
    if not name.lower().endswith(EXTENSIONS[checked.content_type]):
        raise _rejected(
            _("文件“%(name)s”的扩展名与内容不符：内容是 %(kind)s，扩展名应为 %(accepted)s")
            % {
                "name": name if len(name) <= 60 else name[:57] + "…",
                "kind": _KIND[checked.content_type],
                "accepted": listed(EXTENSIONS[checked.content_type]),
            }
        )
    return name, checked
