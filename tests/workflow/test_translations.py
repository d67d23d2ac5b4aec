"""The English catalogue is complete and sound, and pages render in English when the language cookie is ``en``.

The catalogue is checked with a small parser of its own (no gettext tools, no polib): every live entry has a
msgstr, none is fuzzy, each msgstr keeps its msgid's placeholders and HTML tags, and the committed .mo holds the
same translations as the .po (so `msgfmt` was run after the last change).
"""

from __future__ import annotations

import gettext
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{[\w.]*\}"
)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), s)


def parse_po(text: str) -> list[dict]:
    """Live entries as {"flags": set, "msgid": str, "msgid_plural": str?, "msgstr": [str, ...], "line": int}."""
    entries, entry, key = [], None, None
    for number, line in enumerate(text.split("\n") + [""], start=1):
        if not line.strip() or line.startswith("#~"):  # blank line ends an entry; obsolete entries do not count
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}, "line": number}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$', line):
            key = m.group(1)
            if key.startswith("msgstr"):
                key = ("msgstr", int(m.group(2) or 0))
                entry["msgstr"][key[1]] = _unquote(m.group(3))
            else:
                entry[key] = _unquote(m.group(3))
        elif m := re.match(r'^"(.*)"$', line):
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += _unquote(m.group(1))
            else:
                entry[key] += _unquote(m.group(1))
        else:
            raise AssertionError(f"django.po:{number}: cannot parse {line!r}")
    for e in entries:
        e["msgstr"] = [e["msgstr"][i] for i in sorted(e["msgstr"])]
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return parse_po(PO.read_text(encoding="utf-8"))


def where(e: dict) -> str:
    return f"django.po:{e['line']} {e['msgid']!r}"


def test_catalogue_has_the_project_strings(entries):
    # makemessages picked up templates, the three apps and the lazy strings of the models.
    ids = {e["msgid"] for e in entries}
    assert len(entries) > 900
    assert {"登录", "工作台", "岗位设置方案", "职称申报", "评审委员会", "一次性告知"} <= ids


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    empty = [where(e) for e in entries if not all(e["msgstr"])]
    fuzzy = [where(e) for e in entries if "fuzzy" in e["flags"]]
    assert not empty, f"{len(empty)} untranslated: {empty[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_no_chinese_left_in_the_translations(entries):
    left = [where(e) for e in entries if any(CJK.search(s) for s in e["msgstr"])]
    assert not left, left[:20]


def test_placeholders_of_each_msgid_appear_in_its_msgstr(entries):
    wrong = []
    for e in entries:
        wanted = placeholders(e["msgid"]) | placeholders(e.get("msgid_plural", ""))
        if e.get("msgid_plural"):
            # Every plural form uses only known names; the plural form has them all (the singular may say "one").
            ok = all(placeholders(s) <= wanted for s in e["msgstr"]) and placeholders(e["msgstr"][-1]) == wanted
        else:
            ok = placeholders(e["msgstr"][0]) == wanted
        if not ok:
            wrong.append((where(e), e["msgstr"]))
    assert not wrong, wrong[:20]


def test_python_format_percent_signs_stay_escaped(entries):
    # In a python-format string a lone "%" breaks the interpolation at run time ("%%" is a literal percent).
    wrong = [
        where(e)
        for e in entries
        if "python-format" in e["flags"] and any(re.search(r"%(?![%(sdr])", s.replace("%%", "")) for s in e["msgstr"])
    ]
    assert not wrong, wrong[:20]


def test_html_tags_are_kept(entries):
    wrong = [where(e) for e in entries if sorted(TAG.findall(e["msgid"])) != sorted(TAG.findall(e["msgstr"][0]))]
    assert not wrong, wrong[:20]


def test_compiled_catalogue_matches_the_po(entries):
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in entries:
        if e.get("msgctxt"):
            continue
        if e.get("msgid_plural"):
            got = [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            want = [e["msgstr"][0], e["msgstr"][-1]]
        else:
            got, want = compiled.gettext(e["msgid"]), e["msgstr"][0]
        if got != want:
            stale.append(where(e))
    assert not stale, f"django.mo is out of date ({len(stale)} entries); run msgfmt: {stale[:10]}"


# --- pages in English -------------------------------------------------------------------------------------------


class _Visible(HTMLParser):
    """Text of the navigation, the page title and the headings; option labels (language endonyms) are skipped."""

    WATCHED = {"nav", "title", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__()
        self.depth: dict[str, int] = {}
        self.in_option = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.WATCHED:
            self.depth[tag] = self.depth.get(tag, 0) + 1
        if tag == "option":
            self.in_option += 1
        for name, value in attrs:  # aria-label of the navigation is read out by screen readers
            if name == "aria-label" and value and any(self.depth.values()):
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in self.WATCHED and self.depth.get(tag):
            self.depth[tag] -= 1
        if tag == "option" and self.in_option:
            self.in_option -= 1

    def handle_data(self, data):
        if any(self.depth.values()) and not self.in_option:
            self.chunks.append(data)


def ui_text(html: str, data: list[str]) -> str:
    """The navigation and headings, minus data that is stored in Chinese (people's and organisations' names)."""
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.chunks)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return text


@pytest.fixture
def demo_en(client, db):
    from django.contrib.auth import get_user_model

    from workflow.demo import seed
    from workflow.models import Organisation

    cache.clear()
    seed()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = [n for n in Organisation.objects.values_list("name", flat=True) if n]
    data += [n for n in get_user_model().objects.values_list("first_name", flat=True) if n]
    yield client, data
    cache.clear()


@pytest.mark.django_db
def test_login_page_is_english(demo_en):
    client, data = demo_en
    page = client.get("/login/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="en"' in html and page.headers["Content-Language"] == "en"
    assert "Log in" in html and "Username" in html and "Password" in html
    assert "Wuhai Human Resources and Social Security Bureau" in html  # footer
    left = CJK.findall(ui_text(html, data))
    assert not left, ui_text(html, data)


@pytest.mark.django_db
def test_login_page_in_demo_mode_is_english_with_the_demo_accounts(demo_en, settings):
    # The demo accounts' names and "what to try" hints are on this page only in demo mode.
    settings.DEMO_MODE = True
    client, data = demo_en
    html = client.get("/login/").content.decode()
    assert "Demo accounts" in html and "What to try" in html
    assert "Li Ming (applicant)" in html and "follow its progress" in html
    assert "in the admin: the working-day calendar" in html
    data = [d for d in data if "（" not in d]  # the stored Chinese display names must not be what the page shows
    left = CJK.findall(ui_text(html, data))
    assert not left, ui_text(html, data)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["applicant", "hr_officer"])
def test_home_in_demo_mode_is_english_with_the_demo_date_bar(demo_en, settings, username):
    from workflow.services import demo_date_start

    settings.DEMO_MODE = True
    demo_date_start(day=date(2023, 7, 3))
    client, data = demo_en
    _english_page(client, data, username, "/", ["Dashboard", "Log out", "2023-07-03"])


def _english_page(client, data, username, url, expected):
    from workflow.demo import DEMO_PASSWORD

    assert client.login(username=username, password=DEMO_PASSWORD)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    for text in expected:
        assert text in html
    left = CJK.findall(ui_text(html, data))
    assert not left, ui_text(html, data)


@pytest.mark.django_db
def test_hr_officer_home_is_english(demo_en):
    client, data = demo_en
    expected = ["Dashboard", "Post setting scheme", "Jurisdiction post structure", "Review committees", "Log out"]
    _english_page(client, data, "hr_officer", "/", expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["applicant", "unit_hr", "dept_reviewer", "district_hr", "committee_office", "judge"]
)
def test_every_demo_role_has_an_english_home(demo_en, username):
    client, data = demo_en
    _english_page(client, data, username, "/", ["Dashboard", "Log out"])


@pytest.mark.django_db
def test_post_pages_are_english(demo_en):
    client, data = demo_en
    _english_page(client, data, "hr_officer", "/posts/schemes/", ["Post setting scheme"])


@pytest.mark.django_db
def test_jurisdiction_dashboard_is_english(demo_en):
    client, data = demo_en
    _english_page(
        client,
        data,
        "hr_officer",
        "/posts/dashboard/",
        ["Jurisdiction post structure", "Senior : intermediate : junior"],
    )


@pytest.mark.django_db
def test_chinese_stays_the_default(demo_en):
    client, _data = demo_en
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    html = client.get("/login/").content.decode()
    assert 'lang="zh-hans"' in html and "登录" in html


def test_the_parser_sees_what_the_checks_need():
    sample = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Language: en\\n"',
            "",
            "#: a.py:1",
            "#, fuzzy, python-format",
            '#| msgid "旧"',
            'msgid ""',
            '"共 %(n)s 人，"',
            '"截止 %(d)s"',
            'msgstr "%(n)s people"',
            "",
            'msgid "%(n)s 页"',
            'msgid_plural "%(n)s 页"',
            'msgstr[0] "One page"',
            'msgstr[1] ""',
            "",
            '#~ msgid "作废"',
            '#~ msgstr ""',
        ]
    )
    first, plural = parse_po(sample)
    assert first["msgid"] == "共 %(n)s 人，截止 %(d)s" and "fuzzy" in first["flags"] and first["line"] == 5
    assert placeholders(first["msgid"]) - placeholders(first["msgstr"][0]) == {"%(d)s"}
    assert plural["msgid_plural"] == "%(n)s 页" and plural["msgstr"] == ["One page", ""]
