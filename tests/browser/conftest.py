"""Session fixtures for the site builds and the browser: each site is built once per test session.

Every test that uses these carries xdist_group("site") (and `make test` runs pytest with --dist loadgroup),
so the builds happen once, on one worker, while the other worker runs the rest of the suite.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from hostile import hostile_package  # noqa: E402
from sitebuild import build, materialise, serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--no-first-run", "--disable-domain-reliability",
]


def _built(tmp_path_factory, name: str, fixture: str | None, states: str = "", make_package=None) -> Path:
    base = tmp_path_factory.mktemp(name)
    package = materialise(fixture, base / "package") if fixture else None
    if make_package is not None:
        package = make_package(base / "package")
    site = base / "site"
    result = build(site, package, states)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build of {name} failed:\n{result.stderr[-4000:]}")
    site.joinpath(".build-log").write_text(result.stderr, encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "fixture", "site_package")


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Path:
    """A one-state preview of the fixture (ATLAS_STATES=VA): only Virginia's county pages are built."""
    return _built(tmp_path_factory, "preview", "site_package", states="VA")


@pytest.fixture(scope="session")
def preview_url(preview_site):
    with serve(preview_site) as url:
        yield url


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "xss", "site_package_xss")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """Every payload of tests/site/hostile.py in every free-text field and name, every URL a script URL."""
    return _built(tmp_path_factory, "hostile", None, make_package=hostile_package)


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    with serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real package, every state: what `make site` builds."""
    return _built(tmp_path_factory, "real", None)


@pytest.fixture(scope="session")
def fixture_url(fixture_site):
    with serve(fixture_site) as url:
        yield url


@pytest.fixture(scope="session")
def xss_url(xss_site):
    with serve(xss_site) as url:
        yield url


@pytest.fixture(scope="session")
def real_url(real_site):
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source(repo_root) -> str:
    path = repo_root / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.skip("node_modules/axe-core is missing: run npm ci (make test does)")
    return path.read_text(encoding="utf-8")
