"""TITLE-05 upload validation by content, size limit without reading everything, the name's extension matching the
content (hostile names: tests/workflow/test_uploads.py)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory

from tests.titles.test_application_services import pdf_bytes
from titles.uploads import UploadRejected, inspect_upload, material_check
from workflow.uploads import UploadGuard


def png_bytes(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes(width: int = 640, height: int = 480) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def upload(data: bytes, name: str = "f.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_title_05_pdf_accepted_by_content_with_its_pages():
    checked = inspect_upload(upload(pdf_bytes(3), "scan.jpg"))  # the name does not matter, the content does
    assert checked.content_type == "application/pdf" and checked.pages == 3


def test_title_05_png_accepted_with_dimensions():
    checked = inspect_upload(upload(png_bytes(3, 2), "a.png"))
    assert (checked.content_type, checked.width, checked.height) == ("image/png", 3, 2)


def test_title_05_jpeg_accepted_with_dimensions():
    checked = inspect_upload(upload(jpeg_bytes(640, 480), "a.jpg"))
    assert (checked.content_type, checked.width, checked.height) == ("image/jpeg", 640, 480)


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03" + b"\x00" * 100,  # a Windows .exe renamed .pdf
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04" + b"\x00" * 50,  # a .docx / zip
    ],
)
def test_title_05_other_content_refused_whatever_the_name(data):
    with pytest.raises(UploadRejected) as error:
        inspect_upload(upload(data, "report.pdf"))
    assert "PDF、JPEG、PNG" in error.value.message


def test_title_05_truncated_pdf_refused():
    with pytest.raises(UploadRejected) as error:
        inspect_upload(upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "x.pdf"))
    assert "PDF" in error.value.message


def test_title_05_png_without_ihdr_and_jpeg_without_frame_refused():
    with pytest.raises(UploadRejected):
        inspect_upload(upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40))
    with pytest.raises(UploadRejected):
        inspect_upload(upload(b"\xff\xd8\xff\xd9"))


def test_title_05_zero_sized_image_refused():
    with pytest.raises(UploadRejected):
        inspect_upload(upload(png_bytes(0, 5)))


def test_title_05_empty_file_refused():
    with pytest.raises(UploadRejected):
        inspect_upload(upload(b""))


def test_title_05_size_limit_exact_size_accepted_one_byte_more_refused(settings):
    data = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(data)
    assert inspect_upload(upload(data)).size == len(data)
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    with pytest.raises(UploadRejected) as error:
        inspect_upload(upload(data))
    assert "不得超过" in error.value.message


class _SparseUpload:
    """A 200 MB file that reports its size; reading it would fail the test."""

    size = 200 * 1024 * 1024
    name = "huge.pdf"

    def chunks(self):
        raise AssertionError("a file over the limit must be refused before it is read")


def test_title_05_200_mb_file_refused_from_its_size_without_reading():
    with pytest.raises(UploadRejected):
        inspect_upload(_SparseUpload())


def _guard(request, settings):
    return UploadGuard(request, limit=settings.UPLOAD_MAX_BYTES, extensions=(".pdf",), rule="TITLE-05")


def test_title_05_size_limit_handler_stops_a_streamed_200_mb_upload_early(tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    sparse = tmp_path / "sparse.bin"
    with open(sparse, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: takes no disk space
    request = RequestFactory().post("/")
    handler = _guard(request, settings)
    handler.new_file("file", "huge.pdf", "application/pdf", None)
    read = 0
    with open(sparse, "rb") as f, pytest.raises(StopUpload):
        while chunk := f.read(64 * 1024):
            read += len(chunk)
            handler.receive_data_chunk(chunk, read - len(chunk))
    assert read <= settings.UPLOAD_MAX_BYTES + 64 * 1024
    assert "文件过大" in request.upload_refused.message


class _Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("a body declared over the limit must not be read")


def test_title_05_size_limit_handler_refuses_a_declared_200_mb_body_at_once(settings):
    request = RequestFactory().post("/")
    post, files = _guard(request, settings).handle_raw_input(_Unreadable(), {}, 200 * 1024 * 1024, b"x")
    assert not post and not files and "文件过大" in request.upload_refused.message


@pytest.mark.parametrize(
    ("name", "data"),
    [("扫描件.pdf", pdf_bytes()), ("照片.PNG", png_bytes()), ("照片.jpg", jpeg_bytes()), ("照片.JPEG", jpeg_bytes())],
)
def test_title_05_name_with_the_extension_of_its_content_accepted(name, data):
    kept, checked = material_check(upload(data, name))
    assert kept == name and checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("照片.pdf", png_bytes(), "PNG"), ("扫描件.png", pdf_bytes(), "PDF"), ("照片.png", jpeg_bytes(), "JPEG")],
)
def test_title_05_name_whose_extension_disagrees_with_the_content_refused(name, data, kind):
    with pytest.raises(UploadRejected) as error:
        material_check(upload(data, name))
    assert "扩展名与内容不符" in error.value.message and kind in error.value.message
    assert error.value.rule == "TITLE-05"


@pytest.mark.parametrize("name", ["setup.exe", "report.pdf.exe", "page.html", "archive.zip", "noextension"])
def test_title_05_name_without_an_accepted_extension_refused_before_reading(name):
    with pytest.raises(UploadRejected) as error:
        material_check(upload(pdf_bytes(), name))
    assert "扩展名不被接受" in error.value.message and ".pdf" in error.value.message
