"""Pages are gzipped, except where a secret could sit beside text the requester chose (BREACH):
answers to query strings and posts, the account pages and the calendar page."""

import gzip

from django.urls import reverse

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


def test_a_plain_page_is_compressed_and_still_reads_the_same(as_patient, patient):
    response = as_patient.get(reverse("plans:diary"), **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Headache diary" in gzip.decompress(response.content).decode()


def test_pages_answering_a_query_or_holding_account_secrets_are_not_compressed(
    as_patient, as_therapist, patient, anon
):
    for client, url in [
        (as_therapist, reverse("plans:dashboard") + "?q=alex"),
        (as_patient, reverse("plans:calendar")),
        (anon, reverse("account_login")),
    ]:
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url
    posted = as_patient.post(reverse("plans:diary-entry", args=["today"]), {}, **GZIP)
    assert not posted.has_header("Content-Encoding")
