"""Security headers, no external URLs, no inline script/style, vendored static files, check --deploy."""

from __future__ import annotations

import re
import secrets
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse

PAGES = ["core:home", "people:staff_list", "core:unit_list", "people:staff_import"]

SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STATIC_RE = re.compile(r'(?:src|href)="(' + re.escape(django_settings.STATIC_URL) + r'[^"?#]+)')


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


@pytest.fixture
def hr_pages(world, login):
    client = login(world.own.users["hr"])
    pages = {}
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        pages[name] = response
    pages["core:login"] = client.__class__().get(reverse("core:login"))  # anonymous
    assert pages["core:login"].status_code == 200
    return pages


def test_csp_has_no_unsafe_inline(hr_pages):
    for name, response in hr_pages.items():
        csp = _csp(response)
        for directive in ("script-src", "style-src"):
            sources = csp.get(directive) or csp["default-src"]
            assert "'unsafe-inline'" not in sources, (name, directive)
            assert "'unsafe-eval'" not in sources, (name, directive)
            assert sources == ["'self'"], (name, directive, sources)
        assert csp["default-src"] == ["'self'"], name
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["object-src"] == ["'none'"], name


def test_frame_and_sniffing_headers(hr_pages):
    for name, response in hr_pages.items():
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


def test_no_external_urls(hr_pages):
    for name, response in hr_pages.items():
        html = response.content.decode()
        for bad in ('src="http', 'href="http', "//cdn", "src='http", "href='http", 'src="//', 'href="//'):
            assert bad not in html, (name, bad)
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html), name


def test_no_inline_script_or_style(hr_pages):
    for name, response in hr_pages.items():
        html = response.content.decode()
        scripts = SCRIPT_RE.findall(html)
        assert scripts, name  # the vendored scripts are there
        for attrs, body in scripts:
            if re.search(r'type\s*=\s*"application/json"', attrs):
                continue
            assert body.strip() == "", (name, body[:80])
            assert "src=" in attrs, (name, attrs)
        assert not re.search(r"\sstyle\s*=", html), name
        assert "<style" not in html.lower(), name
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", html), name  # onclick= etc. need unsafe-inline
        assert "javascript:" not in html.lower(), name


def test_referenced_static_files_exist(hr_pages, client):
    found = set()
    for response in hr_pages.values():
        found.update(STATIC_RE.findall(response.content.decode()))
    assert {
        "/static/jinzai/app.css",
        "/static/jinzai/app.js",
        "/static/vendor/htmx-2.0.11/htmx.min.js",
        "/static/vendor/design-tokens-1.1.9/tokens.css",
    } <= found
    for url in sorted(found):
        relative = url.removeprefix(django_settings.STATIC_URL)
        assert finders.find(relative), url
        response = client.get(url)  # served by whitenoise, no collectstatic needed
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, url


def test_vendored_css_and_js_reference_nothing_external():
    for relative in ("jinzai/app.css", "jinzai/app.js", "vendor/design-tokens-1.1.9/tokens.css"):
        text = Path(finders.find(relative)).read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/)", text), relative
        assert "@import" not in text or "http" not in text, relative


def test_check_deploy_has_no_errors(settings, monkeypatch):
    # conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never does (async.E001)
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(60)
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", "--fail-level", "ERROR", stdout=out, stderr=err)
    assert "System check identified" in out.getvalue() + err.getvalue()
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    # what the settings module promises: security middleware, frame denial, nosniff, referrer, COOP, key
    for check_id in (
        "security.W001",
        "security.W002",
        "security.W006",
        "security.W009",
        "security.W019",
        "security.W022",
        "security.E023",
        "security.E024",
        "security.W018",
    ):
        assert check_id not in ids, check_id
