"""PDF rendering shared by every app's official forms (WeasyPrint).

Chinese text needs a CJK font. ``make`` installs Debian's fonts-wqy-microhei (fast: ≈1.5 s a form, where
fonts-noto-cjk costs ≈8 s), and the stylesheet names it first. Where fontconfig knows no CJK font — a machine
without root, where ``make`` could not install it — the stylesheet loads a font file with ``@font-face`` instead:
``WUHAI_CJK_FONT_FILE`` when set, else Noto Sans SC (SIL Open Font License 1.1) from the PyPI package
``pylopdf-fonts-zh-cn``, a dependency of the project. With neither we refuse to render, because a PDF of boxes is
worse than an error: an official form must be legible.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

CJK_FONT_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC")
FALLBACK_FONT_FAMILY = "Wuhai CJK Fallback"


class MissingCJKFont(RuntimeError):
    pass


@dataclass(frozen=True)
class PdfFonts:
    families: tuple[str, ...]  # the CSS font-family list, most wanted first
    font_face: str = ""  # an @font-face rule when the font is a file fontconfig does not know


@functools.cache
def cjk_font_available() -> bool:
    """Does fontconfig know a font covering Chinese?"""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def fallback_font_file() -> Path | None:
    """The font file for a machine without a system CJK font: ``settings.CJK_FONT_FILE``, else the packaged one."""
    configured = getattr(settings, "CJK_FONT_FILE", "")
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def pdf_fonts_for(*, system_font: bool, fallback: Path | None) -> PdfFonts | None:
    """Pure: which fonts the PDF stylesheet uses (None: no way to print Chinese)."""
    if system_font:
        return PdfFonts(families=CJK_FONT_FAMILIES)
    if fallback is None:
        return None
    # A file URL, quoted for CSS; WeasyPrint's own fetcher reads it.
    url = fallback.resolve().as_uri().replace('"', "%22")
    face = f'@font-face {{ font-family: "{FALLBACK_FONT_FAMILY}"; src: url("{url}"); }}'
    return PdfFonts(families=(FALLBACK_FONT_FAMILY, *CJK_FONT_FAMILIES), font_face=face)


@functools.cache
def pdf_fonts() -> PdfFonts | None:
    system_font = cjk_font_available()
    return pdf_fonts_for(system_font=system_font, fallback=None if system_font else fallback_font_file())


def render_pdf(template_name: str, context: dict, *, language: str = "zh-hans") -> bytes:
    """Render templates/pdf/<name>.html to PDF bytes, in Chinese by default (the official language of the forms)."""
    from weasyprint import HTML

    fonts = pdf_fonts()
    if fonts is None:
        raise MissingCJKFont(
            "系统未安装中文字体，也找不到备用字体文件，无法生成 PDF（请运行 make 安装 fonts-wqy-microhei，"
            "或 pip install -e . 安装 pylopdf-fonts-zh-cn，或设置 WUHAI_CJK_FONT_FILE）/ no CJK font: run make "
            "(installs fonts-wqy-microhei), or pip install -e . (pylopdf-fonts-zh-cn), or set WUHAI_CJK_FONT_FILE"
        )
    with translation.override(language):
        html = render_to_string(
            template_name, {"CJK_FONTS": fonts.families, "CJK_FONT_FACE": fonts.font_face, **context}
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_text(data: bytes) -> str:
    """Extract the text of a rendered PDF (tests and the verification page read documents back)."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_font_names(data: bytes) -> set[str]:
    """The base names of the fonts embedded in a PDF (tests check which font printed the text)."""
    import io

    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names
