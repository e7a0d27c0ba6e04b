"""The dashboard in a real headless Chromium (Playwright), as a person would use it.

One test walks the whole app against a `streamlit run` server on 127.0.0.1:
every page of the navigation (no exception shown), the language switch, a
sidebar filter when the pages offer one, a CSV download (content checked), an
upload on the Data page and the new numbers on the Overview without a restart.
It saves a screenshot of each page in a folder it prints; with
RELAIS_UPDATE_SCREENSHOTS=1 it also refreshes docs/screenshots/ for the README.

Skipped with the reason when Debian's /usr/bin/chromium (or Playwright) is
missing; `.ci/run` installs Chromium. Every wait is bounded.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exports import write_extra_export, write_fixture_exports
from warehouse.db import connect
from warehouse.loader import load_paths

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
SERVER_START_S = 45
WAIT_MS = 30_000
# a whole script run (a page's first run on a loaded machine can take longer than one element wait)
RUN_MS = 90_000
CHART_APPEAR_MS = 2_000
DOC_SHOTS = ROOT / "docs" / "screenshots"
# pages whose screenshot goes into the README (when they exist)
DOC_PAGES = ("overview", "campaigns", "formats", "profiles", "reactions", "compliance", "data")

if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (.ci/run does)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """The warehouse the server reads, in a temp folder.

    Default: the small fixture set (seconds to load, keeps the walk under 90 s).
    RELAIS_BROWSER_DB=path: a copy of an existing warehouse (e.g. one loaded
    with sample_data/, for README screenshots). RELAIS_BROWSER_SAMPLE=1: load
    sample_data/ here (minutes: ~800 posts and 20k comments).
    """
    root = tmp_path_factory.mktemp("browser")
    db = root / "relais.duckdb"
    given = os.environ.get("RELAIS_BROWSER_DB")
    if given:
        shutil.copyfile(given, db)
        return root
    sample = ROOT / "sample_data"
    files = [sample] if os.environ.get("RELAIS_BROWSER_SAMPLE") == "1" else write_fixture_exports(root / "in")
    with connect(db) as con:
        load_paths(con, files)
    return root


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "RELAIS_DB": str(data_dir / "relais.duckdb"),
        "RELAIS_KEY_FILE": str(data_dir / "hmac.key"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    log = open(data_dir / "streamlit.log", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited ({proc.returncode}): {(data_dir / 'streamlit.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {SERVER_START_S} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def shots_dir(data_dir: Path) -> Path:
    d = Path(os.environ.get("RELAIS_SCREENSHOT_DIR") or data_dir / "screenshots")
    d.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser screenshots: {d}")
    return d


# --------------------------------------------------------------------------- helpers


def settle(page, timeout_ms: int = RUN_MS, rerun: bool = True) -> None:
    """Wait until Streamlit has finished the current run (bounded): the app says its script is not
    running (`data-test-script-state`, what Streamlit's own browser tests wait on) and no skeleton.
    The running icon alone is not enough: it is not drawn during every run, so a wait on it could
    return in the middle of a run.

    `rerun`: after a click, the rerun it asks for starts with a short delay, so wait that long
    first; a fresh page load starts in the "initial" state and needs no such pause.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    if rerun:
        page.wait_for_timeout(400)  # the running indicator appears with a short delay
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'
                     && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                     && !document.querySelector(
                       '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"],'
                       + ' [data-testid="stSkeleton"]'); }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(100)


def no_exception(page, where: str) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()[:500]}"


def nav_paths(page, base: str) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for(timeout=WAIT_MS)
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    return [h.replace(base, "").split("?")[0].strip("/") for h in hrefs]


def goto(page, base: str, path: str, lang: str) -> None:
    page.goto(f"{base}/{path}?lang={lang}", wait_until="domcontentloaded")
    settle(page, rerun=False)


def metric_value(page, labels: tuple[str, ...]) -> str | None:
    metrics = page.locator('[data-testid="stMetric"]')
    try:
        metrics.first.wait_for(timeout=WAIT_MS)
    except sync_api.TimeoutError:
        return None
    for i in range(metrics.count()):
        m = metrics.nth(i)
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        if label in labels:
            return m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return None


def wait_for_charts(page, timeout_ms: int = 15_000) -> None:
    """Plotly draws after the run ends, and Streamlit mounts charts lazily: wait (bounded, not
    an error) until every chart of the page has its SVG.

    A page without charts (Posts, Data, a page whose selection is empty) is not waited on for the
    whole bound: charts that do not show up within CHART_APPEAR_MS of the finished run are none.
    """
    try:
        page.wait_for_function(
            """() => document.querySelector('[data-testid="stPlotlyChart"]') !== null""",
            timeout=CHART_APPEAR_MS,
        )
    except sync_api.TimeoutError:
        return
    try:
        page.wait_for_function(
            """() => { const els = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
                       return els.length > 0 && els.every(el => el.querySelector('.main-svg')); }""",
            timeout=timeout_ms,
        )
    except sync_api.TimeoutError:
        pass
    page.wait_for_timeout(150)


def shot(page, folder: Path, name: str) -> Path:
    wait_for_charts(page)
    path = folder / f"{name or 'overview'}.png"
    page.screenshot(path=str(path))
    return path


def try_sidebar_filter(page) -> bool:
    """Change the first sidebar multiselect (a filter) if the pages offer one; True when done."""
    boxes = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    if boxes.count() == 0:
        return False
    options = page.locator('[role="option"]')
    for _attempt in range(3):  # a click during a rerun can be swallowed, as with the language switch
        boxes.first.click()
        try:
            options.first.wait_for(timeout=10_000)
            break
        except sync_api.TimeoutError:
            page.keyboard.press("Escape")
            settle(page)
    else:
        pytest.fail("the sidebar filter's options never opened")
    texts = options.all_inner_texts()
    # one real value (e.g. one campaign), not the widget's own "Select all"
    pick = next((i for i, t in enumerate(texts) if not re.search(r"select all|tout s", t, re.I)), None)
    if pick is None:
        page.keyboard.press("Escape")
        return False
    options.nth(pick).click()
    page.keyboard.press("Escape")
    settle(page)
    return True


def block_outside(page, server: str) -> list[str]:
    """Abort every request not addressed to the local server; the list records what tried."""
    outside: list[str] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith(server) or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    page.route("**/*", route)
    return outside


def watch_navigation(page, seconds: float = 60.0) -> set[str]:
    """Every entry the sidebar navigation shows while the app starts (sampled every 100 ms), until
    it has been drawn for two seconds. The bound is generous: on a loaded machine the
    first run can take more than 12 s to draw the navigation (then nothing was seen and the walk
    failed); on a quiet one the loop ends within seconds."""
    seen: set[str] = set()
    deadline = time.monotonic() + seconds
    stable = 0
    while time.monotonic() < deadline:
        texts = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
                     .map(a => a.innerText.trim())"""
        )
        seen.update(texts)
        stable = stable + 1 if texts else 0
        if stable >= 20:  # two seconds of a drawn navigation
            break
        page.wait_for_timeout(100)
    return seen


def font_px(page, selector: str) -> float:
    """Computed font size of the innermost text element of the first match."""
    return float(
        page.locator(selector)
        .first.evaluate(
            """e => { let n = e; while (n.firstElementChild) n = n.firstElementChild;
                      return getComputedStyle(n).fontSize; }"""
        )
        .replace("px", "")
    )


# --------------------------------------------------------------------------- the walk


def test_walk_the_dashboard(server: str, data_dir: Path, shots_dir: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    taken: dict[str, Path] = {}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            ctx = browser.new_context(viewport=VIEWPORT, locale="fr-FR", accept_downloads=True)
            ctx.set_default_timeout(WAIT_MS)
            page = ctx.new_page()
            # never leave the machine: only the local server may be reached, and nothing tries
            outside = block_outside(page, server)

            # a cold start on /overview (the URL people share): the page, never "Page not found", and
            # the navigation never lists internal modules, not even while the app starts
            page.goto(f"{server}/overview", wait_until="commit")
            seen = watch_navigation(page)
            settle(page)
            no_exception(page, "overview")
            assert "campagnes d'influence santé" in page.locator("h1").first.inner_text()
            assert page.get_by_text("Page not found").count() == 0
            assert page.get_by_text("Page introuvable").count() == 0
            titles = set(page.locator('[data-testid="stSidebarNav"] a').all_inner_texts())
            assert seen and seen <= titles | {""}, f"navigation showed {sorted(seen - titles)}"

            # language: the sidebar switch turns the app to English and says so in the URL
            switch = page.locator(
                '[data-testid="stSidebar"] [data-testid="stRadioOption"]', has_text="English"
            )
            for _attempt in range(3):  # a click during the first run's rerun can be swallowed
                switch.click()
                try:
                    page.wait_for_function("() => location.search.includes('lang=en')", timeout=10_000)
                    break
                except sync_api.TimeoutError:
                    settle(page)
            else:
                pytest.fail("the language switch did not change the URL to lang=en")
            settle(page)
            page.get_by_role("heading", name="Relais — health influencer campaigns").wait_for()
            posts_before = metric_value(page, ("Posts",))

            # every page of the navigation renders without an exception
            paths = nav_paths(page, server)
            assert "overview" in paths and "data" in paths, paths
            for path in paths:
                goto(page, server, path, "en")
                no_exception(page, path)
                print(f"  {path}: {time.monotonic() - started:.0f} s")
                taken[path] = shot(page, shots_dir, path)

            # a sidebar filter, when the pages have one, reruns the page cleanly
            goto(page, server, "", "en")
            if try_sidebar_filter(page):
                print("sidebar filter changed on the Overview")
                no_exception(page, "overview after a filter")
                filtered = metric_value(page, ("Posts",))
                if posts_before is not None and filtered is not None:
                    assert int(filtered.replace(",", "")) <= int(posts_before.replace(",", ""))
                page.reload()
                settle(page)

            # French on a page other than the Overview (the first load above was French)
            goto(page, server, "data", "fr")
            no_exception(page, "data (fr)")
            page.get_by_role("heading", name="Données : charger les exports et le roster").wait_for()
            print(f"pages walked in {time.monotonic() - started:.0f} s: {paths}")

            # Data page: download the roster template (a CSV) and check its content
            goto(page, server, "data", "en")
            page.get_by_role("tab", name="Roster template").click()
            button = page.locator('[data-testid="stDownloadButton"] button', has_text=".csv").first
            with page.expect_download(timeout=WAIT_MS) as dl_info:
                button.click()
            dl = dl_info.value
            target = tmp_path / dl.suggested_filename
            dl.save_as(str(target))
            assert target.suffix == ".csv"
            header = target.read_text(encoding="utf-8").splitlines()[0]
            assert header.startswith("campaign_id,"), header

            # Data page: upload a new export, load it, see the ledger grow
            extra = write_extra_export(tmp_path / "Nov-01-2026_Nov-15-2026_1784146358.csv")
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(extra))
            page.locator('[data-testid="stFileChip"]').first.wait_for()
            submit = page.locator('[data-testid="stBaseButton-primaryFormSubmit"]', has_text="Load")
            submit.click()  # waits until the upload has finished (the button is disabled meanwhile)
            page.get_by_text("Done: 1 file(s) processed.").wait_for(timeout=60_000)
            settle(page)
            no_exception(page, "data after upload")
            page.get_by_text("Last load").wait_for()
            taken["data"] = shot(page, shots_dir, "data")

            # the Overview shows the new posts without restarting the app
            goto(page, server, "", "en")
            posts_after = metric_value(page, ("Posts",))
            if posts_before is not None:
                if posts_after is None:
                    shot(page, shots_dir, "overview_failed")
                    pytest.fail(
                        f"no Posts metric on the Overview after the upload: {page.inner_text('body')[:800]}"
                    )
                assert int(posts_after.replace(",", "")) == int(posts_before.replace(",", "")) + 16
            taken["overview"] = shot(page, shots_dir, "overview")
            ctx.close()
        finally:
            browser.close()
    assert not outside, f"requests tried to leave the machine: {outside[:5]}"

    if os.environ.get("RELAIS_UPDATE_SCREENSHOTS") == "1":
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        for name in DOC_PAGES:
            if name in taken:
                shutil.copyfile(taken[name], DOC_SHOTS / f"{name}.png")
        print(f"README screenshots refreshed in {DOC_SHOTS}")
    took = time.monotonic() - started
    print(f"browser walk: {took:.0f} s")
    # reported, never asserted: speed targets live in bench/ (a timed assertion fails on a loaded box)


def test_every_page_in_both_languages_and_presenting(server: str, shots_dir: Path) -> None:
    """Screenshots of every page in French, English and presentation mode; presenting enlarges the
    headline numbers (a paragraph rule once shrank them from 36 to 22 px) and fits one chart per screen."""
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            ctx = browser.new_context(viewport=VIEWPORT, locale="en-US")
            ctx.set_default_timeout(WAIT_MS)
            page = ctx.new_page()
            outside = block_outside(page, server)
            goto(page, server, "overview", "en")
            paths = [p or "overview" for p in nav_paths(page, server)]
            assert "overview" in paths and "data" in paths, paths
            normal_px = font_px(page, '[data-testid="stMetricValue"]')
            for lang in ("en", "fr"):
                for path in paths:
                    goto(page, server, path, lang)
                    no_exception(page, f"{path} ({lang})")
                    shot(page, shots_dir, f"{path}_{lang}")
            for path in paths:
                page.goto(f"{server}/{path}?lang=en&present=1", wait_until="domcontentloaded")
                settle(page, rerun=False)
                no_exception(page, f"{path} (presenting)")
                shot(page, shots_dir, f"{path}_present")
                if path == "overview":
                    big = font_px(page, '[data-testid="stMetricValue"]')
                    assert big >= 1.3 * normal_px, f"presenting: headline {big}px vs {normal_px}px on screen"
                charts = page.locator('[data-testid="stPlotlyChart"] .main-svg')
                for i in range(charts.count()):
                    box = charts.nth(i).bounding_box()
                    if box:
                        assert box["height"] <= VIEWPORT["height"], f"{path}: a chart taller than the screen"
            ctx.close()
        finally:
            browser.close()
    assert not outside, f"requests tried to leave the machine: {outside[:5]}"
    print(f"page screenshots (en, fr, presenting): {shots_dir}")


def test_client_deck_downloaded_from_the_overview_and_every_slide_saved(
    server: str, shots_dir: Path, tmp_path: Path
) -> None:
    """The deck a person downloads from the Overview, each slide rendered by LibreOffice and saved
    beside the page screenshots (slides/deck_<lang>/slide-N.png)."""
    import io
    import shutil as _shutil

    from pptx import Presentation

    from reports.report import slide_images

    if not (_shutil.which("soffice") and _shutil.which("pdftoppm")):
        pytest.skip("LibreOffice (libreoffice-impress) and pdftoppm are needed; .ci/run installs them")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            ctx = browser.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
            ctx.set_default_timeout(WAIT_MS)
            page = ctx.new_page()
            outside = block_outside(page, server)
            for lang, prepare, download in (
                ("en", "Prepare the report", "Download the report"),
                ("fr", "Préparer le rapport", "Télécharger le rapport"),
            ):
                goto(page, server, "overview", lang)
                page.get_by_role("button", name=prepare).click()
                button = page.locator('[data-testid="stDownloadButton"] button', has_text=download)
                button.wait_for(timeout=180_000)
                with page.expect_download(timeout=WAIT_MS) as dl_info:
                    button.click()
                dl = dl_info.value
                assert dl.suggested_filename.endswith(f"_{lang}.pptx"), dl.suggested_filename
                target = tmp_path / dl.suggested_filename
                dl.save_as(str(target))
                deck = target.read_bytes()
                n = len(Presentation(io.BytesIO(deck)).slides)
                pages = slide_images(deck, shots_dir / "slides" / f"deck_{lang}", dpi=80)
                assert len(pages) == n >= 8, (len(pages), n)
            ctx.close()
        finally:
            browser.close()
    assert not outside, f"requests tried to leave the machine: {outside[:5]}"
    print(f"deck slides: {shots_dir / 'slides'}")
