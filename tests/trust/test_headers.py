import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories.core import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    return dict(([*part.strip().split(" ", 1), ""])[:2] for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.django_db
def test_headers_public_site_has_strict_csp(client):
    response = client.get("/ja/")

    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_headers_admin_renders_with_csp_and_no_store(client):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert b'id="wagtail-sidebar-props"' in response.content or b"sidebar" in response.content
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_headers_login_page_has_csp(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == "'self'"
    assert b'name="csrfmiddlewaretoken"' in response.content


@pytest.mark.django_db
def test_headers_login_without_csrf_token_is_refused(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    UserFactory(username="tanaka")

    response = strict.post("/admin/login/", {"username": "tanaka", "password": "correct horse battery staple"})

    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


# Django REST framework views are marked csrf_exempt because DRF's SessionAuthentication enforces CSRF itself.
CSRF_ENFORCED_ELSEWHERE = ("admin/api/",)


def test_headers_no_view_is_csrf_exempt():
    exempt = {
        route
        for route, callback in all_patterns()
        if getattr(callback, "csrf_exempt", False) and not route.startswith(CSRF_ENFORCED_ELSEWHERE)
    }

    assert exempt == set()


def production_env(tmp_path):
    # The Playwright fixture (tests/conftest.py) sets DJANGO_ALLOW_ASYNC_UNSAFE for the whole test session; a
    # deployment never has it, and check --deploy rightly refuses it.
    return {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "kizuna.example.jp",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.db'}",
        "KIZUNA_BASE_URL": "https://kizuna.example.jp",
    }


def test_headers_check_deploy_is_clean_under_production_settings(tmp_path):
    (ROOT / "static").mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_headers_frame_options_sameorigin_everywhere_for_wagtail_previews(tmp_path, staff_client, settings):
    script = "import django; django.setup(); from django.conf import settings; print(settings.X_FRAME_OPTIONS)"
    production = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    response = staff_client.get("/admin/")

    assert (production.stdout.strip(), settings.X_FRAME_OPTIONS) == ("SAMEORIGIN", "SAMEORIGIN")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "template",
    [
        "wagtailadmin/panels/inline_panel.html",
        "wagtailadmin/widgets/date_input.html",
        "wagtailadmin/widgets/datetime_input.html",
    ],
)
def test_headers_admin_csp_keeps_unsafe_inline_only_while_wagtail_writes_inline_scripts(template, settings):
    # When Wagtail stops writing inline scripts without a nonce, this fails: then drop 'unsafe-inline' from
    # TRUST_STAFF_CONTENT_SECURITY_POLICY and give the remaining inline scripts request.csp_nonce.
    from django.template.loader import get_template

    source = Path(get_template(template).origin.name).read_text(encoding="utf-8")

    assert "<script>" in source
    assert "'unsafe-inline'" in settings.TRUST_STAFF_CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]


@pytest.mark.django_db
def test_headers_admin_page_without_an_inline_script_of_ours_names_no_nonce(staff_client):
    response = staff_client.get("/admin/")

    assert directives(response)["script-src"] == "'self' 'unsafe-inline'"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["jobs:index", "jobs:detail"])
def test_headers_our_inline_scripts_in_the_workspace_run_by_nonce(page, staff_client, staff_user):
    from tests.factories.jobs import JobFactory

    job = JobFactory(owner=staff_user)

    response = staff_client.get(reverse(page, args=[job.pk] if page == "jobs:detail" else []))
    again = staff_client.get(reverse(page, args=[job.pk] if page == "jobs:detail" else []))

    nonce = re.search(r"'nonce-([A-Za-z0-9+/=]+)'", directives(response)["script-src"]).group(1)
    assert directives(response)["script-src"] == f"'self' 'unsafe-inline' 'nonce-{nonce}'"
    assert re.findall(r"<script nonce=\"([^\"]*)\">", response.content.decode()) == [nonce]
    assert nonce not in directives(again)["script-src"]  # a fresh one for every response


@pytest.mark.django_db
def test_headers_public_and_staff_policies_are_the_configured_ones(client, staff_client, settings):
    def configured(policy):
        return {name: " ".join(str(source) for source in sources) for name, sources in policy["DIRECTIVES"].items()}

    public = directives(client.get("/ja/"))
    staff = directives(staff_client.get("/admin/"))

    assert public == configured(settings.CONTENT_SECURITY_POLICY)
    assert staff == {
        **configured(settings.TRUST_STAFF_CONTENT_SECURITY_POLICY),
        "script-src": "'self' 'unsafe-inline'",
    }
    assert public["script-src"] == "'self'"
    assert public["frame-src"] == "https://www.youtube-nocookie.com https://www.youtube.com https://player.vimeo.com"
    assert (staff["img-src"], staff["frame-src"]) == ("'self' data: blob:", "'self'")
