"""The routine library's file format (selfcare/content/routines.json, export_library and
import_library) and its one validator. No database queries here: load_routines and
import_library validate everything first, then write in one transaction (services.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from triage.questions import REGION_CODES

from .contraindications import CODES as CONTRAINDICATIONS
from .models import HOLD_MAX, HOLD_MIN, SPOTS_MAX, Frequency, Position, Sides, Tool

CONTENT_DIR = Path(__file__).resolve().parent / "content"
CONTENT_FILE = CONTENT_DIR / "routines.json"
PROJECT_ROOT = CONTENT_DIR.parent.parent
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
# Never a pressure site in any routine: carotid artery, jugular vein, windpipe, thyroid.
NEVER_PRESSED = "neck_front"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Keys in file order. Each routine object has exactly these keys.
KEYS = (
    "slug",
    "title",
    "summary",
    "regions",
    "contraindications",
    "tools",
    "position",
    "steps",
    "hold_seconds_min",
    "hold_seconds_max",
    "hold_seconds_default",
    "spots_per_side",
    "sides",
    "frequency",
    "cautions",
    "stop_if",
    "image",
    "image_alt",
    "licence",
    "attribution",
    "published",
)
OPTIONAL = {"summary": "", "stop_if": [], "image_alt": "", "licence": "", "attribution": ""}
OPTIONAL_DEFAULTS: dict[str, Any] = {**OPTIONAL, "published": True}
TEXT_LIMITS = {"title": 120, "image_alt": 500, "licence": 60, "attribution": 200}


def _text(value: Any, *, required: bool, limit: int | None = None) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if (required and not value) or (limit and len(value) > limit):
        return None
    return value


def _text_list(value: Any, *, required: bool) -> list[str] | None:
    if not isinstance(value, list) or (required and not value):
        return None
    items = [item.strip() for item in value if isinstance(item, str)]
    if len(items) != len(value) or not all(items):
        return None
    return items


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _image(value: Any, root: Path) -> tuple[str | None, str]:
    if value == "":
        return "", ""
    if not isinstance(value, str):
        return None, "must be a path relative to the project root"
    path = Path(value)
    if path.is_absolute() or ".." in path.parts or path.suffix.lower() not in IMAGE_SUFFIXES:
        return None, "must be a .png, .jpg or .webp path relative to the project root"
    if not (root / path).is_file():
        return None, f"no such file: {value}"
    return path.as_posix(), ""


def validate_routine(obj: Any, *, root: Path = PROJECT_ROOT) -> tuple[dict | None, list[str]]:
    """The routine as clean values, or None and one "key: problem" line per problem."""
    if not isinstance(obj, dict):
        return None, ["must be a JSON object"]
    problems: list[str] = []
    unknown = sorted(set(obj) - set(KEYS))
    problems += [f"{key}: unknown key" for key in unknown]
    missing = [key for key in KEYS if key not in obj and key not in OPTIONAL_DEFAULTS]
    problems += [f"{key}: missing" for key in missing]
    data = {**OPTIONAL_DEFAULTS, **obj}
    clean: dict[str, Any] = {}

    def check(key: str, value: Any, message: str) -> None:
        if key in missing:
            return
        if value is None:
            problems.append(f"{key}: {message}")
        else:
            clean[key] = value

    slug = data.get("slug")
    ok_slug = isinstance(slug, str) and len(slug) <= 80 and SLUG.match(slug)
    check("slug", slug if ok_slug else None, "lower-case letters, digits and hyphens, ≤ 80")
    for key in ("title", "summary", "image_alt", "licence", "attribution"):
        limit = TEXT_LIMITS.get(key)
        value = _text(data.get(key), required=key == "title", limit=limit)
        kind = "non-empty text" if key == "title" else "text"
        check(key, value, f"must be {kind}" + (f" of at most {limit} characters" if limit else ""))

    regions = data.get("regions")
    if isinstance(regions, list) and NEVER_PRESSED in regions:
        check("regions", None, "neck_front is never a pressure site")
    else:
        ok = (
            isinstance(regions, list)
            and all(r in REGION_CODES for r in regions)
            and len(set(regions)) == len(regions)
        )
        check("regions", list(regions) if ok else None, "a list of distinct region codes")
    codes = data.get("contraindications")
    ok = (
        isinstance(codes, list)
        and all(c in CONTRAINDICATIONS for c in codes)
        and len(set(codes)) == len(codes)
    )
    message = f"a list of distinct codes from {', '.join(CONTRAINDICATIONS)}"
    check("contraindications", list(codes) if ok else None, message)
    tools = data.get("tools")
    ok = (
        isinstance(tools, list)
        and tools
        and all(t in Tool.values for t in tools)
        and len(set(tools)) == len(tools)
    )
    check("tools", list(tools) if ok else None, f"a non-empty list from {', '.join(Tool.values)}")
    for key, choices in (("position", Position), ("sides", Sides), ("frequency", Frequency)):
        value = data.get(key)
        check(key, value if value in choices.values else None, f"one of {', '.join(choices)}")
    check("steps", _text_list(data.get("steps"), required=True), "a non-empty list of text")
    check("cautions", _text_list(data.get("cautions"), required=False), "a list of text")
    check("stop_if", _text_list(data.get("stop_if"), required=False), "a list of text")

    holds = {}
    for key in ("hold_seconds_min", "hold_seconds_max", "hold_seconds_default"):
        value = _int(data.get(key))
        ok = value is not None and HOLD_MIN <= value <= HOLD_MAX
        check(key, value if ok else None, f"must be a whole number from {HOLD_MIN} to {HOLD_MAX}")
        holds[key] = value if ok else None
    low, high, default = (
        holds["hold_seconds_min"],
        holds["hold_seconds_max"],
        holds["hold_seconds_default"],
    )
    if None not in (low, high, default) and not low <= default <= high:
        problems.append("hold_seconds_default: must be between hold_seconds_min and _max")
    spots = _int(data.get("spots_per_side"))
    ok = spots is not None and 1 <= spots <= SPOTS_MAX
    check("spots_per_side", spots if ok else None, f"must be a whole number from 1 to {SPOTS_MAX}")

    image, message = _image(data.get("image"), root)
    check("image", image, message)
    if clean.get("image") and not clean.get("image_alt"):
        problems.append("image_alt: an image needs a text alternative")
    published = data.get("published")
    check("published", published if isinstance(published, bool) else None, "true or false")
    return (None, problems) if problems else (clean, [])


def validate_library(data: Any, *, root: Path = PROJECT_ROOT) -> tuple[list[dict], list[str]]:
    """Every routine in a library file, or the problems as "[index] key: problem" lines."""
    if not isinstance(data, list):
        return [], ["the library must be a JSON array of routine objects"]
    routines: list[dict] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, obj in enumerate(data):
        clean, errors = validate_routine(obj, root=root)
        problems += [f"[{index}] {error}" for error in errors]
        if clean:
            if clean["slug"] in seen:
                problems.append(f"[{index}] slug: duplicates [{seen[clean['slug']]}]")
            seen[clean["slug"]] = index
            routines.append(clean)
    return (routines, []) if not problems else ([], problems)


def as_file_object(routine) -> dict[str, Any]:
    """A routine (model instance) in the library file format."""
    return {key: getattr(routine, key) for key in KEYS}


class LibraryFileError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A repeated key would let a later value silently replace an earlier one.
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise LibraryFileError([f'input: key "{key}" appears more than once'])
        seen[key] = value
    return seen


def parse(raw: bytes) -> Any:
    """JSON text as Python values, or LibraryFileError with one line saying why not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LibraryFileError(["input: not valid JSON (not UTF-8 text)"]) from exc
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise LibraryFileError([f"input: not valid JSON ({exc.msg} at {where})"]) from exc
    except RecursionError as exc:
        raise LibraryFileError(["input: not valid JSON (nested too deeply)"]) from exc


def _no_constants(name: str) -> None:
    raise LibraryFileError([f"input: not valid JSON ({name} is not allowed)"])
