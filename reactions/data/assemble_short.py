"""Assemble the hand labels of pass1-short into reactions/data/labelled_real_en_short.csv.

Same label-file format as assemble_en.py (`<n> <codes> [#note]`, codes q t s i a c g p e, `-` none, `x`
skipped); the rows are those of select_short.py. This script only joins the typed labels with the
selection (source, key) and the sha1 of the source text; it decides no label. Skipped rows (not English)
are listed with their reason in labelled_real_en_short_skipped.csv.

    python reactions/data/assemble_short.py --labels /tmp/relais_short [--shared ../shared]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assemble_en import read_labels, write  # noqa: E402
from select_short import ROOT, select  # noqa: E402

OUT = Path(__file__).resolve().parent / "labelled_real_en_short.csv"
SKIPPED = OUT.with_name("labelled_real_en_short_skipped.csv")
ANNOTATOR = "pass1-short"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=Path("/tmp/relais_short"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    sel = select(a.shared)
    labels = read_labels(a.labels, "labels_*.txt")
    rows, skipped = write(sel, labels, ANNOTATOR, OUT, SKIPPED)
    print(
        f"{len(rows)} rows -> {OUT.name}; {len(skipped)} skipped -> {SKIPPED.name}; {len(sel) - len(labels)} unlabelled"
    )


if __name__ == "__main__":
    main()
