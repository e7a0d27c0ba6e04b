"""Assemble the hand labels of pass1-short into reactions/data/labelled_real_en_short.csv.

Same label-file format as assemble_en.py (`<n> <codes> [#note]`, codes q t s i a c g p e, `-` none, `x`
skipped); the rows are those of select_short.py. This script only joins the typed labels with the
selection (source, key) and the sha1 of the source text; it decides no label. Skipped rows (not English)
are listed with their reason in labelled_real_en_short_skipped.csv.

    python reactions/data/assemble_short.py --labels /tmp/relais_short [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assemble_en import CODE, HEADER  # noqa: E402
from assemble_en import read_labels as _read_lab  # noqa: E402
from select_short import ROOT, select  # noqa: E402

OUT = Path(__file__).resolve().parent / "labelled_real_en_short.csv"
SKIPPED = OUT.with_name("labelled_real_en_short_skipped.csv")
ANNOTATOR = "pass1-short"


def read_labels(folder: Path) -> dict[int, tuple[str, str, str]]:
    """The typed label files labels_*.txt (assemble_en reads *.lab: same format)."""
    tmp = folder / "_lab"
    tmp.mkdir(exist_ok=True)
    for f in tmp.glob("*.lab"):
        f.unlink()
    for f in sorted(folder.glob("labels_*.txt")):
        (tmp / (f.stem + ".lab")).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return _read_lab(tmp)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=Path("/tmp/relais_short"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    sel = select(a.shared)
    labels = read_labels(a.labels)
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
        rows.append([r.source, r.key, lang, sha, *flags, ANNOTATOR, note])
    for path, header, data in ((OUT, HEADER, rows), (SKIPPED, ["source", "key", "reason"], skipped)):
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(data)
    print(
        f"{len(rows)} rows -> {OUT.name}; {len(skipped)} skipped -> {SKIPPED.name}; {len(sel) - len(labels)} unlabelled"
    )


if __name__ == "__main__":
    main()
