"""Terminal output that a file cannot take over.

Why: file names, values and reasons printed by `load`, `status`, `rejects`… come
from third parties. An escape sequence (ESC [ …, OSC 8 links, C1 controls such as
U+009B), a carriage return or a newline inside one of them can erase a line,
recolour it or fake one ("All rows loaded OK"). Every value is shown with such
characters escaped (`\\x1b`, `\\n`, `\\u202e`), and the CLI's standard streams
are wrapped so that whatever is printed, no control character but the line
break and the tab reaches the terminal.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls, DEL, C1 controls, and the bidirectional overrides/isolates that reorder text
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: Any) -> str:
    """A value as one safe line: every control character escaped, line breaks included."""
    return _CONTROL.sub(_escape, "" if value is None else str(value))


_STREAM_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _stream_escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    # \u form: valid inside JSON strings too, so `--json` output stays parseable
    return f"\\u{code:04x}"


class SafeStream:
    """A text stream that escapes control characters other than line breaks and tabs."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, s: str) -> int:
        return self.raw.write(_STREAM_CONTROL.sub(_stream_escape, s))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def install() -> tuple[TextIO, TextIO]:
    """Wrap sys.stdout / sys.stderr; returns the raw streams (for the progress bar's own codes)."""
    import sys

    raw_out, raw_err = sys.stdout, sys.stderr
    if not isinstance(raw_out, SafeStream):
        sys.stdout = SafeStream(raw_out)  # type: ignore[assignment]
    if not isinstance(raw_err, SafeStream):
        sys.stderr = SafeStream(raw_err)  # type: ignore[assignment]
    return getattr(raw_out, "raw", raw_out), getattr(raw_err, "raw", raw_err)
