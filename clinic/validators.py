from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Caps password length so hashing cannot be used to burn CPU (ASVS allows up to 128+)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long. It must contain at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password must contain at most {self.max_length} characters."


# Characters that end a line or control a terminal: CR, LF, NUL, tab and the other C0/C1
# controls (Unicode category Cc), and the Unicode line and paragraph separators.
_BREAKING_CATEGORIES = {"Cc", "Zl", "Zp"}


def _breaking(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) in _BREAKING_CATEGORIES


def single_line(value: str) -> None:
    """For names and other one-line text that may reach an email header, a file name or a
    printed heading: no line breaks and no control characters."""
    if any(_breaking(char) for char in value):
        raise ValidationError(
            "Use one line of text, without line breaks or control characters.",
            code="single_line",
        )


def header_safe(text: str) -> str:
    """`text` fit for an email header: every line break or control character becomes a space.
    The last line of defence, behind `single_line` at input."""
    return " ".join("".join(" " if _breaking(c) else c for c in text).split())


# The largest key a database integer column holds (PostgreSQL bigint; SQLite's INTEGER).
MAX_DATABASE_ID = 2**63 - 1


def database_id(value) -> int | None:
    """`value` as a row id if it is one (ASCII digits, 1 to 2**63 - 1), else None. Checked
    before any query: a 20-digit id overflows SQLite's integer (OverflowError) and
    PostgreSQL's bigint (DataError)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value)
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            return None
        number = int(text)
    return number if 1 <= number <= MAX_DATABASE_ID else None
