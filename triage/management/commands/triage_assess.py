"""Run the red-flag screen on answer sets from a file or from standard input."""

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand

from triage.questions import validate
from triage.rules import assess

# CommandError exits with 1; the contract asks for 2 on bad input.
BAD_INPUT = 2


class DuplicateKeyError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A repeated key would let a later "false" silently hide an earlier "true".
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(f'key "{key}" appears more than once')
        seen[key] = value
    return seen


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


class Command(BaseCommand):
    help = (
        "Assess triage answers. FILE holds one JSON answer object (prints one result) or a JSON "
        'array of them (prints an array of results, same order); use "-" for standard input. '
        "Bad input prints one 'error: key: problem' line per problem (batch: 'error: [index] "
        "key: problem', counting from 0) and exits with status 2."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON file with answers, or "-" for standard input')

    def handle(self, *args, **options):
        data = self._load(options["file"])
        if isinstance(data, list):
            results, problems = [], []
            for index, item in enumerate(data):
                answers, found = validate(item)
                problems.extend(f"[{index}] {problem}" for problem in found)
                if answers is not None:
                    results.append(assess(answers).to_dict())
            if problems:
                self._fail(problems)
            self._print(results)
        else:
            answers, problems = validate(data)
            if answers is None:
                self._fail(problems)
            self._print(assess(answers).to_dict())

    def _load(self, path: str) -> Any:
        try:
            if path == "-":
                raw = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as handle:
                    raw = handle.read()
        except OSError as error:
            self._fail([f"input: cannot read {path}: {error.strerror or error}"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self._fail(["input: not valid JSON (not UTF-8 text)"])
        try:
            return json.loads(
                text,
                object_pairs_hook=_reject_duplicate_keys,
                parse_constant=_reject_constant,
            )
        except json.JSONDecodeError as error:
            self._fail(
                [f"input: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"]
            )
        except ValueError as error:
            self._fail([f"input: not valid JSON ({error})"])
        except RecursionError:
            self._fail(["input: not valid JSON (nested too deeply)"])

    def _print(self, result: Any) -> None:
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

    def _fail(self, problems: list[str]) -> NoReturn:
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        raise SystemExit(BAD_INPUT)
