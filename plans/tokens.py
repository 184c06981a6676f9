"""Server-issued form tokens: each rendered create form carries a fresh signed UUID, and the row
it creates stores it under a unique constraint, so a double click or a retried request stores
one row."""

import uuid

from django import forms
from django.core import signing

SALT = "plans.form-token"
MAX_AGE = 2 * 24 * 60 * 60


def new_token() -> str:
    return signing.dumps(uuid.uuid4().hex, salt=SALT)


class TokenField(forms.CharField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        kwargs.setdefault(
            "error_messages", {"required": "This form has expired; please try again."}
        )
        super().__init__(max_length=200, **kwargs)

    def clean(self, value) -> uuid.UUID:
        value = super().clean(value)
        try:
            return uuid.UUID(signing.loads(value, salt=SALT, max_age=MAX_AGE))
        except (signing.BadSignature, ValueError, TypeError):
            raise forms.ValidationError(
                "This form has expired; please reload the page and try again.", code="token"
            ) from None


class TokenFormMixin:
    """Adds the hidden `token` field with a fresh value on every unbound render."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"] = TokenField()
        if not self.is_bound:
            self.initial["token"] = new_token()
