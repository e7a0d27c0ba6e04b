"""Assemble the hand labels of pass1-en into reactions/data/labelled_real_en.csv.

The labels are typed by the annotator, one line per selected row, in label files
(`<n> <codes> [@fr] [#note]`, codes: q question, t testimony, s support, i intent, a awareness,
c concern, g tag, p spam, e adverse_event, `-` none, `x` skipped). This script only joins them with
the selection (source, key) and the sha1 of the source text; it decides no label.

    python reactions/data/assemble_en.py --labels /tmp/relais_en_labels [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_en import ROOT, select  # noqa: E402

OUT = Path(__file__).resolve().parent / "labelled_real_en.csv"
SKIPPED = OUT.with_name("labelled_real_en_skipped.csv")  # source, key, reason (no text)
COLS = ["question", "testimony", "support", "intent", "awareness", "concern", "tag", "spam", "adverse_event"]
CODE = dict(zip("qtsiacgpe", COLS))
HEADER = ["source", "key", "lang", "text_sha1", *COLS, "annotator", "note"]


def read_labels(folder: Path, pattern: str = "*.lab") -> dict[int, tuple[str, str, str]]:
    labels: dict[int, tuple[str, str, str]] = {}
    for f in sorted(folder.glob(pattern)):
        for ln, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            body, _, note = line.partition("#")
            lang = "fr" if "@fr" in body else "en"  # a French text in an English corpus keeps lang fr
            body = body.replace("@fr", "")
            m = re.fullmatch(r"\s*(\d+)\s+([-x" + "".join(CODE) + r"]+)\s*", body)
            if not m:
                raise SystemExit(f"{f}:{ln}: bad line {line!r}")
            n, codes = int(m.group(1)), m.group(2)
            if n in labels:
                raise SystemExit(f"{f}:{ln}: row {n} labelled twice")
            if ("x" in codes or "-" in codes) and len(codes) > 1:
                raise SystemExit(f"{f}:{ln}: '-'/'x' must stand alone")
            labels[n] = (codes, note.strip(), lang)
    return labels


def write(
    sel, labels: dict[int, tuple[str, str, str]], annotator: str, out: Path, skipped_out: Path
) -> tuple[list[list[str]], list[tuple[str, str, str]]]:
    """Join the typed labels with the selection (source, key, sha1 of the text) and write both files."""
    rows, skipped = [], []
    for n, r in enumerate(sel.itertuples()):
        if n not in labels:
            continue
        codes, note, lang = labels[n]
        if codes == "x":
            skipped.append((r.source, r.key, note))
            continue
        sha = hashlib.sha1(r.text.encode("utf-8")).hexdigest()[:12]
        flags = ["1" if code in codes else "0" for code in CODE]
        rows.append([r.source, r.key, lang, sha, *flags, annotator, note])
    for path, header, data in ((out, HEADER, rows), (skipped_out, ["source", "key", "reason"], skipped)):
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(data)
    return rows, skipped


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=Path("/tmp/relais_en_labels"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    rows, skipped = write(select(a.shared), read_labels(a.labels), "pass1-en", OUT, SKIPPED)
    print(f"{len(rows)} rows -> {OUT}; {len(skipped)} skipped -> {SKIPPED.name}")
    for s in skipped:
        print("  skipped", *s)


if __name__ == "__main__":
    main()
