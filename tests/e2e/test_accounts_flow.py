"""A new patient signs up and confirms their email; a therapist logs in with TOTP."""

import re

import pytest

from clinic.models import User
from tests.factories import PASSWORD, make_clinic, make_user, totp_code


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_patient_signs_up_confirms_email_and_lands_on_home(page, visitor, mailoutbox, viewport):
    clinic = make_clinic(name="Harbour Headache Clinic")
    page.goto("/")
    assert "/accounts/login/" in page.url
    visitor.check("login")
    page.get_by_role("link", name=re.compile("sign up", re.I)).first.click()
    visitor.check("signup")
    page.get_by_label("Email").fill("dana@example.test")
    page.get_by_label("Your name").fill("Dana Hughes")
    page.get_by_label(re.compile(r"^Password:?$")).fill("quiet river lantern 42")
    page.get_by_label(re.compile(r"Password \(again\)")).fill("quiet river lantern 42")
    page.get_by_label(re.compile("Clinic code")).fill(clinic.join_code)
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"))
    visitor.check("verification-sent")

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)
    page.goto(link.group(1))
    visitor.check("confirm-email")
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    page.wait_for_url(re.compile("/today/"))
    visitor.check("home")
    assert "Hello, Dana Hughes" in page.content()
    assert User.objects.get(email="dana@example.test").patient.clinic == clinic


def test_therapist_logs_in_with_a_totp_code(page, visitor):
    clinic = make_clinic(name="Harbour Headache Clinic")
    therapist = make_user(User.Role.THERAPIST, clinic, full_name="Sam Rivera")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(therapist.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile("/accounts/2fa/authenticate/"))
    visitor.check("totp")
    page.get_by_label(re.compile("code", re.I)).fill(totp_code())
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile("/therapist/$"))
    visitor.check("patients")
    assert page.get_by_role("heading", name="Your patients").is_visible()
