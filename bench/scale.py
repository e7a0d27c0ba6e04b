"""Relais at agency scale: load, every CLI command and every dashboard page, against DuckDB baselines.

    python bench/scale.py --posts N --comments M --out DIR [--skip pages,cli,...]
    python bench/scale.py --report DIR [DIR...]     # bench/RESULTS.md table from earlier runs

Builds `DIR/relais.duckdb` from the data set of bench/scale_data.py (all six
platforms, real layouts and text lengths; kept in DIR/data and reused when the
sizes match) and writes `DIR/scale.json`: a list of
`{name, seconds, baseline_seconds, ratio, peak_rss_mib}` (plus `goal`, `met`,
`note` and, for sizes, `bytes`/`rows`). Every ratio divides by a baseline
measured in the same run on the same machine:

* loads: DuckDB's own `read_csv` of the same files into a DuckDB file (the
  LinkedIn workbooks, which DuckDB cannot read without its excel extension,
  by openpyxl in read-only mode); each derived step is timed inside the load
  process (campaigns, comment links, reactions, compliance);
* CLI commands: a separate Python process that imports DuckDB and runs the
  equivalent raw aggregate (`relais classify`: a bare `python -c pass`);
* pages: the same raw aggregate in this process. Pages are opened in a real
  Chromium (Playwright) against `streamlit run`: cold = the first visit to a
  freshly started server, warm = a reload; the server time comes from the
  dashboard's own log ($RELAIS_TIMING_LOG, ui/timing.py), with the rows each
  query returned and the server's peak RSS.

Peak RSS: the child's `ru_maxrss` (`os.wait4`) for loads and commands, VmHWM
of the Streamlit process for pages. Warehouse size per table from DuckDB's
storage info (blocks of 256 KiB).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PY = sys.executable
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PAGES = ("overview", "campaigns", "formats", "profiles", "reactions", "compliance", "data")
GIB = 1024**3
# goals of issue 13
GOAL_LOAD_RATIO = 3.0
GOAL_RSS_MIB = 1.5 * 1024
GOAL_COMMENTS_PER_S = 100_000
GOAL_CLI_S = 1.0
GOAL_COMPARE_S = 10.0
GOAL_PAGE_WARM_S = 1.0
GOAL_PAGE_COLD_S = 3.0

# the raw aggregate every "what DuckDB alone takes" baseline of a figure runs
RAW_AGG = """
SELECT {key} AS k, count(*) AS posts,
       sum(coalesce(coalesce(m.likes, m.reactions), 0) + coalesce(m.comments, 0) + coalesce(m.shares, 0)
           + coalesce(m.saves, 0)) AS engagements,
       sum(coalesce(m.reach, m.unique_viewers, m.views, m.impressions)) AS reach
FROM posts p JOIN post_metrics m USING (post_id) LEFT JOIN influencers i USING (influencer_id)
GROUP BY ALL ORDER BY 1
"""


@dataclass
class Row:
    name: str
    seconds: float | None
    baseline_seconds: float | None = None
    ratio: float | None = None
    peak_rss_mib: float | None = None
    goal: str | None = None
    met: bool | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ratio is None and self.seconds is not None and self.baseline_seconds:
            self.ratio = round(self.seconds / self.baseline_seconds, 2)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        extra = d.pop("extra")
        d.update(extra)
        return d


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def mib(kib: float | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


# --------------------------------------------------------------------------- processes


# A small launcher runs each measured command: Linux keeps a process's peak RSS across fork+exec,
# so a child of this (large) process would report at least our own peak; the launcher is tiny.
_LAUNCH = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_pid, status, ru = os.wait4(p.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(ru.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_proc(
    cmd: list[str], env: dict[str, str] | None = None, timeout: float = 7200, stdin: str | None = None
):
    """(seconds, peak RSS MiB, return code, stdout, stderr) of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:  # fmt: skip
        if stdin is not None:
            inp.write(stdin.encode())
            inp.seek(0)
        t = time.perf_counter()
        p = subprocess.Popen([PY, "-S", "-c", _LAUNCH, rss_file.name, *cmd], cwd=ROOT,
                             env={**os.environ, **(env or {})}, stdout=out, stderr=err, stdin=inp)  # fmt: skip
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        seconds = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        rss_text = Path(rss_file.name).read_text().strip()
        rss = mib(int(rss_text)) if rss_text else None
        return (
            seconds,
            rss,
            p.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


def python_baseline(code: str, env: dict[str, str] | None = None) -> tuple[float, float | None]:
    s, rss, rc, _o, e = run_proc([PY, "-c", code], env)
    if rc != 0:
        raise RuntimeError(f"baseline failed: {e[-2000:]}")
    return s, rss


# --------------------------------------------------------------------------- load worker

STEP_FUNCS = (
    ("campaigns", "warehouse.campaigns", "assign_campaigns"),
    ("comment links", "warehouse.campaigns", "relink_comments"),
    ("reactions", "reactions.classify", "classify_new_comments"),
    ("compliance", "warehouse.compliance", "check_posts"),
    ("hashtags", "warehouse.hashtags", "refresh_hashtags"),
    ("post facts", "warehouse.facts", "refresh"),
)


def load_worker(db: str, timings_path: str, paths: list[str]) -> int:
    """Load `paths` with the step functions wrapped by timers (run in a child process)."""
    import importlib

    import warehouse.loader as L
    from warehouse.db import connect

    spent: dict[str, float] = {}

    def timer(label: str, fn):
        def wrapped(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - t

        wrapped.__wrapped__ = fn  # type: ignore[attr-defined]
        return wrapped

    for label, mod, name in STEP_FUNCS:
        m = importlib.import_module(mod)
        if hasattr(m, name):
            setattr(m, name, timer(label, getattr(m, name)))
    L._write = timer("write", L._write)
    for stage in list(L.WRITERS):
        L.WRITERS[stage] = timer(f"write {stage}", L.WRITERS[stage])
    L.load_file = timer("file", L.load_file)
    t = time.perf_counter()
    with connect(db, wait=600) as con:
        summaries = L.load_paths(con, paths)
    total = time.perf_counter() - t
    failed = [s.to_dict() for s in summaries if s.status == "failed"]
    derived = sum(spent.get(label, 0.0) for label, _m, _n in STEP_FUNCS)
    spent["read"] = max(0.0, spent.get("file", 0.0) - spent.get("write", 0.0) - derived)
    out = {
        "total": total,
        "spent": spent,
        "files": len(summaries),
        "rows_read": sum(s.rows_read for s in summaries),
        "loaded": sum(s.loaded for s in summaries),
        "rejected": sum(s.rejected for s in summaries),
        "duplicates": sum(s.duplicates for s in summaries),
        "failed": failed,
        "notes": sorted({n for s in summaries for n in s.notes if "derived" in n or "failed" in n})[:20],
    }
    Path(timings_path).write_text(json.dumps(out, indent=1, default=str))
    return 0 if not failed else 1


# --------------------------------------------------------------------------- phases


def baseline_read(csvs: list[Path], xlsx: list[Path], workdir: Path) -> float:
    """DuckDB read_csv (auto-detect) of every CSV into a table of a fresh DuckDB file; openpyxl for workbooks."""
    import duckdb

    db = workdir / "baseline.duckdb"
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    con = duckdb.connect(str(db))
    for k, f in enumerate(csvs):
        con.execute(f"CREATE TABLE t{k} AS SELECT * FROM read_csv(?)", [str(f)])
    con.close()
    if xlsx:
        import openpyxl

        for f in xlsx:
            wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
            for ws in wb.worksheets:
                for _r in ws.iter_rows(values_only=True):
                    pass
            wb.close()
    s = time.perf_counter() - t
    db.unlink(missing_ok=True)
    return s


def load_phase(label: str, db: Path, paths: list[str], workdir: Path, env: dict[str, str]) -> dict:
    tpath = workdir / f"timings_{re.sub(r'[^a-z0-9]+', '_', label.lower())}.json"
    seconds, rss, rc, out, err = run_proc(
        [PY, str(Path(__file__).resolve()), "--_load", str(db), str(tpath), *paths], env
    )
    if not tpath.exists():
        raise RuntimeError(f"load of {label} crashed ({rc}): {err[-3000:]}")
    t = json.loads(tpath.read_text())
    t.update(seconds=seconds, peak_rss_mib=rss, rc=rc)
    if t["failed"]:
        log(f"{label}: {len(t['failed'])} file(s) failed: {t['failed'][:2]}")
    return t


def table_sizes(db: Path) -> list[Row]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        block = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        rows = []
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1"
        ).fetchall()]  # fmt: skip
        for t in tables:
            n = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            blocks = con.execute(
                "SELECT count(DISTINCT block_id) FROM pragma_storage_info(?) WHERE block_id >= 0", [t]
            ).fetchone()[0]
            rows.append(Row(f"size: {t}", None, extra={"bytes": blocks * block, "rows": n}))
        rows.sort(key=lambda r: -r.extra["bytes"])
        total = db.stat().st_size
        rows.insert(0, Row("size: warehouse file", None, extra={"bytes": total, "rows": None}))
        return rows
    finally:
        con.close()


CLI_COMMANDS: tuple[tuple[str, list[str], str | None, float], ...] = (
    # (name, args, equivalent raw aggregate key or None, goal seconds)
    ("relais --help", ["--help"], None, GOAL_CLI_S),
    ("relais status", ["status"], "p.platform", GOAL_CLI_S),
    ("relais rejects --json", ["rejects", "--json"], "p.platform", GOAL_CLI_S),
    ("relais metrics --by campaign", ["metrics", "--by", "campaign"], "p.campaign_id", GOAL_CLI_S),
    ("relais metrics --by influencer", ["metrics", "--by", "influencer"], "p.influencer_id", GOAL_CLI_S),
    ("relais metrics --by format,profile_type", ["metrics", "--by", "format,profile_type"],
     "p.format, i.profile_type", GOAL_CLI_S),
    ("relais metrics --by platform --json", ["metrics", "--by", "platform", "--json"], "p.platform", GOAL_CLI_S),
    ("relais compare --by format", ["compare", "--by", "format"], "p.format", GOAL_COMPARE_S),
    ("relais compare --by format (again)", ["compare", "--by", "format"], "p.format", GOAL_CLI_S),
    ("relais compare --by profile_type", ["compare", "--by", "profile_type"], "i.profile_type", GOAL_COMPARE_S),
    ("relais compliance", ["compliance"], "p.campaign_id", GOAL_CLI_S),
    ("relais pv", ["pv"], "p.platform", GOAL_CLI_S),
    ("relais products", ["products"], None, GOAL_CLI_S),
    ("relais eval-reactions", ["eval-reactions"], None, None),
    ("relais report --out deck.pptx", ["report", "--out", "{tmp}/deck.pptx"], "p.campaign_id", None),
)  # fmt: skip


def cli_phase(db: Path, workdir: Path, env: dict[str, str]) -> list[Row]:
    rows = []
    relais = [PY, "-m", "cli.main"]
    s0, rss0 = python_baseline("pass")
    one = "id,text\n1,J'ai eu des nausées après la 2e dose de Wegovy, c'est normal ?\n"
    (workdir / "one.csv").write_text(one, encoding="utf-8")
    s, rss, rc, _o, err = run_proc(
        [*relais, "classify", "--input", str(workdir / "one.csv"), "--output", str(workdir / "one_out.csv")],
        env,
    )
    rows.append(Row("relais classify (1 row, process start)", s, s0, peak_rss_mib=rss, goal=f"≤ {GOAL_CLI_S:g} s",
                    met=rc == 0 and s <= GOAL_CLI_S, note=None if rc == 0 else err[-300:]))  # fmt: skip
    for name, args, key, goal in CLI_COMMANDS:
        args = [a.replace("{tmp}", str(workdir)) for a in args]
        if key:
            code = (
                f"import duckdb; c = duckdb.connect({json.dumps(str(db))}, read_only=True); "
                f"c.execute({json.dumps(RAW_AGG.format(key=key))}).fetchall()"
            )
            b, _ = python_baseline(code)
        else:
            b = s0
        log(f"cli: {name}")
        s, rss, rc, out, err = run_proc(
            [*relais, *args, "--db", str(db)] if args != ["--help"] else [*relais, *args], env
        )
        rows.append(
            Row(name, round(s, 3), round(b, 3), peak_rss_mib=rss,
                goal=None if goal is None else f"≤ {goal:g} s, ≤ 1.5 GiB",
                met=None if goal is None else (rc == 0 and s <= goal and (rss or 0) <= GOAL_RSS_MIB),
                note=None if rc == 0 else f"exit {rc}: {err.strip()[-300:]}",
                extra={"output_bytes": len(out)})
        )  # fmt: skip
    return rows


def classification_lengths(workdir: Path) -> list[Row]:
    """Classifier throughput on tweet-length and forum-length texts: cost per character should not grow."""
    import duckdb

    from bench.comment_pool import generate as pool

    texts = pool(60_000, seed=5)
    short = [t[:140] for t in texts if 60 <= len(t)][:40_000]
    long_texts = []
    i = 0
    while len(long_texts) < 8_000:
        s = ". ".join(texts[i : i + 12])
        long_texts.append(s[:460])
        i += 7
    rows = []
    try:
        from reactions.classify import classify_in_duckdb
    except ImportError:
        return [
            Row(
                "classification on real text lengths", None, note="reactions.classify_in_duckdb not available"
            )
        ]
    rates = {}
    for label, items in (("tweet-length (≤140 chars)", short), ("forum-length (460 chars)", long_texts)):
        con = duckdb.connect()
        con.execute(
            "CREATE TABLE x AS SELECT unnest(range(?)) AS id, unnest(?::VARCHAR[]) AS text",
            [len(items), items],
        )
        chars = con.execute("SELECT sum(length(text)) FROM x").fetchone()[0]
        t = time.perf_counter()
        con.execute("SELECT count(*), sum(length(lower(text))) FROM x").fetchone()
        base = time.perf_counter() - t
        t = time.perf_counter()
        classify_in_duckdb(con, "x", "text", "id", into="x_out")
        s = time.perf_counter() - t
        con.close()
        rates[label] = (len(items) / s, chars / s)
        rows.append(Row(f"classify {label}", round(s, 3), round(base, 4),
                        extra={"texts_per_s": round(len(items) / s), "chars_per_s": round(chars / s),
                               "mean_chars": round(chars / len(items), 1)}))  # fmt: skip
    (_, c_short), (_, c_long) = rates.values()
    growth = c_short / c_long  # > 1: a character of a long text costs more than one of a short text
    rows.append(Row("classification: cost per character, long vs short", None,
                    goal="linear in length (ratio ≤ 1.2)", met=growth <= 1.2,
                    extra={"per_char_cost_ratio": round(growth, 2)}))  # fmt: skip
    return rows


# --------------------------------------------------------------------------- pages


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db: Path, logfile: Path, env: dict[str, str]):
    port = _free_port()
    e = {**os.environ, **env, "RELAIS_DB": str(db), "RELAIS_TIMING_LOG": str(logfile),
         "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}  # fmt: skip
    out = open(logfile.with_suffix(".out"), "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [PY, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=e, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {logfile.with_suffix('.out').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start within 90 s")
            time.sleep(0.3)
        yield url, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
        out.close()


def _running(page) -> bool:
    return bool(
        page.evaluate(
            """() => !!document.querySelector(
                '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"],'
                + ' [data-testid="stSkeleton"]')"""
        )
    )


def _wait_done(page, logfile: Path, since: float, name: str, timeout_s: float = 900) -> None:
    """Until the server logged a finished run of this page, nothing ran for a second and the browser is idle."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        recs = _records(logfile, since)
        runs = [r for r in recs if r.get("page") == name]
        last = max((r["at"] for r in recs), default=0)
        if runs and time.time() - last > 1.0 and not _running(page):
            return
        time.sleep(0.2)
    raise TimeoutError(f"page {name} did not finish within {timeout_s} s")


def _records(logfile: Path, since: float) -> list[dict]:
    if not logfile.exists():
        return []
    out = []
    for line in logfile.read_text().splitlines():
        with contextlib.suppress(ValueError):
            r = json.loads(line)
            if r.get("at", 0) >= since:
                out.append(r)
    return out


def pages_phase(db: Path, workdir: Path, env: dict[str, str], baseline: float) -> list[Row]:
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    peak = 0.0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            for name in PAGES:
                logfile = workdir / f"pages_{name}.jsonl"
                logfile.unlink(missing_ok=True)
                with streamlit_server(db, logfile, env) as (url, _proc):
                    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
                    page = ctx.new_page()
                    for phase in ("cold", "warm"):
                        since = time.time()
                        t = time.perf_counter()
                        path = "" if name == PAGES[0] else name  # the default page lives at /
                        if phase == "cold":
                            page.goto(f"{url}/{path}?lang=en", wait_until="domcontentloaded", timeout=300_000)
                        else:
                            page.reload(wait_until="domcontentloaded", timeout=300_000)
                        _wait_done(page, logfile, since, name)
                        browser_s = time.perf_counter() - t - 1.0
                        recs = _records(logfile, since)
                        runs = [r for r in recs if r.get("page") == name]
                        queries = [r for r in recs if "query" in r]
                        first = runs[0]["seconds"] if runs else None
                        total = round(sum(r["seconds"] for r in runs), 3) if runs else None
                        rss = max((r.get("peak_rss_kib") or 0 for r in runs), default=0) / 1024
                        peak = max(peak, rss)
                        errors = page.locator('[data-testid="stException"]').count()
                        goal = GOAL_PAGE_COLD_S if phase == "cold" else GOAL_PAGE_WARM_S
                        max_rows = max((q.get("rows") or 0 for q in queries), default=0)
                        slow = sorted(queries, key=lambda q: -q["seconds"])[:3]
                        rows.append(
                            Row(f"page {name} ({phase})", first, baseline, peak_rss_mib=round(rss, 1),
                                goal=f"≤ {goal:g} s server time, ≤ 1.5 GiB", met=(first is not None and first <= goal
                                and rss <= GOAL_RSS_MIB and not errors),
                                note=f"{errors} exception(s) shown" if errors else None,
                                extra={"server_seconds_all_runs": total, "runs": len(runs),
                                       "browser_seconds": round(browser_s, 2), "queries": len(queries),
                                       "max_rows_returned": max_rows,
                                       "slowest_queries": [(q["query"].rsplit(".", 1)[-1], q["seconds"], q["rows"])
                                                           for q in slow]})
                        )  # fmt: skip
                        log(
                            f"page {name} {phase}: server {first} s (all runs {total}), browser {browser_s:.1f} s"
                        )
                    ctx.close()
        finally:
            browser.close()
    rows.append(
        Row(
            "dashboard peak RSS",
            None,
            peak_rss_mib=round(peak, 1),
            goal="≤ 1.5 GiB",
            met=peak <= GOAL_RSS_MIB,
        )
    )
    return rows


# --------------------------------------------------------------------------- main


def commit() -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        return sha.strip() + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


def run(args: argparse.Namespace) -> list[Row]:
    from bench.scale_data import generate

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    data = Path(args.data).resolve() if args.data else out / "data"
    work = out / "work"
    work.mkdir(exist_ok=True)
    skip = set(filter(None, (args.skip or "").split(",")))
    rows: list[Row] = []
    env = {"RELAIS_KEY_FILE": str(out / "hmac.key"), "PYTHONDONTWRITEBYTECODE": "1"}

    t = time.perf_counter()
    m = generate(data, args.posts, args.comments)
    log(
        f"data set ready in {time.perf_counter() - t:.0f} s: {m['posts']:,} posts, {m['comments']:,} comments"
    )
    post_files = [Path(f) for p in m["files"]["posts"].values() for f in p]
    comment_files = [Path(f) for f in m["files"]["comments"]]
    db = out / "relais.duckdb"

    if "load" not in skip:
        for f in (db, db.with_name(db.name + ".wal")):
            f.unlink(missing_ok=True)
        log("baseline: read_csv of the post files")
        base_posts = baseline_read([f for f in post_files if f.suffix == ".csv"],
                                   [f for f in post_files if f.suffix == ".xlsx"], work)  # fmt: skip
        base_c1 = baseline_read(comment_files[:1], [], work) if comment_files else None
        base_call = baseline_read(comment_files, [], work) if comment_files else None
        log(
            f"baselines: posts {base_posts:.1f} s, first comment file {base_c1} s, all comments {base_call} s"
        )

        roster = load_phase("roster", db, [str(data / "roster")], work, env)
        rows.append(Row("load roster", round(roster["seconds"], 2), peak_rss_mib=roster["peak_rss_mib"],
                        extra={"rows": roster["rows_read"]}))  # fmt: skip
        log("load: posts")
        posts = load_phase("posts", db, [str(data / "exports")], work, env)
        rows += _load_rows(
            f"load {args.posts:,} posts with derived checks", posts, base_posts, posts["rows_read"]
        )
        if comment_files:
            log("load: first comment file")
            c1 = load_phase("comments1", db, [str(comment_files[0])], work, env)
            rows += _load_rows(f"load {c1['rows_read']:,} comments (one file)", c1, base_c1, c1["rows_read"],
                               per_second_goal=GOAL_COMMENTS_PER_S)  # fmt: skip
            if len(comment_files) > 1:
                log("load: remaining comment files")
                rest = load_phase("comments_rest", db, [str(f) for f in comment_files[1:]], work, env)
                base_rest = max(0.0, (base_call or 0) - (base_c1 or 0))
                rows += _load_rows(f"load {rest['rows_read']:,} more comments ({len(comment_files) - 1} files)",
                                   rest, base_rest, rest["rows_read"], per_second_goal=GOAL_COMMENTS_PER_S)  # fmt: skip
    if not db.exists():
        raise SystemExit(f"{db} does not exist: run without --skip load first")
    if "size" not in skip:
        rows += table_sizes(db)
    if "cli" not in skip:
        rows += cli_phase(db, work, env)
    if "classify" not in skip:
        rows += classification_lengths(work)
    if "pages" not in skip:
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        t = time.perf_counter()
        con.execute(RAW_AGG.format(key="p.campaign_id")).fetchall()
        base = time.perf_counter() - t
        con.close()
        rows += pages_phase(db, work, env, round(base, 4))
    meta = {
        "commit": commit(), "posts": args.posts, "comments": args.comments, "when": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(), "python": platform.python_version(), "load_before": os.getloadavg(),
        "data": {k: v for k, v in m.items() if k != "files"},
    }  # fmt: skip
    (out / "scale.json").write_text(json.dumps([r.to_dict() for r in rows], indent=1, default=str))
    (out / "scale_meta.json").write_text(json.dumps(meta, indent=1, default=str))
    return rows


def _load_rows(
    label: str, t: dict, baseline: float | None, n: int, per_second_goal: float | None = None
) -> list[Row]:
    ratio = t["seconds"] / baseline if baseline else None
    rate = n / t["seconds"] if t["seconds"] else None
    goal = (
        f"≥ {per_second_goal:,.0f} rows/s, ≤ 1.5 GiB"
        if per_second_goal
        else f"≤ {GOAL_LOAD_RATIO:g}× baseline, ≤ 1.5 GiB"
    )
    met = (rate >= per_second_goal if per_second_goal else (ratio or 99) <= GOAL_LOAD_RATIO) and (
        t["peak_rss_mib"] or 0
    ) <= GOAL_RSS_MIB
    rows = [Row(label, round(t["seconds"], 2), round(baseline, 2) if baseline else None, peak_rss_mib=t["peak_rss_mib"],
                goal=goal, met=met and not t["failed"],
                note=f"{len(t['failed'])} file(s) failed" if t["failed"] else None,
                extra={"rows_per_s": round(rate) if rate else None, "files": t["files"], "rows_read": t["rows_read"],
                       "loaded": t["loaded"], "rejected": t["rejected"], "duplicates": t["duplicates"]})]  # fmt: skip
    for step in ("read", "write", *(s for s, _m, _n in STEP_FUNCS)):
        if step in t["spent"]:
            rows.append(Row(f"  {label.split(' with')[0]}: {step}", round(t["spent"][step], 2),
                            round(baseline, 2) if baseline else None))  # fmt: skip
    for k, v in t["spent"].items():
        if k.startswith("write ") and v > 0.05:
            rows.append(
                Row(
                    f"  {label.split(' with')[0]}: {k}", round(v, 2), round(baseline, 2) if baseline else None
                )
            )
    return rows


def print_table(rows: list[Row]) -> None:
    for r in rows:
        d = r.to_dict()
        size = f" {d['bytes'] / 1e6:,.1f} MB" if d.get("bytes") is not None else ""
        print(
            f"{r.name:58s} {('' if r.seconds is None else f'{r.seconds:8.2f}s'):>10s} "
            f"{('' if r.ratio is None else f'{r.ratio:7.2f}x'):>9s} "
            f"{('' if r.peak_rss_mib is None else f'{r.peak_rss_mib:7.0f}MiB'):>10s}{size} "
            f"{'' if r.met is None else ('ok' if r.met else 'MISSED')}"
        )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--_load":
        return load_worker(argv[1], argv[2], argv[3:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--comments", type=int, default=1_000_000)
    ap.add_argument("--out", help="folder for relais.duckdb, scale.json and the data set")
    ap.add_argument(
        "--data", help="folder of the generated data set (default OUT/data; reused when sizes match)"
    )
    ap.add_argument("--skip", help="comma-separated phases to skip: load,size,cli,classify,pages")
    ap.add_argument(
        "--report", nargs="+", metavar="DIR", help="write bench/RESULTS.md from these runs' scale.json"
    )
    args = ap.parse_args(argv)
    if args.report:
        from bench.scale_report import write_results

        write_results([Path(d) for d in args.report])
        return 0
    if not args.out:
        ap.error("--out is required")
    rows = run(args)
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
