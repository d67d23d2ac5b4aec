"""Decoding JSON from people and other systems: every way a body can be unreadable is an input error (exit 2 /
HTTP 422), never a server error. Pure: no Django."""

from __future__ import annotations

import json
from typing import Any


class JsonInputError(ValueError):
    def __init__(self, message: str, message_en: str):
        self.message = message
        self.message_en = message_en
        super().__init__(f"{message} / {message_en}")


def decode_json(raw: bytes | str) -> Any:
    """``json.loads`` that refuses, with a Chinese and English reason, bad UTF-8, bad syntax, nesting deeper than
    the interpreter can follow (RecursionError) and integers beyond Python's digit limit (ValueError)."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes | bytearray) else raw
    except UnicodeDecodeError as exc:
        raise JsonInputError(
            f"内容不是 UTF-8 编码（第 {exc.start} 字节）", f"not UTF-8 encoded (byte {exc.start})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）",
            f"not valid JSON: line {exc.lineno} column {exc.colno} ({exc.msg})",
        ) from None
    except RecursionError:
        raise JsonInputError("JSON 嵌套层数过多", "JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer literal longer than sys.get_int_max_str_digits()
        raise JsonInputError(f"JSON 中的数值无法读取：{exc}", f"a number in the JSON cannot be read: {exc}") from None
