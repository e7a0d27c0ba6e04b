"""The hostile corpus: files built to break a load, one function per case, written on demand.

    python -m tests.hostile.make_corpus OUT_DIR      # writes every case (a few hundred MB expanded, ~10 MB on disk)

Nothing here is committed as data: the tests call these functions into a temporary
folder, and each case has one test asserting its exact outcome (tests/hostile/test_*.py).
Classes: archives and workbooks (bombs, too many members, encrypted / corrupt members),
CSV structure (unbalanced quotes, mixed encodings, huge cells, overflowing values),
impossible values (plausibility), pseudonymisation (mentions, replies), terminal and
Markdown payloads in names and values.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

IG_HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",'
    'Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
)


def ig_row(i: int, likes: str = "10", published: str = "10/03/2026 08:24", caption: str = "Bonjour") -> str:
    """One Instagram content-export record (post id 18000000000000000 + i)."""
    return (
        f'{18000000000000000 + i},1,claire,Claire,"{caption}",10,"{published}",'
        f'https://www.instagram.com/reel/P{i}/,"IG reel",,Lifetime,100,80,{likes},1,0,2,3\n'
    )


def ig_csv(n: int = 3) -> str:
    return IG_HEADER + "".join(ig_row(i) for i in range(1, n + 1))


COMMENTS_HEADER = "platform,post_permalink,post_id,comment_id,parent_id,author,published_at,text,likes\n"


def comment_row(
    i: int, author: str = "alice", text: str = "merci", parent: str = "", likes: str = "0"
) -> str:
    return (
        f"instagram,https://www.instagram.com/reel/P1/,18000000000000001,c{i},{parent},{author},"
        f'2026-03-0{1 + i % 8}T10:00:00,"{text}",{likes}\n'
    )


# --------------------------------------------------------------------------- archives and workbooks


def zip_bomb(path: Path, expanded_mb: int = 1024) -> Path:
    """A ZIP of exports: one good CSV and one member of zeros expanding to `expanded_mb` MB (~1000:1)."""
    chunk = b"0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("good/content.csv", ig_csv())
        with z.open("bomb/Table data.csv", "w", force_zip64=True) as f:
            for _ in range(expanded_mb):
                f.write(chunk)
    return path


def zip_many_members(path: Path, n: int = 1001) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for i in range(n):
            z.writestr(f"m{i}.csv", "")
    return path


def _set_flag(data: bytearray, member: str, flag: int) -> None:
    """Set a general-purpose flag bit of `member` in its local and central headers."""
    name = member.encode()
    for sig, flag_off, name_len_off, name_off in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            n = struct.unpack_from("<H", data, i + name_len_off)[0]
            if data[i + name_off : i + name_off + n] == name:
                old = struct.unpack_from("<H", data, i + flag_off)[0]
                struct.pack_into("<H", data, i + flag_off, old | flag)
            start = i + 4


def zip_encrypted_and_corrupt(path: Path) -> Path:
    """A good CSV, a member flagged encrypted, and a member whose compressed bytes are damaged."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a_good.csv", ig_csv())
        z.writestr("b_secret.csv", ig_csv(5))
        z.writestr("c_broken.csv", ig_csv(40))
    data = bytearray(buf.getvalue())
    _set_flag(data, "b_secret.csv", 0x1)
    # damage the compressed stream of c_broken.csv (just after its name in the local header)
    i = data.find(b"c_broken.csv")
    for k in range(i + 20, i + 60):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def xlsx_bomb(path: Path, rows: int = 400_000) -> Path:
    """A workbook whose sheet XML expands ~500:1 (identical rows), to hundreds of MB."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["campaign_id", "name"])
    tmp = io.BytesIO()
    wb.save(tmp)
    src = zipfile.ZipFile(io.BytesIO(tmp.getvalue()))
    row = '<row><c t="inlineStr"><is><t>' + "A" * 400 + "</t></is></c></row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with z.open(item.filename, "w", force_zip64=True) as f:
                    f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData>')  # fmt: skip
                    block = (row * 1000).encode()
                    for _ in range(rows // 1000):
                        f.write(block)
                    f.write(b"</sheetData></worksheet>")
            else:
                z.writestr(item, src.read(item.filename))
    return path


# --------------------------------------------------------------------------- CSV structure


def unbalanced_quote_comments(path: Path, n: int = 1500) -> Path:
    """Row 2 opens a quote it never closes; 1,500 good comments follow (handles user_0001…)."""
    rows = [comment_row(0, "first_user", "début")]
    bad = comment_row(1, "quote_user", "x").replace('"x"', "\"oups, je n'ai pas fermé")
    rows.append(bad)
    rows += [comment_row(i, f"user_{i:04d}", f"commentaire {i}") for i in range(2, n + 2)]
    path.write_text(COMMENTS_HEADER + "".join(rows), encoding="utf-8")
    return path


def swallowing_quote_closed_later(path: Path, n: int = 3000) -> Path:
    """Over 256 KB (DuckDB's fast path first): a quote opened in row 3 is closed by a stray quote
    in row 53, so the swallowed rows form one record with the right number of fields."""
    rows = [comment_row(i, f"user_{i:04d}", f"commentaire {i}") for i in range(n)]
    rows[1] = rows[1].replace('"commentaire 1"', '"oups')
    rows[51] = rows[51].replace('"commentaire 51"', 'fin"')
    path.write_text(COMMENTS_HEADER + "".join(rows), encoding="utf-8")
    return path


def mixed_encoding_comments(path: Path) -> Path:
    """UTF-8 rows with accents, and one row saved in cp1252 in the middle."""
    head = COMMENTS_HEADER + comment_row(1, "alice", "très bien, merci à vous")
    bad = comment_row(2, "bob", "déjà vu").encode("cp1252")
    tail = comment_row(3, "chloé", "été génial")
    path.write_bytes(head.encode() + bad + tail.encode())
    return path


def huge_cell_near_top(path: Path) -> Path:
    """A valid Instagram export whose first post has a 200 KB caption."""
    big = ig_row(1, caption="A" * 200_000)
    path.write_text(IG_HEADER + big + ig_row(2) + ig_row(3), encoding="utf-8")
    return path


def overflowing_values(path: Path) -> Path:
    """A comment export with a like count beyond any integer type; the other rows are fine."""
    rows = comment_row(1, "alice", "ok") + comment_row(2, "bob", "ok", likes="99999999999999999999999")
    rows += comment_row(3, "chloe", "ok")
    path.write_text(COMMENTS_HEADER + rows, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- impossible values


def impossible_posts(path: Path) -> Path:
    """Row 2 is fine; rows 3-7: 1e309 likes, Infinity reach, negative likes, years 0001 and 9999."""
    rows = [ig_row(1), ig_row(2, likes="1e309"), ig_row(3).replace(",80,10,", ",Infinity,10,"),
            ig_row(4, likes="-5"), ig_row(5, published="10/03/0001 08:24"), ig_row(6, published="10/03/9999 08:24")]  # fmt: skip
    path.write_text(IG_HEADER + "".join(rows), encoding="utf-8")
    return path


def impossible_comments(path: Path) -> Path:
    path.write_text(COMMENTS_HEADER + comment_row(1) + comment_row(2, "bob", likes="-3"), encoding="utf-8")
    return path


def impossible_campaigns(path: Path) -> Path:
    path.write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "OK26,Good,Client,onco,2026-01-01,2026-12-31,#ok,1000,EUR\n"
        "NEG26,Negative budget,Client,onco,2026-01-01,2026-12-31,#neg,-1000,EUR\n"
        "OLD,Year one,Client,onco,0001-01-01,2026-12-31,#old,10,EUR\n",
        encoding="utf-8",
    )
    return path


def impossible_roster(path: Path) -> Path:
    path.write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref\n"
        "OK26,instagram,good,Good,health_professional,,5000,100,EUR,\n"
        "OK26,instagram,negfee,Neg fee,health_professional,,5000,-100,EUR,\n"
        "OK26,instagram,negfollow,Neg followers,health_professional,,-5,100,EUR,\n"
        "NOPE26,instagram,ghost,Ghost,health_professional,,5000,100,EUR,\n",
        encoding="utf-8",
    )
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "impossible_posts.csv": impossible_posts,
    "impossible_comments.csv": impossible_comments,
    "a_campaigns.csv": impossible_campaigns,
    "b_roster.csv": impossible_roster,
    "unbalanced_quote.csv": unbalanced_quote_comments,
    "mixed_encoding.csv": mixed_encoding_comments,
    "swallowing_quote.csv": swallowing_quote_closed_later,
    "huge_cell.csv": huge_cell_near_top,
    "overflow.csv": overflowing_values,
    "bomb.zip": zip_bomb,
    "many_members.zip": zip_many_members,
    "encrypted_and_corrupt.zip": zip_encrypted_and_corrupt,
    "bomb.xlsx": xlsx_bomb,
}


def write_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [make(out / name) for name, make in CASES.items()]


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_corpus")):
        print(p)
