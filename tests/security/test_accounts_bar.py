"""The remaining lines of the accounts and rendering bar, each with its test."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.plans.helpers import diary_post


def test_password_reset_does_not_reveal_whether_an_account_exists(anon, patient, mailoutbox):
    known = anon.post(reverse("account_reset_password"), {"email": patient.user.email})
    unknown = anon.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_there_is_no_remember_me(anon, db):
    page = anon.get(reverse("account_login")).content.decode()
    assert 'name="remember"' not in page


def test_passwords_are_hashed_with_argon2_in_production():
    from headache_clinic import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_user_text_is_escaped_on_pages(as_patient):
    day = timezone.localdate().isoformat()
    as_patient.post(reverse("plans:diary-entry", args=[day]),
                    diary_post(note='<script>alert("x")</script>'))  # fmt: skip
    page = as_patient.get(reverse("plans:diary-entry", args=[day])).content.decode()
    assert '<script>alert("x")</script>' not in page
    # The note comes back in the form's textarea, written by the Jinja2 form templates (&#34;).
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_pdf_renders_are_capped_per_process(monkeypatch, db):
    from handouts import render

    monkeypatch.setattr(render, "RENDER_WAIT_SECONDS", 0.05)
    taken = []
    while render._slots.acquire(blocking=False):
        taken.append(True)
    try:
        assert len(taken) == 2  # PDF_RENDER_CONCURRENCY
        with pytest.raises(render.RenderBusy):
            render.html_to_pdf("<p>hello</p>")
    finally:
        for _ in taken:
            render._slots.release()
    assert render.html_to_pdf("<p>hello</p>").startswith(b"%PDF")
