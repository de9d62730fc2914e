"""Bad input: one clear stderr line naming the file and the reason, the rest of the batch done, exit 1,
and stdout holding only complete records of the good inputs.

Synthetic bad files are generated in tmp_path; the real malformed files come from ../shared/data.
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli

GOOD = ("The port authority said on Monday that the bridge would reopen next week after repairs. "
        "\u201cThe work is finished,\u201d the chief engineer told reporters.\n")
ROOT = Path(__file__).resolve().parents[1]


def analyze(*args: str, input: bytes | None = None):
    res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-q", *args], input=input)
    records = [json.loads(line) for line in res.stdout.splitlines()]  # every stdout line a whole record
    errors = [line for line in res.stderr.splitlines() if line.strip()]
    return res, records, errors


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_one_error(path: Path, *reason_words: str, extra: tuple[str, ...] = ()):
    """Alone, the file fails with exit 1, no stdout and exactly one stderr line naming it and the reason."""
    res, records, errors = analyze(str(path), *extra)
    assert res.exit_code == 1, res.output
    assert records == [] and res.stdout == ""
    assert len(errors) == 1, errors
    assert str(path) in errors[0] and errors[0].startswith("error: ")
    low = errors[0].lower()
    assert any(w in low for w in reason_words), errors[0]
    return errors[0]


# --- synthetic bad files ----------------------------------------------------------------------------

def test_empty_file(tmp_path):
    assert_one_error(write(tmp_path / "empty.txt", b""), "empty")


def test_whitespace_only_file(tmp_path):
    assert_one_error(write(tmp_path / "blank.txt", b" \n\t\n  \n"), "empty")


def test_binary_file(tmp_path):
    assert_one_error(write(tmp_path / "noise.txt", os.urandom(1) + b"\x00" + bytes(range(256)) * 20), "binary")


@pytest.mark.parametrize("magic,word", [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "pdf"),
                                        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
                                        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "zip"),
                                        (b"\x04\x22\x4d\x18\x64\x40\xa7", "lz4")])
def test_known_binary_formats_are_named(tmp_path, magic, word):
    assert_one_error(write(tmp_path / "story.html", magic + os.urandom(200)), word)


def test_undecodable_bytes_are_refused(tmp_path):
    # control bytes all through: no charset makes text of it
    data = b"Word \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15 " * 40 + b"\xff\xfe\xfd"
    assert_one_error(write(tmp_path / "garbled.txt", data), "binary", "undecodable")


def test_detected_charset_is_used_not_refused(tmp_path):
    text = "Le ministre a déclaré à Genève que la réunion était prévue après l'été, a précisé un porte-parole."
    res, records, errors = analyze(str(write(tmp_path / "cp1252.txt", text.encode("cp1252"))), "--with-text")
    assert res.exit_code == 0 and errors == [] and records[0]["text"] == text


def test_html_without_an_article(tmp_path):
    page = "<!doctype html><html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    assert_one_error(write(tmp_path / "nav.html", page), "no article")


def test_malformed_html(tmp_path):
    assert_one_error(write(tmp_path / "broken.html", "<html><body><div><p><<<>>></div></html>"), "no article", "malformed")


def test_truncated_gzip(tmp_path):
    data = gzip.compress((GOOD * 200).encode())
    assert_one_error(write(tmp_path / "cut.txt.gz", data[: len(data) // 2]), "truncated")


def test_corrupt_gzip(tmp_path):
    data = bytearray(gzip.compress((GOOD * 50).encode()))
    data[20:60] = b"\x00" * 40
    assert_one_error(write(tmp_path / "corrupt.txt.gz", bytes(data)), "corrupt", "truncated")


def test_gzip_bomb_is_refused_at_the_size_limit(tmp_path):
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = comp.compress(b"A" * (20 << 20)) + comp.flush()  # 20 MB of one byte, about 20 KB compressed
    path = write(tmp_path / "bomb.txt.gz", bomb)
    assert_one_error(path, "size limit", extra=("--max-bytes", str(1 << 20)))


def test_nested_gzip_bomb_is_refused(tmp_path):
    data = (GOOD * 10).encode()
    for _ in range(4):
        data = gzip.compress(data)
    assert_one_error(write(tmp_path / "nested.gz", data), "nested", "compressed more than")


def test_nested_gzip_of_a_huge_inner_file_hits_the_limit(tmp_path):
    inner = gzip.compress(b"B" * (8 << 20))
    assert_one_error(write(tmp_path / "inner.gz.gz", gzip.compress(inner)), "size limit",
                     extra=("--max-bytes", str(1 << 20)))


def test_file_over_max_bytes(tmp_path):
    msg = assert_one_error(write(tmp_path / "long.txt", GOOD * 100), "size limit", extra=("--max-bytes", "1000"))
    assert "--max-bytes" in msg


def test_stdin_over_max_bytes():
    res, records, errors = analyze("--max-bytes", "100", "-", input=(GOOD * 10).encode())
    assert res.exit_code == 1 and records == [] and len(errors) == 1 and "<stdin>" in errors[0]


def test_truncated_warc(tmp_path):
    html = "<html><body><article><p>" + GOOD * 20 + "</p></article></body></html>"
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}".encode()
    rec = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:t-1>\r\nWARC-Target-URI: https://t.example/\r\n"
           f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
           f"Content-Length: {len(http)}\r\n\r\n").encode() + http
    assert_one_error(write(tmp_path / "cut.warc", rec[: len(rec) - 400]), "truncated")
    assert_one_error(write(tmp_path / "cut2.warc.gz", gzip.compress(rec + b"\r\n\r\n")[:-300]), "truncated")


def test_warc_without_html_pages(tmp_path):
    rec = (b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:i-1>\r\nContent-Type: application/warc-fields\r\n"
           b"Content-Length: 12\r\n\r\nsoftware: x\n\r\n\r\n")
    assert_one_error(write(tmp_path / "info.warc", rec), "no html page")


def test_feed_without_items(tmp_path):
    xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>'
    assert_one_error(write(tmp_path / "empty.rss", xml), "no items")


def test_feed_items_with_nothing_in_them_are_errors_per_item(tmp_path):
    xml = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
           '<item><title>Bridge reopens</title><description>The bridge reopened, the mayor said.</description></item>'
           '<item><link>https://x.example/empty</link></item></channel></rss>')
    res, records, errors = analyze(str(write(tmp_path / "half.rss", xml)))
    assert res.exit_code == 1 and len(records) == 1 and len(errors) == 1 and "#item-2" in errors[0]


def test_bad_json_lines_are_reported_per_line_and_the_rest_read(tmp_path):
    lines = [json.dumps({"id": "ok1", "text": GOOD}), "{not json", json.dumps([1, 2]), json.dumps({"id": "nt", "title": "x"}),
             json.dumps({"id": "ok2", "text": GOOD})]
    path = write(tmp_path / "mixed.jsonl", "\n".join(lines) + "\n")
    res, records, errors = analyze(str(path))
    assert res.exit_code == 1
    assert [r["id"] for r in records] == ["ok1", "ok2"]
    assert [e.split(": ")[1].rsplit(":", 1)[1] for e in errors] == ["2", "3", "4"]
    assert all(str(path) in e for e in errors)


def test_missing_file_and_sidecar_errors(tmp_path):
    res, records, errors = analyze(str(tmp_path / "nope.txt"))
    assert res.exit_code == 1 and "no such file" in errors[0]
    write(tmp_path / "s.txt", GOOD)
    write(tmp_path / "s.meta.json", "{broken")
    res, records, errors = analyze(str(tmp_path / "s.txt"))
    assert res.exit_code == 1 and len(errors) == 1 and "s.meta.json" in errors[0] and "sidecar" in errors[0]


def test_error_lines_are_single_lines_even_for_multiline_library_messages(tmp_path):
    page = "<!doctype html><html><body><nav>x\ny</nav></body></html>"
    res, _, errors = analyze(str(write(tmp_path / "a\nb.html", page)))
    assert res.exit_code == 1 and len(errors) == 1


def test_directory_with_good_and_bad_files_finishes_the_batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    write(d / "01-good.txt", GOOD)
    write(d / "02-empty.txt", b"")
    write(d / "03-binary.bin", b"\x00\x01\x02" * 500)
    write(d / "04-good.jsonl", json.dumps({"id": "j1", "text": GOOD}) + "\n")
    write(d / "05-trunc.txt.gz", gzip.compress(GOOD.encode() * 100)[:60])
    write(d / "06-nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    sub = d / "sub"
    sub.mkdir()
    write(sub / "07-good.html", "<html><head><title>Bridge</title></head><body><article><p>" + GOOD * 3 + "</p></article></body></html>")
    write(d / ".hidden.txt", b"")  # hidden: skipped, no error
    res, records, errors = analyze(str(d))
    assert res.exit_code == 1
    assert sorted(r["format"] for r in records) == ["html", "jsonl", "text"]
    assert len(errors) == 4
    for name in ("02-empty.txt", "03-binary.bin", "05-trunc.txt.gz", "06-nav.html"):
        assert sum(name in e for e in errors) == 1, (name, errors)


def test_json_output_is_all_or_nothing_valid_with_errors(tmp_path):
    write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "b.txt", b"")
    res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-q", "-f", "json", str(tmp_path)])
    assert res.exit_code == 1
    assert json.loads(res.stdout)["id"] == "a"  # one whole JSON document on stdout


def test_subprocess_cli_reports_bad_file_and_exits_1(tmp_path):
    write(tmp_path / "good.txt", GOOD)
    write(tmp_path / "bad.txt", b"\x00\xff" * 100)
    exe = ROOT / ".venv" / "bin" / "newsgraph"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsgraph"]
    p = subprocess.run([*cmd, "analyze", "--no-nlp", "-q", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert [json.loads(x)["id"] for x in p.stdout.splitlines()] == ["good"]
    errs = [x for x in p.stderr.splitlines() if x.strip()]
    assert len(errs) == 1 and "bad.txt" in errs[0] and "binary" in errs[0]


# --- the real malformed files of ../shared -----------------------------------------------------------

WARC_EXPECT = {
    # file: (articles, error words or None when it must read cleanly)
    "resiliparse/clipped.warc.gz": (0, "truncated"),
    "resiliparse/warcfile.warc.lz4": (0, "lz4"),
    "resiliparse/block-sized-records.warc": (0, "no html page"),
    "resiliparse/block-sized-records.warc.gz": (0, "no html page"),
    "resiliparse/warcfile.warc": (16, None),
    "resiliparse/warcfile.warc.gz": (16, None),
    "resiliparse/clueweb-quirk.warc.gz": (29, None),
    "warcio/example-trunc.warc": (1, "content-length"),
    "warcio/example-bad-non-chunked.warc.gz": (1, None),
    "warcio/example-bad.warc.gz.bad": (1, None),
    "warcio/example-wrong-chunks.warc.gz": (1, None),
    "warcio/example-iana.org-chunked.warc": (1, None),
    "warcio/example-space-in-url.arc": (1, None),
    "warcio/example.arc.gz": (1, None),
    "warcio/bad.arc": (0, "no html page"),
    "warcio/post-test.warc.gz": (0, "no html page"),
    "warcio/example-digest.warc": (0, "no html page"),
}


SLOW_WARCS = {"resiliparse/warcfile.warc", "resiliparse/clueweb-quirk.warc.gz"}  # 16-29 pages each through trafilatura


@pytest.mark.shared
@pytest.mark.parametrize("rel", [pytest.param(r, marks=pytest.mark.slow) if r in SLOW_WARCS else r for r in sorted(WARC_EXPECT)])
def test_real_warc_files(shared, rel):
    path = shared / "data" / "warc" / rel
    n, words = WARC_EXPECT[rel]
    res, records, errors = analyze(str(path))
    assert len(records) == n, errors
    assert all(r["url"] and r["format"] == "warc" for r in records)
    if words is None:
        assert res.exit_code == 0 and errors == [], errors
    else:
        assert res.exit_code == 1 and len(errors) == 1 and str(path) in errors[0] and words in errors[0].lower(), errors


@pytest.mark.shared
def test_real_warc_folder_as_one_batch(shared):
    folder = shared / "data" / "warc" / "warcio"
    res, records, errors = analyze(str(folder))
    assert res.exit_code == 1
    assert len(records) >= 9  # every readable capture of the folder
    bad = {"bad.arc", "post-test.warc.gz", "example-digest.warc", "example-trunc.warc", "example-space-in-target-uri.warc.gz"}
    assert all(any(b in e for b in bad) or "LICENSE" in e for e in errors), errors
    assert all(e.count("\n") == 0 for e in errors)


@pytest.mark.shared
def test_real_feeds_in_odd_encodings_read_without_errors(shared):
    rss = shared / "data" / "rss"
    res, records, errors = analyze(str(rss / "rss-parser" / "uolNoticias.rss"), str(rss / "rss-parser" / "encoding-gb2312.xml"),
                                   str(rss / "feedjira" / "TechCrunch.xml"), str(rss / "feedjira" / "TypePadNews.xml"),
                                   "--with-text")
    assert res.exit_code == 0 and errors == [], errors
    assert len(records) == 15 + 20 + 20 + 10
    texts = " ".join(r["text"] for r in records)
    assert "\ufffd" not in texts and "Ã" not in texts  # no mojibake from a wrong charset
    assert any("não" in r["text"] or "ção" in r["text"] for r in records[:15])


@pytest.mark.shared
def test_real_feed_folder_reports_only_non_feeds(shared):
    res, records, errors = analyze(str(shared / "data" / "rss"))
    assert sum(r["format"] == "feed" for r in records) == 231
    # the folder also holds licences, FORMAT.md (read as text) and rss-parser's expected-output JSONs
    # (not articles): each of those is reported on its own line, and none stops the feeds being read
    assert all(e.startswith("error: ") and e.count("\n") == 0 for e in errors)


def test_bytes_of_no_charset_are_refused_as_undecodable(tmp_path):
    import random

    rnd = random.Random(7)
    data = bytes(rnd.randrange(0x80, 0x100) for _ in range(3000))
    assert_one_error(write(tmp_path / "high.txt", data), "undecodable")


def test_truncated_gzipped_jsonl_keeps_whole_lines_and_reports_the_cut(tmp_path):
    lines = "".join(json.dumps({"id": f"l{i}", "text": GOOD + " x" * i}) + "\n" for i in range(400))
    data = gzip.compress(lines.encode())
    res, records, errors = analyze(str(write(tmp_path / "cut.jsonl.gz", data[: len(data) * 2 // 3])))
    assert res.exit_code == 1 and len(errors) == 1 and "truncated" in errors[0] and "cut.jsonl.gz" in errors[0]
    assert 0 < len(records) < 400 and [r["id"] for r in records] == [f"l{i}" for i in range(len(records))]


def test_warc_whose_pages_hold_no_article_is_one_error(tmp_path):
    nav = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    payload = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{nav}".encode()
    rec = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:n-1>\r\nWARC-Target-URI: https://n.example/\r\n"
           f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(payload)}\r\n\r\n").encode() + payload + b"\r\n\r\n"
    assert_one_error(write(tmp_path / "nav.warc", rec), "no article text")
