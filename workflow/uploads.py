"""Every uploaded file passes here first: its name, its size and the multipart body it came in.

One validator for every upload endpoint (application materials and green-channel evidence —
``titles:applicant_material_upload``; the post scheme's .xlsx import — ``posts:scheme_import``). The content checks
that depend on what the file is for stay with their app (``titles.uploads.inspect_upload``: PDF/JPEG/PNG, TITLE-05;
``posts.scheme_io``: the workbook, its decompression-bomb and DTD guards).

A file name is refused — never silently cleaned — when it

* contains a path separator (``/`` or ``\\``, so ``../`` and ``..\\`` too) or is only dots,
* contains a control or format character (NUL, line breaks, the right-to-left override that disguises
  ``exe.pdf`` as ``fdp.exe``),
* is not valid UTF-8 as the browser sent it (GBK bytes, ``\\xff``): Django drops a part whose header is not UTF-8,
  so the file would vanish without a word; an RFC 2231 ``filename*`` in another encoding arrives with U+FFFD
  replacement characters, and a name from elsewhere may carry lone surrogates,
* is longer than ``NAME_MAX`` characters,
* or lacks one of the endpoint's extensions.

Django itself keeps only the last path component and drops unprintable characters before a view sees the name, so
the names are checked in the raw multipart body: ``UploadGuard`` is installed first in ``request.upload_handlers``
(``guard_upload(request)``), refuses a body whose declared size is over the limit without reading it, reads an
acceptable one (at most the limit plus ``MULTIPART_SLACK``), checks every file name in its part headers, and only
then lets Django's parser build ``request.POST``/``request.FILES``. A refused body leaves both empty, so nothing is
stored and the view reports ``request.upload_refused``.
"""

from __future__ import annotations

import html
import io
import unicodedata
from collections.abc import Collection

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

NAME_MAX = 100  # characters; the stored display name (titles.Material.original_name) holds 120
# Extra bytes a multipart body carries around a file (boundaries, part headers, the form's other fields).
MULTIPART_SLACK = 64 * 1024
_REPLACEMENT = "\ufffd"


class UploadRejected(Exception):
    """A file the system will not take; ``message`` names the problem and what would be accepted."""

    def __init__(self, message: str, *, rule: str = "", field: str = "file"):
        self.message = message
        self.rule = rule
        self.field = field
        super().__init__(message)


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def too_large(size: int, limit: int, *, rule: str = "") -> UploadRejected:
    return UploadRejected(
        _("文件过大（%(size)s）：每个文件不得超过 %(limit)s，请压缩或拆分后上传")
        % {"size": human_size(size), "limit": human_size(limit)},
        rule=rule,
    )


def _shown(name: str) -> str:
    return name if len(name) <= 60 else name[:57] + "…"


def listed(items) -> str:
    """``.pdf、.png`` on Chinese pages, ``.pdf, .png`` on English ones."""
    from django.utils.translation import get_language

    return (", " if (get_language() or "").startswith("en") else "、").join(items)


def check_upload_name(name: object, *, extensions: Collection[str], rule: str = "") -> str:
    """The upload's name, NFC-normalised, or ``UploadRejected`` saying what is wrong with it and what is accepted.
    ``extensions`` are the accepted endings, lower case with the dot (``(".pdf", ".jpg")``)."""
    if isinstance(name, bytes):
        try:
            name = name.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRejected(_not_utf8(), rule=rule) from None
    text = str(name or "")
    if _REPLACEMENT in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise UploadRejected(_not_utf8(), rule=rule)
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in text):
        raise UploadRejected(
            _("文件名含有控制字符或不可见字符（如 NUL、换行、文字方向控制符）：请重命名文件后上传"), rule=rule
        )
    if "/" in text or "\\" in text:
        raise UploadRejected(
            _("文件名“%(name)s”含有路径分隔符（/ 或 \\）：请只上传文件本身，文件名中不要带目录")
            % {"name": _shown(text)},
            rule=rule,
        )
    if len(text) > NAME_MAX:
        raise UploadRejected(
            _("文件名过长（%(length)s 个字符）：最多 %(limit)s 个字符，请缩短后上传")
            % {"length": len(text), "limit": NAME_MAX},
            rule=rule,
        )
    text = unicodedata.normalize("NFC", text)
    if not text.strip(" ."):
        raise UploadRejected(_("文件名无效：请用可读的名称重命名文件后上传"), rule=rule)
    if not text.lower().endswith(tuple(extensions)):
        raise UploadRejected(
            _("文件“%(name)s”的扩展名不被接受：应为 %(accepted)s")
            % {"name": _shown(text), "accepted": listed(sorted(extensions))},
            rule=rule,
        )
    return text


def _not_utf8() -> str:
    return _("文件名不是有效的 UTF-8 文字（可能是 GBK 等其他编码）：请用中文、字母或数字重新命名文件后上传")


# ------------------------------------------------------------------------------------------ the multipart body


def raw_file_names(body: bytes, boundary: bytes) -> list[str | None]:
    """The ``filename`` of every part of a multipart ``body`` as the client sent it (entities unescaped, as Django
    reads it, but not cut to its last path component nor stripped of control characters); None for a part header
    that is not UTF-8 text (or names an unknown RFC 2231 charset), which Django would drop."""
    names: list[str | None] = []
    for part in body.split(b"--" + boundary)[1:]:
        head = part.lstrip(b"\r\n").split(b"\r\n\r\n", 1)[0]
        for line in head.split(b"\r\n"):
            if not line.lower().startswith(b"content-disposition:") or b"filename" not in line.lower():
                continue
            try:
                _main, params = parse_header_parameters(line.decode("utf-8").split(":", 1)[1])
            except ValueError:  # not UTF-8 (UnicodeDecodeError), or an unknown RFC 2231 charset
                names.append(None)
                continue
            if params.get("filename"):
                names.append(html.unescape(params["filename"]))
    return names


class UploadGuard(FileUploadHandler):
    """First of ``request.upload_handlers`` (``guard_upload``): the size limit before reading, the file names
    before parsing, and the limit again per file while Django's parser streams it."""

    def __init__(self, request=None, *, limit: int, extensions: Collection[str], rule: str = ""):
        super().__init__(request)
        self.limit = limit
        self.extensions = tuple(extensions)
        self.rule = rule
        self.received = 0
        self._parsing = False

    def _refuse(self, error: UploadRejected):
        from django.http import QueryDict
        from django.utils.datastructures import MultiValueDict

        if self.request is not None:
            self.request.upload_refused = error
        return QueryDict(), MultiValueDict()

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:  # the inner parse below: Django's handlers go on from here
            return None
        if content_length and content_length > self.limit + MULTIPART_SLACK:
            # Declared too large: read nothing; the view reports it (and changes nothing).
            return self._refuse(too_large(content_length, self.limit, rule=self.rule))
        body = bytearray()
        while len(body) < content_length:
            chunk = input_data.read(min(64 * 1024, content_length - len(body)))
            if not chunk:
                break
            body += chunk
        boundary_bytes = boundary if isinstance(boundary, bytes) else str(boundary).encode("ascii")
        try:
            for name in raw_file_names(bytes(body), boundary_bytes):
                if name is None:
                    raise UploadRejected(_not_utf8(), rule=self.rule)
                check_upload_name(name, extensions=self.extensions, rule=self.rule)
        except UploadRejected as error:
            return self._refuse(error)
        from django.http.multipartparser import MultiPartParser

        self._parsing = True
        try:
            handlers = self.request.upload_handlers if self.request is not None else [self]
            return MultiPartParser(META, io.BytesIO(bytes(body)), handlers, encoding).parse()
        finally:
            self._parsing = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_refused = too_large(self.received, self.limit, rule=self.rule)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def guard_upload(request, *, limit: int, extensions: Collection[str], rule: str = "") -> UploadRejected | None:
    """Parse ``request``'s multipart body through ``UploadGuard``; the refusal, or None when the body may go on to
    the form. Call it before anything reads ``request.POST`` (the view is ``csrf_exempt`` and checks CSRF after,
    Django's documented pattern for per-view upload handlers)."""
    request.upload_handlers.insert(0, UploadGuard(request, limit=limit, extensions=extensions, rule=rule))
    request.POST  # noqa: B018 - parse now, through the guard
    return getattr(request, "upload_refused", None)
