"""Hostile .xlsx files for the import tests: the sheet XML is replaced after a normal workbook was written."""

import zipfile

from posts.scheme_io import write_workbook

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    '<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY host SYSTEM "file:///etc/hostname">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    '<c r="A1" t="inlineStr"><is><t>&host;</t></is></c></row></sheetData></worksheet>'
)


def hostile_workbook(folder, kind: str, schemes):
    """A workbook of ``schemes`` whose first sheet XML is a billion-laughs DTD, an external entity or truncated."""
    plain = folder / "plain.xlsx"
    write_workbook(schemes, plain)
    path = folder / f"{kind}.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                if kind == "billion_laughs":
                    data = BILLION_LAUGHS.encode()
                elif kind == "external_entity":
                    data = EXTERNAL_ENTITY.encode()
                else:
                    data = data[: len(data) // 2]
            target.writestr(item, data)
    return path
