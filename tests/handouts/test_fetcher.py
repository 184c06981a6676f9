import base64
import io
import socket
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import HTTPRedirectHandler

import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from handouts.fetcher import BASE_URL, SafeURLFetcher, URLRefused, allowed_mime_type


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#2f6f73").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def roots(tmp_path: Path) -> dict[str, Path]:
    static, media, outside = tmp_path / "static", tmp_path / "media", tmp_path / "outside"
    for folder in (static / "css", static / "img", media, outside):
        folder.mkdir(parents=True)
    (static / "css" / "print.css").write_text("@page { size: A5 }")
    (static / "img" / "dot.png").write_bytes(png_bytes())
    (static / "notes.txt").write_text("not an asset")
    (outside / "secret.png").write_bytes(png_bytes())
    (static / "img" / "escape.png").symlink_to(outside / "secret.png")
    (static / "linked").symlink_to(outside, target_is_directory=True)
    return {"static": static, "media": media, "outside": outside}


@pytest.fixture
def fetcher(roots: dict[str, Path]) -> SafeURLFetcher:
    return SafeURLFetcher({"/static/": [roots["static"]], "/media/": roots["media"]})


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)


@pytest.fixture
def no_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)


def test_serves_a_stylesheet_by_its_root_relative_url(fetcher: SafeURLFetcher) -> None:
    response = fetcher.fetch(urljoin(BASE_URL, "/static/css/print.css"))
    assert response.read() == b"@page { size: A5 }"
    assert response.content_type == "text/css"


def test_serves_a_file_url_naming_a_real_path_inside_a_root(
    fetcher: SafeURLFetcher, roots: dict[str, Path]
) -> None:
    response = fetcher.fetch((roots["static"] / "img" / "dot.png").as_uri())
    assert response.read() == png_bytes()
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "/static/../../etc/passwd",
        "file:///static/../../etc/passwd",
        urljoin(BASE_URL, "/static/../../etc/passwd"),
        "/static/../outside/secret.png",
        "/static/%2e%2e/outside/secret.png",
        "/static//etc/passwd",
        "/static/img/dot.png%00.css",
        "file://evil.example/static/img/dot.png",
        "//evil.example/static/img/dot.png",
        "/static/img/missing.png",
        "/static/img/",
    ],
)
def test_refuses_paths_outside_the_roots_without_reading_anything(
    fetcher: SafeURLFetcher, no_reads: None, url: str
) -> None:
    with pytest.raises(URLRefused):
        fetcher.fetch(url)


@pytest.mark.parametrize("url", ["/static/img/escape.png", "/static/linked/secret.png"])
def test_refuses_a_symlink_inside_the_static_root_that_points_outside(
    fetcher: SafeURLFetcher, no_reads: None, url: str
) -> None:
    with pytest.raises(URLRefused):
        fetcher.fetch(url)


def test_refuses_files_of_types_a_handout_never_needs(fetcher: SafeURLFetcher) -> None:
    with pytest.raises(URLRefused):
        fetcher.fetch("/static/notes.txt")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "https://example.com/x.png",
        "HTTPS://example.com/x.png",
        "ftp://example.com/x.png",
        "gopher://example.com/",
    ],
)
def test_refuses_network_urls_without_opening_a_connection(
    fetcher: SafeURLFetcher, no_network: None, url: str
) -> None:
    with pytest.raises(URLRefused):
        fetcher.fetch(url)


def test_never_follows_redirects(fetcher: SafeURLFetcher) -> None:
    assert not any(isinstance(handler, HTTPRedirectHandler) for handler in fetcher.handlers)


def test_serves_a_small_image_data_url(fetcher: SafeURLFetcher) -> None:
    url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    assert fetcher.fetch(url).read() == png_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "data:image/png;base64," + "A" * 200_000,
        "data:text/html,<script>alert(1)</script>",
        "data:text/css,body{}",
        "data:,plain",
    ],
)
def test_refuses_large_or_non_image_data_urls(fetcher: SafeURLFetcher, url: str) -> None:
    with pytest.raises(URLRefused):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("print.css", "text/css"),
        ("a/b/figure.PNG", "image/png"),
        ("photo.jpeg", "image/jpeg"),
        ("font.woff2", "font/woff2"),
        ("passwd", None),
        ("settings.py", None),
        ("db.sqlite3", None),
        ("page.html", None),
    ],
)
def test_allowed_mime_type_knows_only_handout_assets(path: str, expected: str | None) -> None:
    assert allowed_mime_type(path) == expected


@pytest.mark.parametrize("mounts", [{"/static/": "/"}, {"/": "static"}, {"static/": "static"}])
def test_refuses_to_mount_the_filesystem_root_or_a_bad_prefix(mounts: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        SafeURLFetcher(mounts)


def image_xobjects(reader: PdfReader) -> list[object]:
    found = []

    def walk(resources: object) -> None:
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject)
            else:
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def render(fetcher: SafeURLFetcher, body: str) -> PdfReader:
    html = f'<link rel="stylesheet" href="/static/css/print.css"><body>{body}</body>'
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    return PdfReader(io.BytesIO(pdf))


def test_a_handout_with_hostile_urls_renders_and_embeds_nothing(
    fetcher: SafeURLFetcher, no_network: None
) -> None:
    reader = render(
        fetcher,
        "<p>Routine notes: &lt;img src=&quot;file:///etc/passwd&quot;&gt;</p>"
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<img src="/static/img/escape.png">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<a rel="attachment" href="/static/../../etc/passwd">diary</a>',
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Routine notes" in text
    assert 'src="file:///etc/passwd"' in text  # the escaped user text, shown as text
    assert "root:" not in text
    assert reader.attachments == {}
    assert image_xobjects(reader) == []


def test_a_static_image_and_stylesheet_are_used(fetcher: SafeURLFetcher) -> None:
    reader = render(fetcher, '<p>Suboccipital release</p><img src="/static/img/dot.png">')
    assert len(image_xobjects(reader)) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (420, 595)  # A5 from the served stylesheet
