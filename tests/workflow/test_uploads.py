"""The upload validator (workflow.uploads) on its own and at every upload endpoint.

Endpoints: the applicant's materials (green-channel evidence is uploaded there too, as checklist items) and the
post scheme's .xlsx import. The special-post pages take no file. Each hostile case is sent as a browser would send
it — a multipart body built by hand, so that names Django would cut down or drop (``../``, NUL, 5,000 characters,
GBK bytes) reach the server as they were typed — and must be refused with its message, the endpoint's status code,
and nothing stored: no file under MEDIA_ROOT, no row, no audit record, the scheme's counts unchanged.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.titles.test_application_services import create, make_applicant, make_year, pdf_bytes
from workflow.uploads import NAME_MAX, UploadRejected, check_upload_name, raw_file_names

PDF = (".pdf",)

# ------------------------------------------------------------------------------------------- the name on its own


@pytest.mark.parametrize(
    "name",
    ["总结.pdf", "2023年度 业绩总结 (终稿).PDF", "a.b.c.pdf", "résumé.pdf", "😀.pdf", "x" * (NAME_MAX - 4) + ".pdf"],
)
def test_check_upload_name_accepts_ordinary_names(name):
    assert check_upload_name(name, extensions=PDF) == name


def test_check_upload_name_normalises_to_nfc():
    assert check_upload_name("re\u0301sume\u0301.pdf", extensions=PDF) == "résumé.pdf"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd.pdf", "路径分隔符"),
        ("..\\..\\windows\\evil.pdf", "路径分隔符"),
        ("dir/ok.pdf", "路径分隔符"),
        ("report\x00.pdf", "控制字符"),
        ("a\tb.pdf", "控制字符"),
        ("line\nbreak.pdf", "控制字符"),
        ("\u202efdp.exe", "控制字符"),  # right-to-left override: shows as "exe.pdf"
        ("zero\u200bwidth.pdf", "控制字符"),
        ("x" * (NAME_MAX - 3) + ".pdf", "文件名过长"),  # one character over the limit
        ("x" * 4996 + ".pdf", "文件名过长"),
        ("bad\udcff.pdf", "UTF-8"),  # a lone surrogate (surrogateescape of a non-UTF-8 byte)
        ("bad\ufffd.pdf", "UTF-8"),  # the replacement character of a failed decoding
        (b"\xd7\xdc\xbd\xe1.pdf", "UTF-8"),  # 总结 in GBK
        (b"\xff.pdf", "UTF-8"),
        ("", "文件名无效"),
        ("..", "文件名无效"),
        ("...", "文件名无效"),
        ("setup.exe", "扩展名不被接受"),
        ("report.pdf.exe", "扩展名不被接受"),
        ("report.pdf ", "扩展名不被接受"),
    ],
)
def test_check_upload_name_refuses_hostile_names_saying_why(name, message):
    with pytest.raises(UploadRejected) as error:
        check_upload_name(name, extensions=PDF, rule="TITLE-05")
    assert message in error.value.message and error.value.rule == "TITLE-05"


def test_check_upload_name_limit_is_exact():
    assert check_upload_name("x" * (NAME_MAX - 4) + ".pdf", extensions=PDF)
    with pytest.raises(UploadRejected):
        check_upload_name("x" * (NAME_MAX - 3) + ".pdf", extensions=PDF)


def test_check_upload_name_message_in_english(settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(UploadRejected) as error:
        check_upload_name("../x.pdf", extensions=PDF)
    assert "path separator" in error.value.message


def test_raw_file_names_reads_the_names_as_sent():
    body = _body({"item": b"x"}, b"../a\x00.pdf", b"%PDF") + _body({}, "总结.pdf".encode("gbk"), b"%PDF")
    names = raw_file_names(body, BOUNDARY)
    assert names == ["../a\x00.pdf", None]


# -------------------------------------------------------------------------------------------- a browser's body

BOUNDARY = b"----WuhaiHostileBoundary7MA4YWxk"


def _body(fields: dict, filename: bytes | None, content: bytes, *, content_type=b"application/pdf", star=None):
    parts = []
    for key, value in fields.items():
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (BOUNDARY, key.encode(), value)
        )
    disposition = b'filename="%s"' % filename if star is None else b"filename*=" + star
    parts.append(
        b'--%s\r\nContent-Disposition: form-data; name="file"; %s\r\nContent-Type: %s\r\n\r\n%s\r\n'
        % (BOUNDARY, disposition, content_type, content)
    )
    return b"".join(parts)


def _post(client, url, fields, filename, content, **kwargs):
    body = _body(fields, filename, content, **kwargs) + b"--%s--\r\n" % BOUNDARY
    return client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY.decode()}")


HOSTILE_NAMES = [
    pytest.param(b"../../etc/passwd.pdf", None, "路径分隔符", id="dot-dot-slash"),
    pytest.param(b"..\\..\\windows\\system32\\evil.pdf", None, "路径分隔符", id="dot-dot-backslash"),
    pytest.param(b"report\x00.pdf", None, "控制字符", id="nul"),
    pytest.param(b"report\x1b[31m.pdf", None, "控制字符", id="escape"),
    pytest.param("\u202efdp.pdf".encode(), None, "控制字符", id="rtl-override"),
    pytest.param(b"x" * 5000 + b".pdf", None, "文件名过长", id="5000-characters"),
    pytest.param("业绩总结.pdf".encode("gbk"), None, "UTF-8", id="gbk-bytes"),
    pytest.param(b"\xff\xfe.pdf", None, "UTF-8", id="xff-bytes"),
    pytest.param(None, b"UTF-8''%FF%FE.pdf", "UTF-8", id="rfc2231-invalid-utf8"),
]


def _media_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ------------------------------------------------------------------------------------- the applicant's materials


@pytest.fixture
def material_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    make_year(
        today.year, closes=min(today + timedelta(days=30), date(today.year, 12, 31)), opens=date(today.year, 1, 1)
    )
    user = make_applicant()
    return user, create(user, today=None), settings.MEDIA_ROOT


def _material_refused(client, material_world, response, message):
    from titles.models import Material
    from workflow.models import AuditRecord

    user, app, media = material_world
    assert response.status_code == 302
    assert response["Location"] == reverse("titles:applicant_application", args=[app.pk])
    page = client.get(response["Location"]).content.decode()
    messages = page.split('class="messages"', 1)[-1].split("</ul>", 1)[0]
    assert message in messages, messages
    assert not Material.objects.exists()
    assert not AuditRecord.objects.filter(transition="material_upload").exists()
    assert _media_files(media) == []


@pytest.mark.parametrize(("filename", "star", "message"), HOSTILE_NAMES)
def test_material_upload_refuses_hostile_names(client, material_world, filename, star, message):
    user, app, _media = material_world
    client.force_login(user)
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    response = _post(client, url, {"item": b"work_summary"}, filename, pdf_bytes(), star=star)
    _material_refused(client, material_world, response, message)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        pytest.param(b"setup.pdf", b"MZ\x90\x00" + b"\x00" * 500, "不是 PDF、JPEG 或 PNG", id="exe-as-pdf"),
        pytest.param(b"scan.pdf", b"PK\x03\x04" + b"\x00" * 500, "不是 PDF、JPEG 或 PNG", id="zip-as-pdf"),
        pytest.param(
            b"scan.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "不是 PDF、JPEG 或 PNG", id="html-as-pdf"
        ),
        pytest.param(b"scan.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", "PDF 文件已损坏", id="html-polyglot"),
        pytest.param(b"setup.exe", None, "扩展名不被接受", id="exe-name"),
        pytest.param(b"page.html", None, "扩展名不被接受", id="html-name"),
    ],
)
def test_material_upload_refuses_disguised_types(client, material_world, filename, content, message):
    user, app, _media = material_world
    client.force_login(user)
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    response = _post(client, url, {"item": b"work_summary"}, filename, content or pdf_bytes())
    _material_refused(client, material_world, response, message)


@pytest.mark.parametrize("over", [1, 200 * 1024])  # just over: read and refused; far over: refused unread
def test_material_upload_refuses_a_file_over_the_limit(client, material_world, settings, over):
    user, app, _media = material_world
    data = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(data) + 100
    client.force_login(user)
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    big = data + b"\n%" + b"0" * (100 + over - 2)
    response = _post(client, url, {"item": b"work_summary"}, b"big.pdf", big)
    _material_refused(client, material_world, response, "文件过大")


def test_material_upload_at_the_limit_is_stored(client, material_world, settings):
    from titles.models import Material

    user, app, media = material_world
    data = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(data)
    client.force_login(user)
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    response = _post(client, url, {"item": b"work_summary"}, "业绩总结.pdf".encode(), data)
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.original_name == "业绩总结.pdf" and material.size == len(data)
    assert len(_media_files(media)) == 1


def test_material_upload_refusal_in_english(client, material_world):
    user, app, _media = material_world
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    response = _post(client, url, {"item": b"work_summary"}, b"../x.pdf", pdf_bytes())
    page = client.get(response["Location"]).content.decode()
    assert "path separator" in page and "Nothing was saved" in page


def test_material_upload_with_a_good_name_still_needs_csrf(material_world):
    from django.test import Client

    from titles.models import Material

    user, app, _media = material_world
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    url = reverse("titles:applicant_material_upload", args=[app.pk])
    assert _post(strict, url, {"item": b"work_summary"}, b"ok.pdf", pdf_bytes()).status_code == 403
    assert not Material.objects.exists()


# ------------------------------------------------------------------------------------ the scheme's .xlsx import

XLSX = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def scheme_world(db, settings, tmp_path):
    from posts.services import scheme_create
    from tests.posts.factories import CITY_OK, MANAGEMENT, WORKER, world
    from workflow.models import AuditRecord

    settings.MEDIA_ROOT = tmp_path / "media"
    w = world()
    draft = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, management=MANAGEMENT, worker=WORKER)
    w.audit_before = AuditRecord.objects.count()
    return w, draft, settings.MEDIA_ROOT


def _scheme_refused(scheme_world, response, message):
    from posts.models import Scheme
    from workflow.models import AuditRecord

    w, draft, media = scheme_world
    assert response.status_code == 400
    assert message in response.content.decode()
    after = Scheme.objects.get(pk=draft.pk)
    assert (after.professional, after.management, after.worker) == (draft.professional, draft.management, draft.worker)
    assert after.updated_at == draft.updated_at
    assert AuditRecord.objects.count() == w.audit_before
    assert _media_files(media) == []


def _workbook(draft) -> bytes:
    from openpyxl import load_workbook

    from posts import documents

    book = load_workbook(io.BytesIO(documents.scheme_workbook(draft)))
    book.worksheets[0]["H15"] = 13  # a change, so that an accepted import would show
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("filename", "star", "message"), HOSTILE_NAMES)
def test_scheme_import_refuses_hostile_names(client, scheme_world, filename, star, message):
    w, draft, _media = scheme_world
    client.force_login(w.unit_hr)
    url = reverse("posts:scheme_import", args=[draft.pk])
    if filename is not None:
        filename = filename.replace(b".pdf", b".xlsx")
    star = star.replace(b".pdf", b".xlsx") if star else None
    response = _post(client, url, {}, filename, _workbook(draft), content_type=XLSX, star=star)
    _scheme_refused(scheme_world, response, message)


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 30_000_000)  # ≈ 30 KB packed, ratio ≈ 1000
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        pytest.param(b"a2.xlsx", b"MZ\x90\x00" + b"\x00" * 500, "不是 .xlsx 工作簿", id="exe-as-xlsx"),
        pytest.param(b"a2.xlsx", b"<html><script>alert(1)</script></html>", "不是 .xlsx 工作簿", id="html-as-xlsx"),
        pytest.param(b"a2.xlsx", b"PK\x03\x04" + b"\x00" * 500, "不是有效的 .xlsx", id="broken-zip"),
        pytest.param(b"a2.xlsx", None, "疑似压缩炸弹", id="decompression-bomb"),
        pytest.param(b"a2.xls", b"PK\x03\x04", "扩展名不被接受", id="xls-name"),
        pytest.param(b"a2.xlsx.exe", b"PK\x03\x04", "扩展名不被接受", id="exe-name"),
        pytest.param(b"a2.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024), "文件过大", id="over-2-MB"),
    ],
)
def test_scheme_import_refuses_disguised_oversized_and_bomb_files(client, scheme_world, filename, content, message):
    w, draft, _media = scheme_world
    client.force_login(w.unit_hr)
    url = reverse("posts:scheme_import", args=[draft.pk])
    response = _post(client, url, {}, filename, _bomb() if content is None else content, content_type=XLSX)
    _scheme_refused(scheme_world, response, message)


def test_scheme_import_of_a_good_workbook_is_saved(client, scheme_world):
    from posts.models import Scheme

    w, draft, _media = scheme_world
    client.force_login(w.unit_hr)
    url = reverse("posts:scheme_import", args=[draft.pk])
    response = _post(client, url, {}, "岗位设置备案表.xlsx".encode(), _workbook(draft), content_type=XLSX)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Scheme.objects.get(pk=draft.pk).professional["7"] == 13


def test_scheme_import_refusal_is_still_forbidden_to_others(client, scheme_world):
    w, draft, _media = scheme_world
    client.force_login(w.other_unit_hr)
    url = reverse("posts:scheme_import", args=[draft.pk])
    response = _post(client, url, {}, b"../a2.xlsx", _workbook(draft), content_type=XLSX)
    assert response.status_code in {403, 404}
