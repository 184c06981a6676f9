"""The account pages speak in the site's voice: sentence case, no buttons that do nothing,
valid markup around the password help."""

import re

from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.conftest import login


def main_of(response) -> str:
    return response.content.decode().split('id="main"')[1]


def headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    ]


def test_one_verified_address_offers_no_make_primary_resend_or_remove(patient):
    EmailAddress.objects.update_or_create(
        user=patient.user, email=patient.user.email, defaults={"verified": True, "primary": True}
    )
    main = main_of(login(patient.user).get(reverse("account_email")))
    assert "Your email address" in main and patient.user.email in main
    for action in ("action_primary", "action_send", "action_remove"):
        assert action not in main
    assert "Make Primary" not in main and "Re-send Verification" not in main


def test_an_unverified_second_address_can_be_resent_made_main_or_removed(patient):
    EmailAddress.objects.update_or_create(
        user=patient.user, email=patient.user.email, defaults={"verified": True, "primary": True}
    )
    EmailAddress.objects.create(user=patient.user, email="second@example.test", verified=False)
    main = main_of(login(patient.user).get(reverse("account_email")))
    assert main.count('name="action_send"') == 1
    assert 'name="action_primary"' in main and 'name="action_remove"' in main


def test_account_pages_use_sentence_case_headings(patient, anon):
    client = login(patient.user)
    pages = [
        client.get(reverse("account_change_password")),
        client.get(reverse("mfa_index")),
        anon.get(reverse("account_reset_password")),
        anon.get(reverse("account_login")),
        anon.get(reverse("account_signup")),
    ]
    found = [h for response in pages for h in headings(main_of(response))]
    assert "Change password" in found and "Two-factor authentication" in found
    assert "Sign in" in found and "Sign up" in found and "Password reset" in found
    title_case = [h for h in found if re.search(r"\s[A-Z][a-z]", h.split(",")[0][1:])]
    assert title_case == [], title_case


def test_the_signup_page_puts_no_list_inside_a_paragraph(anon, db):
    html = anon.get(reverse("account_signup")).content.decode()
    paragraphs = re.findall(r"<p[\s>](.*?)</p>", html, re.S)
    assert not [p for p in paragraphs if "<ul" in p or "<div" in p]
    assert 'name="password1"' in html and 'class="field' in html
