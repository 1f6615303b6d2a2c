"""What the command-line cores (`balise check`, `balise align`) share to talk to a terminal.

Pure standard library, like the cores that use it: one error line on standard error, UTF-8
output whatever the terminal's encoding, and JSON without NaN or Infinity.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TextIO


def refuse_constant(name: str) -> None:
    """`parse_constant` for `json.loads`: NaN and Infinity are not JSON, although Python's
    parser accepts them by default."""
    raise ValueError(f"{name} is not a JSON value")


def fail(prog: str, message: str) -> None:
    """One line on standard error, whatever the message holds."""
    line = " ".join(message.split())
    write(sys.stderr, f"{prog}: {line}\n")


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write(stream: TextIO, text: str) -> None:
    """Write UTF-8 even when the terminal's encoding could not hold the text."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "buffer"):
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
        stream.buffer.flush()
        return
    stream.write(text)
    stream.flush()
