"""PDF rendering: Chinese prints with the system CJK font, or — where fontconfig has none (no root for apt) — with
the font file of a PyPI package loaded through @font-face; with neither the form is refused, never boxes."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from workflow.documents import (
    CJK_FONT_FAMILIES,
    FALLBACK_FONT_FAMILY,
    fallback_font_file,
    pdf_font_names,
    pdf_fonts,
    pdf_fonts_for,
    pdf_text,
    render_pdf,
)
from workflow.models import Organisation
from workflow.services import publicity_start

SYSTEM_WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.mark.django_db
@pytest.mark.skipif(pdf_fonts() is None, reason="no CJK font: run make (installs fonts-wqy-microhei)")
def test_FLOW_03_publicity_notice_pdf_shows_chinese_text_and_the_computed_period():
    unit = Organisation.objects.create(kind="unit", code="u", name="乌海市第一中学", jurisdiction="city")
    publicity = publicity_start(
        organisation=unit,
        kind="unit_application",
        title="2023年度专业技术职务任职资格申报公示",
        starts_on=date(2023, 9, 27),
        content="以下人员申报中小学教师系列中级职称。",
    )
    data = render_pdf(
        "pdf/publicity_notice.html",
        {"publicity": publicity, "headers": ["姓名", "申报级别"], "rows": [["李明", "一级教师"]]},
    )
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "专业技术职务任职资格申报公示" in text
    assert "2023年9月27日 至 2023年10月9日" in text
    assert "李明" in text and "一级教师" in text


@pytest.mark.django_db
@pytest.mark.skipif(pdf_fonts() is None or bool(pdf_fonts().font_face), reason="no system CJK font")
def test_pdf_prints_chinese_with_the_system_font_when_fontconfig_has_one():
    from types import SimpleNamespace as N

    pub = N(title="职称申报公示", organisation=N(name="乌海市第一中学"), content="", starts_on=date(2023, 9, 27),
            ends_on=date(2023, 10, 9), working_days=5)  # fmt: skip
    names = pdf_font_names(render_pdf("pdf/publicity_notice.html", {"publicity": pub}))
    assert names and not any("Fallback" in name for name in names)


def test_pdf_fonts_use_the_system_families_when_fontconfig_has_a_cjk_font(tmp_path):
    fonts = pdf_fonts_for(system_font=True, fallback=tmp_path / "any.otf")
    assert fonts.families == CJK_FONT_FAMILIES and fonts.font_face == ""


def test_pdf_fonts_load_the_fallback_file_when_fontconfig_has_none(tmp_path):
    font = tmp_path / "Noto Sans SC.otf"
    fonts = pdf_fonts_for(system_font=False, fallback=font)
    assert fonts.families[0] == FALLBACK_FONT_FAMILY
    assert fonts.font_face == (
        f'@font-face {{ font-family: "{FALLBACK_FONT_FAMILY}"; src: url("{font.resolve().as_uri()}"); }}'
    )
    assert "%20" in fonts.font_face  # a space in the path is escaped for the URL


def test_pdf_fonts_none_without_system_font_or_fallback_and_rendering_refuses(settings, tmp_path):
    assert pdf_fonts_for(system_font=False, fallback=None) is None
    settings.CJK_FONT_FILE = str(tmp_path / "missing.otf")
    assert fallback_font_file() is None  # a configured file that is not there is no fallback


def test_pdf_fallback_font_file_setting_wins_over_the_package(settings, tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"x")
    settings.CJK_FONT_FILE = str(font)
    assert fallback_font_file() == font


def _postscript_name(font: Path) -> str:
    from fontTools.ttLib import TTCollection, TTFont

    face = TTCollection(font).fonts[0] if font.suffix == ".ttc" else TTFont(font)
    return face["name"].getDebugName(6)


_RENDER = """
import os, sys
from datetime import date
from types import SimpleNamespace as N
import django
django.setup()
from workflow.documents import pdf_fonts, render_pdf
assert pdf_fonts().font_face, "expected the @font-face fallback"
pub = N(title="职称申报公示", organisation=N(name="乌海市第一中学"), content="", starts_on=date(2023, 9, 27),
        ends_on=date(2023, 10, 9), working_days=5)
sys.stdout.buffer.write(render_pdf("pdf/publicity_notice.html", {"publicity": pub}))
"""


def _render_without_system_fonts(tmp_path, font: Path) -> bytes:
    """A fresh process whose fontconfig sees no font at all (as on a machine where make could not apt-get)."""
    (tmp_path / "empty").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "empty"}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = os.environ | {"FONTCONFIG_FILE": str(conf), "WUHAI_CJK_FONT_FILE": str(font),
                        "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], env=env, capture_output=True, text=True)
    assert listed.stdout.strip() == ""  # the system's CJK font is really out of sight
    done = subprocess.run([sys.executable, "-c", _RENDER], cwd=settings.BASE_DIR, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return done.stdout


def _fallback_candidates():
    packaged = fallback_font_file() if not getattr(settings, "CJK_FONT_FILE", "") else None
    return [p for p in (packaged, SYSTEM_WQY) if p is not None and p.is_file()]


@pytest.mark.skipif(not _fallback_candidates(), reason="no font file to fall back on (pip install -e . installs one)")
def test_pdf_prints_chinese_with_the_fallback_font_file_when_fontconfig_has_none(tmp_path):
    font = _fallback_candidates()[0]
    data = _render_without_system_fonts(tmp_path, font)
    assert "职称申报公示" in pdf_text(data) and "乌海市第一中学" in pdf_text(data)
    # WeasyPrint embeds an @font-face font under its CSS family name: the text was set in the fallback file.
    assert {name.split("+")[-1] for name in pdf_font_names(data)} == {FALLBACK_FONT_FAMILY.replace(" ", "-")}


@pytest.mark.skipif(fallback_font_file() is None, reason="pylopdf-fonts-zh-cn is not installed (pip install -e .)")
def test_pdf_packaged_fallback_is_noto_sans_sc_under_the_open_font_license():
    font = fallback_font_file()
    assert _postscript_name(font) == "NotoSansSC-Regular"
    from fontTools.ttLib import TTFont

    assert "SIL Open Font License" in TTFont(font)["name"].getDebugName(13)
