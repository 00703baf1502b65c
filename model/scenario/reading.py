"""Reading input files safely: regular files only, size and nesting limits, short messages.

Scenario files and experiment specs come from users, so a path may name a pipe, a device, a folder,
a symbolic-link loop or a huge file, and TOML may nest tables and arrays without end. Each is
refused in one sentence before the file is read whole (see docs/reliability.md, "Hostile input").
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.errors import InputError

MAX_INPUT_BYTES = 1_048_576  # largest scenario file or experiment spec read (1 MiB; shipped ones < 20 KiB)
MAX_NESTING = 10  # deepest nesting of tables and arrays (a scenario needs 4, a spec up to 7)
MAX_SHOWN = 80  # longest key, value or name quoted in a message [characters]
MAX_EXTENDS = 32  # longest `extends` chain followed [files]

ErrorType = Callable[[str], InputError]


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters with an ellipsis, so a huge key cannot flood a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open_error(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops"
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.ENAMETOOLONG:
        return "has a name too long for this system"
    return f"cannot be read ({error.strerror or error})"


def read_bytes(path: Path, shown: str, make: ErrorType, what: str) -> bytes:
    """The bytes of a regular file of at most MAX_INPUT_BYTES; `what` names its kind in messages."""
    try:  # non-blocking: opening a pipe with no writer must not wait
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise make(f"{shown}: {_open_error(error)}") from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise make(f"{shown}: is a directory, not a {what}")
        if not stat.S_ISREG(mode):
            raise make(f"{shown}: is not a regular file (a pipe, device or socket); give a TOML {what}")
        with os.fdopen(os.dup(handle), "rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise make(f"{shown}: cannot be read ({error.strerror or error})") from None
    finally:
        os.close(handle)
    if len(data) > MAX_INPUT_BYTES:
        raise make(f"{shown}: is larger than {MAX_INPUT_BYTES // 1024} KiB, the limit for a {what}")
    return data


def decode(data: bytes, shown: str, make: ErrorType) -> str:
    """UTF-8 text without a byte-order mark, or one sentence naming the first bad byte."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        byte, line = data[error.start], data[: error.start].count(b"\n") + 1
        raise make(
            f"{shown}: is not UTF-8 text (byte 0x{byte:02x} on line {line}); save it with UTF-8 encoding"
        ) from None


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest in `value` (0 for a scalar), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_NESTING:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def parse_toml(text: str, shown: str, make: ErrorType) -> dict[str, Any]:
    """A TOML document as a dict, refusing bad syntax and nesting deeper than MAX_NESTING."""
    too_deep = f"{shown}: nests tables or arrays more than {MAX_NESTING} levels deep"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        raise make(f"{shown}: is not valid TOML: {message[:1].lower()}{message[1:]}") from None
    except RecursionError:
        raise make(too_deep) from None
    if _depth(data) > MAX_NESTING:
        raise make(too_deep)
    return data


def read_toml(path: Path, shown: str, make: ErrorType, what: str) -> dict[str, Any]:
    """A TOML file read within the limits above; every problem is `make(one sentence)`."""
    return parse_toml(decode(read_bytes(path, shown, make, what), shown, make), shown, make)
