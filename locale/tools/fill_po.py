"""Fill a gettext .po catalogue from a JSON dictionary of checked translations (a dev tool, stdlib only).

Usage:
    python locale/tools/fill_po.py locale/en/LC_MESSAGES/django.po locale/tools/en.json
    python locale/tools/fill_po.py PO JSON --check          # change nothing; exit 1 if anything is missing
    python locale/tools/fill_po.py PO JSON --missing OUT    # also write the missing msgids to OUT as a JSON skeleton

The JSON file is the source of truth: {msgid: msgstr}.
  * msgid is the unescaped text exactly as in the source code (a real newline for "\\n", one string however
    the .po wraps it over several lines);
  * for a plural entry (msgid_plural) the value is a list of the msgstr forms, e.g. ["%(n)s page", "%(n)s pages"];
  * for an entry with a context, the key is "context\\u0004msgid" (the gettext convention).

For every live (non-obsolete) entry whose msgid is in the JSON file, msgstr is set from it and the "#, fuzzy" flag
and the "#|" previous-msgid lines that msgmerge adds are removed: a translation in the JSON file counts as checked.
Entries absent from the JSON file are left as they are (a fuzzy guess by msgmerge stays fuzzy) and are printed,
so a release can see the English catalogue is incomplete. A translation that drops or adds a placeholder of its
msgid (%(name)s, %s, %d, {name}) is refused and printed too.

Exit status: 0 when every entry is translated and not fuzzy, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from dataclasses import dataclass, field

PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{[\w.]*\}"
)


def placeholders(text: str) -> list[str]:
    """The placeholders of a string, sorted (a literal "%%" is not a placeholder)."""
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def unquote(s: str) -> str:
    """The value of one C-quoted .po string (without its surrounding quotes)."""
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def quote(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def format_field(keyword: str, value: str) -> list[str]:
    """keyword "value" — split after each "\\n" the way msgmerge does when the value has several lines."""
    parts = value.split("\n")
    chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(chunks) <= 1:
        return [f'{keyword} "{quote(value)}"']
    return [f'{keyword} ""'] + [f'"{quote(c)}"' for c in chunks]


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # "#" lines, in order
    fields: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgid_plural, msgstr, msgstr[0] ...
    raw: list[str] = field(default_factory=list)  # the field lines as read, reused for msgctxt/msgid/msgid_plural
    field_lines: dict[str, list[str]] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in c for c in self.comments)

    @property
    def plural(self) -> bool:
        return "msgid_plural" in self.fields

    @property
    def key(self) -> str:
        ctxt = self.fields.get("msgctxt")
        return self.fields["msgid"] if ctxt is None else ctxt + "\x04" + self.fields["msgid"]

    def msgstrs(self) -> list[str]:
        if self.plural:
            return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr[")]
        return [self.fields.get("msgstr", "")]

    def translated(self) -> bool:
        return all(self.msgstrs()) and not self.fuzzy

    def set_translation(self, value: str | list[str], nplurals: int) -> None:
        for k in [k for k in self.fields if k.startswith("msgstr")]:
            del self.fields[k]
            del self.field_lines[k]
        if self.plural:
            forms = list(value) if isinstance(value, list) else [value]
            forms += [forms[-1]] * (nplurals - len(forms))
            for n, form in enumerate(forms[:nplurals]):
                self.fields[f"msgstr[{n}]"] = form
                self.field_lines[f"msgstr[{n}]"] = format_field(f"msgstr[{n}]", form)
        else:
            self.fields["msgstr"] = value
            self.field_lines["msgstr"] = format_field("msgstr", value)
        comments = []
        for c in self.comments:
            if c.startswith("#|"):
                continue
            if c.startswith("#,"):
                flags = [f.strip() for f in c[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if not flags:
                    continue
                c = "#, " + ", ".join(flags)
            comments.append(c)
        self.comments = comments

    def lines(self) -> list[str]:
        out = list(self.comments)
        for k in self.field_lines:
            out.extend(self.field_lines[k])
        return out


def parse(text: str) -> list[Entry | str]:
    """Entries, and the blank lines between them kept as plain strings."""
    items: list[Entry | str] = []
    entry: Entry | None = None
    current: str | None = None

    def close():
        nonlocal entry, current
        if entry is not None:
            items.append(entry)
        entry, current = None, None

    for line in text.split("\n"):
        if not line.strip():
            close()
            items.append(line)
            continue
        if entry is None:
            entry = Entry()
        if line.startswith("#~"):
            entry.obsolete = True
            entry.comments.append(line)
            continue
        if line.startswith("#"):
            if entry.fields:  # a comment after the fields starts a new entry
                close()
                entry = Entry()
            entry.comments.append(line)
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$', line)
        if m:
            current = m.group(1)
            entry.fields[current] = unquote(m.group(2))
            entry.field_lines[current] = [line]
            continue
        m = re.match(r'^"(.*)"\s*$', line)
        if m and current is not None:
            entry.fields[current] += unquote(m.group(1))
            entry.field_lines[current].append(line)
            continue
        raise SystemExit(f"cannot parse .po line: {line!r}")
    close()
    return items


def render(items: list[Entry | str]) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, Entry):
            out.extend(item.lines())
        else:
            out.append(item)
    return "\n".join(out)


HEADER_DEFAULTS = {
    "Project-Id-Version": "wuhai-titles",
    "Last-Translator": "locale/tools/en.json",
    "Language-Team": "English",
}


def placeholders_ok(e: Entry, forms: list[str]) -> bool:
    """A plain msgstr has exactly the placeholders of its msgid. In a plural entry every form uses only the
    placeholders of msgid/msgid_plural and the last (plural) form has all of msgid_plural's
    (the singular may say "One page" for "%(n)s 页")."""
    if not e.plural:
        return len(forms) == 1 and placeholders(forms[0]) == placeholders(e.fields["msgid"])
    allowed = set(placeholders(e.fields["msgid"])) | set(placeholders(e.fields["msgid_plural"]))
    return all(set(placeholders(f)) <= allowed for f in forms) and set(placeholders(forms[-1])) == set(
        placeholders(e.fields["msgid_plural"])
    )


def nplurals_of(header: Entry | None) -> int:
    m = re.search(r"nplurals\s*=\s*(\d+)", header.fields.get("msgstr", "") if header else "")
    return int(m.group(1)) if m else 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po")
    parser.add_argument("json")
    parser.add_argument("--check", action="store_true", help="do not write the .po; only report")
    parser.add_argument("--missing", metavar="OUT", help="write the missing msgids to OUT as {msgid: ''}")
    parser.add_argument("--language", default="en", help='value for the "Language:" header (default en)')
    args = parser.parse_args(argv)

    with open(args.json, encoding="utf-8") as fh:
        translations: dict[str, str | list[str]] = json.load(fh)
    with open(args.po, encoding="utf-8") as fh:
        items = parse(fh.read())

    entries = [e for e in items if isinstance(e, Entry) and not e.obsolete and "msgid" in e.fields]
    header = next((e for e in entries if e.fields["msgid"] == ""), None)
    if header is not None and not args.check:
        text = re.sub(r"Language: [^\n]*\n", f"Language: {args.language}\n", header.fields["msgstr"])
        for name, value in HEADER_DEFAULTS.items():  # replace only gettext's placeholder values
            text = re.sub(
                rf"{name}: (PACKAGE VERSION|FULL NAME <EMAIL@ADDRESS>|LANGUAGE <LL@li.org>)\n",
                f"{name}: {value}\n",
                text,
            )
        if text != header.fields["msgstr"]:
            header.fields["msgstr"] = text
            header.field_lines["msgstr"] = format_field("msgstr", text)
        header.comments = [c for c in header.comments if not (c.startswith("#,") and "fuzzy" in c)]
    nplurals = nplurals_of(header)

    missing, refused, stale, filled = [], [], [], 0
    for e in entries:
        if e is header:
            continue
        value = translations.get(e.key)
        if value is None or value == "" or value == []:
            if not e.translated():
                missing.append(e)
            continue
        forms = value if isinstance(value, list) else [value]
        if not placeholders_ok(e, forms):
            refused.append((e, value))
            continue
        up_to_date = e.msgstrs() == (forms + [forms[-1]] * nplurals)[: len(e.msgstrs())] and not e.fuzzy
        if args.check:
            if not up_to_date:
                stale.append(e)
        elif not up_to_date:
            e.set_translation(value, nplurals)
            filled += 1

    if not args.check:
        if header is not None and (filled or "PO-Revision-Date: YEAR" in header.fields["msgstr"]):
            stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
            text = re.sub(r"PO-Revision-Date: [^\n]*\n", f"PO-Revision-Date: {stamp}\n", header.fields["msgstr"])
            header.fields["msgstr"] = text
            header.field_lines["msgstr"] = format_field("msgstr", text)
        with open(args.po, "w", encoding="utf-8") as fh:
            fh.write(render(items))
    if args.missing:
        with open(args.missing, "w", encoding="utf-8") as fh:
            json.dump({e.key: (["", ""] if e.plural else "") for e in missing}, fh, ensure_ascii=False, indent=0)
    for e, value in refused:
        print(
            "placeholders differ:", json.dumps(e.key, ensure_ascii=False), "->", json.dumps(value, ensure_ascii=False)
        )
    for e in stale:
        print("not yet filled from JSON:", json.dumps(e.key, ensure_ascii=False))
    for e in missing:
        print("fuzzy (unchecked):" if e.fuzzy else "untranslated:", json.dumps(e.key, ensure_ascii=False))
    total = len(entries) - (header is not None)
    print(
        f"{total} entries, {total - len(missing) - len(refused) - len(stale)} translated"
        + ("" if args.check else f" ({filled} updated)")
        + f", {len(missing)} missing, {len(refused)} refused"
        + (f", {len(stale)} not yet filled" if args.check else ""),
        file=sys.stderr,
    )
    return 1 if missing or refused or stale else 0


if __name__ == "__main__":
    sys.exit(main())
