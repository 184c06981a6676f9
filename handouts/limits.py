"""A per-user rate limit for PDF rendering, kept in the shared cache so it holds across workers."""

import time

from django.core.cache import cache

PDF_LIMIT = 30  # renders
PDF_WINDOW = 60  # seconds


def take(user_id: int, *, action: str = "pdf") -> int:
    """Count one use; return 0 when allowed, else the seconds until the window resets."""
    limit, window = PDF_LIMIT, PDF_WINDOW
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{action}:{user_id}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    return 0 if used <= limit else start + window - now
