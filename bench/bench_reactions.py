"""Reaction classifier: speed at real lengths, memory of `relais classify`, and quality per labelled set.

    python bench/bench_reactions.py [--n 1000000] [--rules-n 100000] [--skip speed,memory,quality] [--no-write]

Speed: the SMM4H task-2 English tweets (../shared/corpora, real tweets naming a medicine, ~100 characters)
replicated to `--n` rows, classified by reactions-2.0 as a whole (normalisation, categories, adverse event
with its score, products from the lexicon, explanations of flagged rows) in one process and split over two
worker processes (2 cores), against rules-1.1 in DuckDB (its one-query form, 2 threads) on the first
`--rules-n` rows of the same text, measured in the same run. Target: >= 50,000 comments/s on 2 cores.

Memory: `relais classify` on a CSV of the same `--n` rows, in a child process; its peak resident memory
(ru_maxrss). Target: < 1.5 GiB.

Quality: every named set of `reactions.corpus` (held-out split), precision / recall / F1 with 95%
intervals, for reactions-2.0 and rules-1.1.

Results go to bench/RESULTS.md between the reactions markers, with the commit that produced them.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- reactions:start -->", "<!-- reactions:end -->"
GIB = 1024**3


def _commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        return sha + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def smm4h_texts(n: int) -> list[str]:
    from reactions.corpus import read_source

    base = list(read_source("smm4h_en")["text"])
    reps = n // len(base) + 1
    return (base * reps)[:n]


def _worker(texts: list[str]) -> tuple[int, int]:
    from reactions.model import classifier

    res = classifier().classify(texts)
    return len(res), int(res.column("adverse_event").sum())


def bench_speed(n: int, rules_n: int) -> tuple[list[str], dict[str, float]]:
    import duckdb
    import pandas as pd

    from reactions.classify import RULES_VERSION, classify_in_duckdb
    from reactions.model import MODEL_VERSION, classifier

    texts = smm4h_texts(n)
    mean_len = sum(map(len, texts[:20000])) / min(n, 20000)
    t = time.perf_counter()
    clf = classifier()
    init_s = time.perf_counter() - t
    clf.classify(texts[:2000])  # warm-up (lazy tables)
    t, cpu = time.perf_counter(), time.process_time()
    res = clf.classify(texts)
    one_s, one_cpu = time.perf_counter() - t, time.process_time() - cpu
    ae_share = float(res.column("adverse_event").mean())
    with_products = sum(1 for p in res.products if p) / n
    del res
    # forum-length posts: the same tweets five at a time (~500 characters), same number of characters
    posts = [" ".join(texts[i : i + 5]) for i in range(0, n - 4, 5)]
    t = time.perf_counter()
    clf.classify(posts)
    long_s = time.perf_counter() - t
    chars, long_chars = sum(map(len, texts)), sum(map(len, posts))
    ctx = get_context("fork")
    half = n // 2
    t = time.perf_counter()
    with ctx.Pool(2) as pool:
        parts = pool.map(_worker, [texts[:half], texts[half:]])
    two_s = time.perf_counter() - t
    assert sum(p[0] for p in parts) == n

    con = duckdb.connect(config={"threads": 2})
    frame = pd.DataFrame({"id": range(rules_n), "text": texts[:rules_n]})
    con.register("src", frame)
    con.execute("CREATE TABLE bench_comments AS SELECT * FROM src")
    t = time.perf_counter()
    classify_in_duckdb(con, "bench_comments", "text", "id", into="bench_out")
    rules_s = time.perf_counter() - t
    con.close()
    r1, r2, rr = n / one_s, n / two_s, rules_n / rules_s
    lines = [
        "### Speed at real lengths",
        "",
        f"{n:,} rows: the {len(set(texts)):,} SMM4H 2020 task-2 training tweets (mean {mean_len:.0f} characters) "
        "replicated. Whole classification: normalisation, 8 categories + adverse event with its score, products "
        "(medicine lexicon), explanations of every labelled row.",
        "",
        "| classifier | rows | seconds | comments/s | × rules-1.1 |",
        "|---|---|---|---|---|",
        f"| {MODEL_VERSION}, one process | {n:,} | {one_s:.1f} | {r1:,.0f} | {r1 / rr:.1f}× |",
        f"| {MODEL_VERSION}, two worker processes (2 cores) | {n:,} | {two_s:.1f} | **{r2:,.0f}** | {r2 / rr:.1f}× |",
        f"| {RULES_VERSION}, DuckDB one query, 2 threads (first {rules_n:,} rows) | {rules_n:,} | {rules_s:.1f} | "
        f"{rr:,.0f} | 1.0× |",
        "",
        f"Cost per character (one process): tweets (mean {chars / n:.0f} characters) "
        f"{one_s / chars * 1e9:,.0f} ns; forum-length posts (the same tweets five at a time, mean "
        f"{long_chars / len(posts):.0f} characters, {len(posts):,} posts, {long_s:.1f} s) "
        f"{long_s / long_chars * 1e9:,.0f} ns: ratio {(long_s / long_chars) / (one_s / chars):.2f} "
        "(1.00 = linear in length).",
        "",
        f"CPU time of the one-process run: {one_cpu:.1f} s, i.e. {n / one_cpu:,.0f} comments per CPU-second (what "
        "one uncontended core would do; on a shared machine the wall-clock rates above are lower).",
        "",
        f"Target >= 50,000 comments/s on 2 cores: **{'met' if r2 >= 50000 else 'NOT met'}** ({r2:,.0f}/s). "
        f"Classifier start (model file + lexicon tables): {init_s * 1000:.0f} ms. "
        f"Flagged as possible adverse events: {100 * ae_share:.1f}% of rows; rows naming a product: "
        f"{100 * with_products:.1f}%.",
    ]
    return lines, {"one": r1, "two": r2, "rules": rr}


def bench_memory(n: int) -> list[str]:
    texts = smm4h_texts(n)
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d) / "comments.csv", Path(d) / "out.csv"
        with src.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "text"])
            w.writerows((str(i), t) for i, t in enumerate(texts))
        size = src.stat().st_size
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "cli.main", "classify", "--input", str(src), "--output",
                               str(out)], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        rows = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
    return [
        "### `relais classify` on a million rows",
        "",
        f"Input: {n:,} rows, {size / 1e6:.0f} MB CSV; output {rows:,} rows. Wall time {wall:.1f} s "
        f"({n / wall:,.0f} rows/s end to end, reading and writing the CSV included); peak resident memory "
        f"**{rss / GIB:.2f} GiB** (target < 1.5 GiB: **{'met' if rss < 1.5 * GIB else 'NOT met'}**). The file is "
        "read and written in chunks of 100,000 rows, so memory does not grow with the file.",
    ]


def bench_quality() -> list[str]:
    from reactions.classify import RulesClassifier
    from reactions.evaluate import MACRO, evaluate_sets
    from reactions.model import classifier, shipped_model

    model = classifier()
    rules = RulesClassifier()
    meta = shipped_model().meta
    fig_m = evaluate_sets(model, split="heldout")
    fig_r = evaluate_sets(rules, split="heldout")
    lines = [
        "### Quality on held-out real text",
        "",
        "Every set is split by key (train 60% / dev 20% / held-out 20%); reactions-2.0 never saw a held-out row and "
        "nothing was tuned on them. P / R / F1 with 95% intervals (Wilson for P and R, bootstrap for F1). "
        f"PV threshold (adverse event): {dict(zip(shipped_model().labels, shipped_model().thresholds))['adverse_event']:.3f}, "
        f"chosen for out-of-fold recall >= {meta.get('pv_target_recall')} on train + dev.",
        "",
        "| set | rows | label | support | reactions-2.0 P | R | F1 | rules-1.1 P | R | F1 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def ci(v: object, c: object) -> str:
        if v is None:
            return "–"
        lo, hi = c  # type: ignore[misc]
        return f"{v:.2f} [{lo:.2f}–{hi:.2f}]" if lo is not None else f"{v:.2f}"

    for name, fm in fig_m.items():
        if "missing" in fm:
            lines.append(f"| {name} | – | not available: {fm['missing']} | | | | | | | |")
            continue
        fr = fig_r[name]
        for lab, m in fm["labels"].items():
            r = fr["labels"].get(lab, {})
            if lab == MACRO:
                lines.append(f"| {name} | {fm['rows']} | **macro-F1** ({len(m['categories'])} categories) | | | | "
                             f"{ci(m['f1'], m['f1_ci'])} | | | {ci(r.get('f1'), r.get('f1_ci', (None, None)))} |")  # fmt: skip
                continue
            lines.append(
                f"| {name} | {fm['rows']} | {lab} | {m['support']} | {ci(m['precision'], m['precision_ci'])} | "
                f"{ci(m['recall'], m['recall_ci'])} | {ci(m['f1'], m['f1_ci'])} | "
                f"{ci(r.get('precision'), r.get('precision_ci', (None, None)))} | "
                f"{ci(r.get('recall'), r.get('recall_ci', (None, None)))} | {ci(r.get('f1'), r.get('f1_ci', (None, None)))} |"
            )
    return lines


def _write_results(text: str) -> None:
    """Replace (or append) the reactions section of bench/RESULTS.md, leaving the others untouched."""
    body = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{START}\n{text.rstrip()}\n{END}"
    if START in body and END in body:
        body = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, body, flags=re.S)
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="rows for the speed and memory runs")
    ap.add_argument("--rules-n", type=int, default=100_000, help="rows for the rules-1.1 baseline")
    ap.add_argument("--skip", default="", help="comma-separated: speed, memory, quality")
    ap.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    from reactions.corpus import missing_sources

    if missing_sources(sources=["smm4h_en"]):
        print("../shared/corpora is not here: nothing to measure on real text.", file=sys.stderr)
        return 2
    from reactions.model import MODEL_VERSION

    load = os.getloadavg()
    sections: list[str] = []
    if "speed" not in skip:
        sections += bench_speed(args.n, args.rules_n)[0] + [""]
    if "memory" not in skip:
        sections += bench_memory(args.n) + [""]
    if "quality" not in skip:
        sections += bench_quality() + [""]
    load_after = os.getloadavg()
    head = [
        "## Reaction classifier (`reactions.model`, reactions-2.0) on real text",
        "",
        f"Generated by `bench/bench_reactions.py --n {args.n}` at commit {_commit()} on "
        f"{time.strftime('%Y-%m-%d %H:%M')}, classifier `{MODEL_VERSION}`, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({platform.machine()}). Load average before {load[0]:.1f}, after "
        f"{load_after[0]:.1f} (the machine is shared with other engineers' runs; both sides of every ratio "
        "ran under the same conditions).",
        "",
    ]
    text = "\n".join(head + sections)
    print(text)
    if not args.no_write:
        _write_results(text)
        print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
