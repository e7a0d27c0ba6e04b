"""The `relais` command line, the warehouse path rule and loading while the warehouse is busy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from warehouse.db import DEFAULT_DB, connect, resolve_db_path

ROOT = Path(__file__).resolve().parents[2]
RELAIS = [sys.executable, "-m", "cli.main"]

IG = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",'
    'Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
    '18000000000000001,1,claire,Claire,"Bonjour\nOctobre Rose",10,"10/03/2026 08:24",'
    'https://www.instagram.com/reel/A/,"IG reel",,Lifetime,100,80,10,1,0,2,3\n'
    '18000000000000002,1,claire,Claire,"x",10,"10/04/2026 08:24",'
    'https://www.instagram.com/reel/B/,"IG reel",,Lifetime,100,80,dix,1,0,2,3\n'
)


def run(args: list[str], env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    e = {**os.environ, **(env or {})}
    return subprocess.run(RELAIS + args, cwd=ROOT, capture_output=True, text=True, env=e, timeout=timeout)


def test_db_path_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("RELAIS_DB", raising=False)
    assert resolve_db_path(None) == DEFAULT_DB
    monkeypatch.setenv("RELAIS_DB", str(tmp_path / "env.duckdb"))
    assert resolve_db_path(None) == tmp_path / "env.duckdb"
    assert resolve_db_path(tmp_path / "flag.duckdb") == tmp_path / "flag.duckdb"


def test_load_status_rejects_json(tmp_path):
    f = tmp_path / "ig.csv"
    f.write_text(IG, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    r = run(["load", str(f), "--db", str(db), "--json"])
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary[0]["kind"] == "instagram_posts"
    assert (summary[0]["rows_read"], summary[0]["loaded"], summary[0]["rejected"]) == (2, 1, 1)

    st = json.loads(run(["status", "--json", "--db", str(db)]).stdout)
    assert st[0]["file_name"] == "ig.csv" and st[0]["status"] == "loaded" and st[0]["rows_rejected"] == 1
    rej = json.loads(run(["rejects", "--json"], env={"RELAIS_DB": str(db)}).stdout)
    assert rej[0]["row_number"] == 3 and rej[0]["column_name"] == "Likes" and "dix" in rej[0]["reason"]

    human = run(["load", str(f), "--db", str(db)])
    assert human.returncode == 0 and "already_loaded" in human.stdout


def test_load_exits_non_zero_naming_the_file(tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("this,is,not,an,export\n1,2,3,4,5\n")
    r = run(["load", str(bad), "--db", str(tmp_path / "w.duckdb")])
    assert r.returncode == 1
    assert "notes.csv" in r.stderr and "not a recognised export" in r.stderr
    missing = run(["load", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "w.duckdb")])
    assert missing.returncode == 1 and "nope.csv" in missing.stderr


def test_load_waits_while_a_reader_holds_the_warehouse(tmp_path):
    """A dashboard query holding a read-only connection: the load waits, says so, then goes through."""
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass  # create + migrate
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(db)!r}, read_only=True)
            print("holding", flush=True)
            sys.stdin.readline()  # hold the lock until the test says so
            con.close()
        """)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "holding"
    f = tmp_path / "ig.csv"
    f.write_text(IG, encoding="utf-8")
    load = subprocess.Popen(
        RELAIS + ["load", str(f), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_err = load.stderr.readline()  # blocks until the loader reports the busy warehouse
        assert "busy" in first_err and "waiting" in first_err
        assert load.poll() is None  # still waiting, not failed
    finally:
        holder.stdin.write("release\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    out, err = load.communicate(timeout=120)
    assert load.returncode == 0, err
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 1
    con.close()


def test_busy_warehouse_gives_a_message_not_a_traceback(tmp_path):
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('x', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "x"
        r = run(["status", "--db", str(db), "--wait", "1"])
    finally:
        holder.stdin.write("release\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert r.returncode == 1
    assert "in use by another process" in r.stderr and "Traceback" not in r.stderr


def test_help_lists_every_command():
    r = run(["--help"])
    assert r.returncode == 0, r.stderr
    for cmd in (
        "load",
        "status",
        "rejects",
        "metrics",
        "compare",
        "classify",
        "eval-reactions",
        "report",
    ):
        assert cmd in r.stdout
    for cmd in ("load", "metrics", "compare", "report", "pv"):
        sub = run([cmd, "--help"])
        assert sub.returncode == 0, (cmd, sub.stderr)


def test_each_command_is_registered_by_the_module_it_is_mapped_to():
    from cli.main import COMMAND_MODULES, build_parser

    for command in COMMAND_MODULES:
        parser = build_parser([command], everything=False)
        subparsers = next(a for a in parser._actions if a.dest == "command")
        assert command in subparsers.choices, command
    full = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert set(COMMAND_MODULES) <= set(full)


def test_commands_import_only_the_libraries_they_need(tmp_path):
    """Heavy libraries (statsmodels, plotly, pptx, sklearn) load only in the commands that use them."""
    db = tmp_path / "w.duckdb"
    (tmp_path / "one.csv").write_text("id,text\n1,merci docteur\n", encoding="utf-8")
    heavy = ("statsmodels", "plotly", "pptx", "sklearn", "streamlit")
    probe = (
        "import sys, contextlib, io\nfrom cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    code = main(sys.argv[1:])\n"
        f"print(code, [m for m in {heavy!r} if m in sys.modules])"
    )
    for args in (
        ["status", "--db", str(db)],
        ["classify", "--input", str(tmp_path / "one.csv"), "--output", str(tmp_path / "out.csv")],
        ["metrics", "--by", "platform", "--db", str(db)],
    ):
        r = subprocess.run(
            [sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip().endswith("0 []"), (args, r.stdout)


def test_importing_the_cli_or_its_whole_parser_loads_no_heavy_library():
    """`relais` starts fast: importing cli.main loads neither the statistics, chart, slide or learning
    libraries nor pandas/scipy; even --help (every command's parser) leaves the heavy ones and scipy out."""
    heavy = ("statsmodels", "plotly", "pptx", "sklearn", "streamlit", "kaleido")
    probe = (
        "import sys\nimport cli.main\n"
        "first = sorted(m for m in {every!r} if m in sys.modules)\n"
        "cli.main.build_parser()\n"
        "print(first, sorted(m for m in {heavy!r} if m in sys.modules))"
    ).format(every=(*heavy, "scipy", "pandas", "numpy"), heavy=(*heavy, "scipy"))
    r = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[] []", r.stdout
