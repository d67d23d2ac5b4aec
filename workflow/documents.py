"""PDF rendering shared by every app's official forms (WeasyPrint).

Chinese text needs a CJK font on the machine (`make` installs Debian's fonts-wqy-microhei). We name it first in
the stylesheet and refuse to render when fontconfig knows no CJK font at all, because a PDF of boxes is worse
than an error: an official form must be legible.
"""

from __future__ import annotations

import functools
import subprocess

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

CJK_FONT_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC")


class MissingCJKFont(RuntimeError):
    pass


@functools.cache
def cjk_font_available() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def render_pdf(template_name: str, context: dict, *, language: str = "zh-hans") -> bytes:
    """Render templates/pdf/<name>.html to PDF bytes, in Chinese by default (the official language of the forms)."""
    from weasyprint import HTML

    if not cjk_font_available():
        raise MissingCJKFont(
            "系统未安装中文字体，无法生成 PDF（请运行 make 安装 fonts-wqy-microhei）/ "
            "no CJK font installed; run make to install fonts-wqy-microhei"
        )
    with translation.override(language):
        html = render_to_string(template_name, {"CJK_FONTS": CJK_FONT_FAMILIES, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_text(data: bytes) -> str:
    """Extract the text of a rendered PDF (tests and the verification page read documents back)."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
