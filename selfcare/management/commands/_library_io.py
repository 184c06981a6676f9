"""Shared by the library commands: read a JSON file (or standard input), report bad input as
"error: …" lines on standard error and exit with status 2."""

import sys
from typing import Any, NoReturn

from selfcare.library import LibraryFileError, parse

BAD_INPUT = 2


def read(path: str, command) -> Any:
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as error:
        fail([f"input: cannot read {path}: {error.strerror or error}"], command)
    try:
        return parse(raw)
    except LibraryFileError as error:
        fail(error.problems, command)


def fail(problems: list[str], command) -> NoReturn:
    for problem in problems:
        command.stderr.write(f"error: {problem}")
    raise SystemExit(BAD_INPUT)
