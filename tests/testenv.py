"""Loaded first by pytest (see pyproject): production-like settings for the test run."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
# A fixed Fernet key for the test run (tests that rotate keys change the setting).
os.environ.setdefault("DJANGO_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTAxMjM0NTY=")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in e2e tests
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")  # no connection outlives a live-server test
os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")  # tests that need the queue use it
