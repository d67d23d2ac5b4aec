"""Upload validation for application materials (TITLE-05): PDF, JPEG or PNG, judged by CONTENT, never by the name.

* PDF: starts with ``%PDF-`` and pypdf can parse it and finds at least one page; encrypted files are refused
  (reviewers could not open them).
* PNG: the 8-byte signature, an IHDR chunk first, positive dimensions.
* JPEG: SOI marker, then a frame header (SOFn) with positive dimensions, found by walking the segments.

The size limit is ``settings.UPLOAD_MAX_BYTES``. ``SizeLimitUploadHandler`` stops reading a request body as soon
as a file passes the limit (or refuses at once when the declared Content-Length is already too large), so a 200 MB
upload is never read, nor written to a temporary file, whole.

The applicant's file name is only kept (cleaned) for display; stored files get generated names
(``titles.models.materials.material_path``).
"""

from __future__ import annotations

import hashlib
import io
import struct
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

ACCEPTED = "PDF、JPEG、PNG"
MAX_PIXELS = 20000 * 20000  # a decompression-bomb guard; scans at 600 dpi of A3 are ~ 7000 × 10000
NAME_MAX = 100
# Extra bytes a multipart body carries around a file (boundaries, headers, other fields).
MULTIPART_SLACK = 64 * 1024


class UploadRejected(Exception):
    """A file the system will not take; ``message`` names the problem and what would be accepted."""

    def __init__(self, message: str, *, rule: str = "TITLE-05", field: str = "file"):
        self.message = message
        self.rule = rule
        self.field = field
        super().__init__(message)


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


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def clean_filename(name: object) -> str:
    """A display name that is safe anywhere: no directories, no control characters (NUL included), valid UTF-8,
    at most ``NAME_MAX`` characters with the extension kept. Never used as a path."""
    if isinstance(name, bytes):
        name = name.decode("utf-8", errors="replace")
    text = str(name or "")
    text = text.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates from undecodable names
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = unicodedata.normalize("NFC", text).strip().strip(".") or "file"
    if len(text) > NAME_MAX:
        stem, dot, ext = text.rpartition(".")
        ext = ext[:10] if dot and len(ext) <= 10 else ""
        keep = NAME_MAX - (len(ext) + 1 if ext else 0)
        text = (stem if dot and ext else text)[:keep] + ("." + ext if ext else "")
    return text


def _too_large(size: int) -> UploadRejected:
    return UploadRejected(
        _("文件过大（%(size)s）：每个文件不得超过 %(limit)s，请压缩或拆分后上传")
        % {"size": human_size(size), "limit": human_size(max_bytes())}
    )


def _png(data: bytes) -> tuple[int, int]:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise UploadRejected(_("PNG 文件已损坏（缺少 IHDR 头）"))
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
    raise UploadRejected(_("JPEG 文件已损坏（找不到图像尺寸）"))


def _pdf(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected(_("PDF 文件已加密，评审人员无法打开：请上传未加密的 PDF"))
        pages = len(reader.pages)
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, struct.error, OSError):
        raise UploadRejected(_("PDF 文件已损坏，无法读取：请重新导出后上传")) from None
    if pages < 1:
        raise UploadRejected(_("PDF 文件没有页面"))
    return pages


def inspect_upload(upload) -> Inspected:
    """Check one uploaded file (a Django ``UploadedFile`` or any object with ``size``/``chunks()``/``read()``).

    Refuses a file over the limit from its size alone, before reading it."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise _too_large(size)
    if size == 0:
        raise UploadRejected(_("文件是空的"))
    buffer = bytearray()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        buffer += chunk
        if len(buffer) > limit:
            raise _too_large(len(buffer))
    data = bytes(buffer)
    if not data:
        raise UploadRejected(_("文件是空的"))
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
        raise UploadRejected(
            _("文件内容不是 PDF、JPEG 或 PNG（与文件扩展名无关，系统按文件内容识别）：请上传 %(accepted)s 文件")
            % {"accepted": ACCEPTED}
        )
    if width is not None and (width < 1 or height < 1 or width * height > MAX_PIXELS):
        raise UploadRejected(_("图片尺寸无效（%(w)s × %(h)s 像素）") % {"w": width, "h": height})
    return Inspected(content_type, len(data), hashlib.sha256(data).hexdigest(), pages, width, height, data)


class SizeLimitUploadHandler(FileUploadHandler):
    """Install first in ``request.upload_handlers``: stops the multipart parser as soon as a file or the declared
    body exceeds the limit, and records it on ``request.upload_too_large`` for the view to report."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > max_bytes() + MULTIPART_SLACK:
            # Declared too large: parse nothing, read nothing; the view reports it (and changes nothing).
            from django.http import QueryDict
            from django.utils.datastructures import MultiValueDict

            if self.request is not None:
                self.request.upload_too_large = content_length
            return QueryDict(), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            self._stop(self.received)
        return raw_data

    def file_complete(self, file_size):
        return None

    def _stop(self, size: int):
        if self.request is not None:
            self.request.upload_too_large = size
        raise StopUpload(connection_reset=True)
