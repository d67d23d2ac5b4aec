"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: msgstr} (single-line msgids).

Usage: python locale/tools/fill_po.py locale/en/LC_MESSAGES/django.po locale/tools/en.json
Prints the msgids still untranslated, so a release can check the English catalogue is complete.
"""

import json
import re
import sys


def main(po_path: str, dict_path: str) -> int:
    with open(dict_path, encoding="utf-8") as fh:
        translations = json.load(fh)
    with open(po_path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    out, missing, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = re.match(r'^msgid "(.*)"$', line)
        if m and m.group(1) and i + 1 < len(lines) and lines[i + 1] == 'msgstr ""':
            key = m.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            value = translations.get(key)
            if value is None:
                missing.append(key)
                out.append(lines[i + 1])
            else:
                out.append('msgstr "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
            i += 2
            continue
        i += 1
    text = "\n".join(out).replace("#, fuzzy\n", "")
    with open(po_path, "w", encoding="utf-8") as fh:
        fh.write(text)
    for key in missing:
        print("untranslated:", key)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
