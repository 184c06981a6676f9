"""The manifest, the service worker at the site root, and the marks that tell the worker which
responses it may keep offline, for whom, and when to forget them."""

import json

from PIL import Image

from reminders.middleware import offline_owner
from tests.selfcare.utils import screen


def test_the_manifest_starts_at_today_standalone_in_the_clinics_colour(as_patient, clinic):
    clinic.accent_colour = "#7c3aed"
    clinic.save()
    response = as_patient.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["start_url"], data["display"], data["theme_color"]) == (
        "/today/",
        "standalone",
        "#7c3aed",
    )
    assert data["name"] == clinic.name
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in data["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_the_icons_are_the_sizes_the_manifest_says(settings):
    folder = settings.BASE_DIR / "static" / "img" / "icons"
    for name, size in [("icon-192.png", 192), ("icon-512.png", 512), ("maskable-512.png", 512)]:
        with Image.open(folder / name) as image:
            assert image.size == (size, size)


def test_the_service_worker_is_served_from_the_root_and_never_pinned(anon):
    response = anon.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in b"".join(response.streaming_content)


def test_only_a_patients_own_pages_are_marked_for_keeping(
    as_patient, as_other_patient, as_therapist, patient, other_patient
):
    screen(patient)
    mine = as_patient.get("/today/")
    assert mine["X-Offline-Owner"] == offline_owner(patient.user)
    assert mine["Cache-Control"] == "no-store"
    assert as_other_patient.get("/diary/")["X-Offline-Owner"] == offline_owner(other_patient.user)
    assert offline_owner(patient.user) != offline_owner(other_patient.user)
    assert "X-Offline-Owner" not in as_patient.get("/progress/")
    assert "X-Offline-Owner" not in as_therapist.get("/therapist/")


def test_sign_out_tells_the_browser_to_clear_the_offline_copies(as_patient):
    response = as_patient.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_offline_page_holds_nothing_personal(as_patient, patient):
    page = as_patient.get("/offline/").content.decode()
    assert patient.user.full_name not in page and patient.clinic.name not in page
