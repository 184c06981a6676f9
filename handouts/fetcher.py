"""A WeasyPrint URL fetcher that serves local static and media files and nothing else.

Refusals raise `URLRefused`, an ordinary `URLFetchingError`: WeasyPrint logs it and leaves
the resource out (an image is omitted, a stylesheet skipped) while the rest of the handout
still renders. `FatalURLFetchingError` is a `BaseException` that aborts the whole render, so
one bad `<img>` would cost the patient their entire plan.
"""

import base64
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

# Give this to WeasyPrint as `base_url`: a template's "/static/css/print.css" then arrives
# here as "file:///static/css/print.css" and is mapped onto the mounted directories.
BASE_URL = "file:///"

MIME_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
DATA_MIME_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif", "image/svg+xml"}

PathLike = str | os.PathLike[str]


class URLRefused(URLFetchingError):
    """A URL the handout renderer will not load."""


def allowed_mime_type(path: PathLike) -> str | None:
    """The MIME type for a file the renderer may load, or None for any other file."""
    return MIME_TYPES.get(os.path.splitext(os.fspath(path))[1].lower())


class SafeURLFetcher(URLFetcher):
    """Serve files under the mounted directories; refuse every other URL.

    `mounts` maps URL path prefixes to directories, searched in order, for example
    `{"/static/": [STATIC_ROOT, *STATICFILES_DIRS], "/media/": [MEDIA_ROOT]}`.
    `file://` URLs naming a path inside any mounted directory are served too.
    """

    def __init__(
        self, mounts: Mapping[str, PathLike | Iterable[PathLike]], *, data_limit: int = 64 * 1024
    ) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.mounts: dict[str, list[str]] = {}
        for prefix, dirs in mounts.items():
            if isinstance(dirs, str | os.PathLike):
                dirs = [dirs]
            real_dirs = [os.path.realpath(d) for d in dirs]
            bad_prefix = not prefix.startswith("/") or not prefix.strip("/")
            if bad_prefix or any(d == os.path.dirname(d) for d in real_dirs):
                raise ValueError(f"Mount {prefix!r} needs a '/' prefix and a directory below '/'.")
            self.mounts["/" + prefix.strip("/") + "/"] = real_dirs
        self.roots = [d for dirs in self.mounts.values() for d in dirs]
        self.data_limit = data_limit

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("/") and not url.startswith("//"):
            url = "file://" + url
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return self._fetch_data(url)
        if scheme != "file":
            raise URLRefused(f"Only local files are served, not {scheme!r} URLs.")
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.netloc not in ("", "localhost") or "\0" in path:
            raise URLRefused("Not a local file.")
        for candidate in self._candidates(path):
            real = os.path.realpath(candidate)
            mime_type = allowed_mime_type(real)
            if mime_type and self._inside_roots(real) and os.path.isfile(real):
                body = Path(real).read_bytes()
                # The real path's URL, because WeasyPrint may reopen `response.path` itself.
                return URLFetcherResponse(Path(real).as_uri(), body, {"Content-Type": mime_type})
        raise URLRefused("Not a servable file inside the static or media directories.")

    def _candidates(self, path: str) -> list[str]:
        # Mounted URL paths first, then the path itself (a file:// URL of a real file).
        mapped = [
            os.path.join(d, path.removeprefix(prefix))
            for prefix, dirs in self.mounts.items()
            if path.startswith(prefix)
            for d in dirs
        ]
        return [*mapped, path]

    def _inside_roots(self, real: str) -> bool:
        return any(os.path.commonpath([real, root]) == root for root in self.roots)

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        if len(url) > self.data_limit * 4 // 3 + 256:
            raise URLRefused("data: URL too large.")
        header, comma, payload = url[len("data:") :].partition(",")
        params = header.split(";")
        mime_type = params[0].strip().lower()
        if not comma or mime_type not in DATA_MIME_TYPES:
            raise URLRefused("Only image data: URLs are served.")
        raw = unquote_to_bytes(payload)
        body = base64.b64decode(raw) if params[-1].strip().lower() == "base64" else raw
        if len(body) > self.data_limit:
            raise URLRefused("data: URL too large.")
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})
