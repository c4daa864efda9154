"""Inputs an editorial repository throws at tqcheck: every bad one is ONE stderr line naming the file and the
reason, exit 2, and every other file is still checked and reported. Encodings are decoded right or refused,
never mis-decoded silently, and positions stay right whatever the line endings or invisible characters.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck import cli
from tqcheck.document import Document
from tqcheck.files import collect
from tqcheck.runner import load_document
from tqcheck.textio import InputError, decode_bytes, read_text

from .conftest import BOM_ENCODINGS

# "eventuell" after a past tense is the false friend of "eventually": the default pack flags it (ff_eventuell,
# a warning; the CLI runs with --fail-on warning so that it decides the exit code).
FLAGGED = "eventuell"
ARTICLE = "Er wurde eventuell freigelassen.\n"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process (so monkeypatches apply); return exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["--no-config", "--format", "json", "-j", "1", "--fail-on", "warning", *args])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def err_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def assert_one_error(err: str, path: Path | str, reason: str) -> None:
    lines = [line for line in err_lines(err) if "note:" not in line]
    assert lines == [f"tqcheck: {path}: {reason}"], err


def assert_good_checked(out: str, good: Path) -> None:
    assert str(good) in out and "ff_eventuell" in out, out


# ------------------------------------------------------------------ paths
def test_missing_path(capsys, tmp_path, good):
    missing = tmp_path / "nope.txt"
    code, out, err = run_cli(capsys, str(missing), str(good))
    assert code == 2
    assert_one_error(err, missing, "no such file or directory")
    assert_good_checked(out, good)


def test_directory_is_recursed_with_include_exclude_and_gitignore(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".gitignore").write_text("/news/archive/\nsecret.txt\n*.bak.txt\n", encoding="utf-8")
    news = root / "news"
    for rel in ["a.txt", "b.md", "c.bin", "secret.txt", "x.bak.txt", "archive/old.txt", "drafts/d.txt", "sub/s.txt"]:
        (news / rel).parent.mkdir(parents=True, exist_ok=True)
        (news / rel).write_text(ARTICLE, encoding="utf-8")
    (news / "sub" / ".gitignore").write_text("*.txt\n!keep.txt\n", encoding="utf-8")
    (news / "sub" / "keep.txt").write_text(ARTICLE, encoding="utf-8")
    (news / "node_modules").mkdir()
    (news / "node_modules" / "n.txt").write_text(ARTICLE, encoding="utf-8")
    got = collect([str(news)], None, ["drafts/"])
    rel = sorted(Path(i.path).relative_to(news).as_posix() for i in got)
    assert rel == ["a.txt", "b.md", "sub/keep.txt"]
    assert all(i.error is None for i in got)
    only_md = collect([str(news)], ["*.md"], None)
    assert [Path(i.path).name for i in only_md] == ["b.md"]


def test_directory_from_settings_include_exclude_via_cli(capsys, tmp_path, monkeypatch):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "keep.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "art" / "skip.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "art" / "page.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("settings:\n  include: ['*.txt']\n  exclude: ['skip.txt']\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        cli.main(["--format", "json", "-j", "1", "--fail-on", "warning", "art"])
    out, err = capsys.readouterr()
    assert exc.value.code == 1
    assert "keep.txt" in out and "skip.txt" not in out and "page.html" not in out


def test_same_file_twice_is_checked_once(tmp_path, good):
    got = collect([str(good), str(tmp_path), str(good)])
    assert [i.path for i in got] == [str(good)]


def test_symlink_loop(capsys, tmp_path, good):
    a, b = tmp_path / "loop-a.txt", tmp_path / "loop-b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    code, out, err = run_cli(capsys, str(a), str(good))
    assert code == 2
    assert_one_error(err, a, "symbolic link loop")
    assert_good_checked(out, good)


def test_symlink_loop_inside_directory_and_directory_loop(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "l1.txt").symlink_to(d / "l2.txt")
    (d / "l2.txt").symlink_to(d / "l1.txt")
    (d / "dangling.txt").symlink_to(d / "gone.txt")
    (d / "up").symlink_to(tmp_path, target_is_directory=True)  # a directory loop: never followed
    got = {Path(i.path).name: i.error for i in collect([str(d)])}
    assert got == {
        "dangling.txt": "broken symbolic link (its target does not exist)",
        "l1.txt": "symbolic link loop",
        "l2.txt": "symbolic link loop",
        "ok.txt": None,
    }


def test_permission_denied_real_file(capsys, tmp_path, good):
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reading")
        code, out, err = run_cli(capsys, str(locked), str(good))
        assert code == 2
        assert_one_error(err, locked, "permission denied")
        assert_good_checked(out, good)
    finally:
        locked.chmod(0o644)


def test_permission_denied_simulated(capsys, monkeypatch, tmp_path, good):
    """Root reads chmod-000 files, so the OS refusal is simulated where the file is opened."""
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("tqcheck.textio.os.open", fake_open)
    code, out, err = run_cli(capsys, str(locked), str(good))
    assert code == 2
    assert_one_error(err, locked, "permission denied")
    assert_good_checked(out, good)


def test_unreadable_directory_is_reported_not_skipped(monkeypatch, tmp_path):
    d = tmp_path / "d"
    (d / "private").mkdir(parents=True)
    (d / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.fspath(path).endswith("private"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    got = {Path(i.path).name: i.error for i in collect([str(d)])}
    assert got == {"private": "cannot read directory: permission denied", "ok.txt": None}


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (PNG image); not a text article"),
        (b"Hallo\x00Welt", "binary file (NUL byte at offset 5); not a text article"),
        (
            "Hallo Welt, wie geht es?".encode("utf-16-le"),
            "looks like UTF-16 without a byte-order mark; save it as UTF-8",
        ),
    ],
)
def test_binary_file(capsys, tmp_path, good, data, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    code, out, err = run_cli(capsys, str(bad), str(good))
    assert code == 2
    assert_one_error(err, bad, reason)
    assert_good_checked(out, good)


def test_empty_file(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run_cli(capsys, str(empty))
    assert code == 0
    assert err == ""
    assert json.loads(out)["findings"] == []


def test_a_directory_given_as_source_is_one_line(tmp_path):
    with pytest.raises(InputError, match="^is a directory$"):
        read_text(tmp_path)


def test_named_pipe_without_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read_text(fifo).text == ""  # no writer: read as empty at once instead of waiting forever


def test_whole_file_is_read_with_or_without_its_digest(tmp_path):
    """A regular file is read in one call of its size; the digest (only a write back compares it) is optional."""
    text = ("Die Ministerentnahme fand in Astana statt. " * 40_000) + "Ende.\n"  # ~1.7 MB, one line
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    kept, bare = read_text(p), read_text(p, digest=False)
    assert kept.text == bare.text == text
    assert kept.size == bare.size == len(text.encode("utf-8"))
    assert len(kept.digest) == 32 and bare.digest == ""


def test_a_pipe_is_read_to_its_end(tmp_path):
    """A pipe's size is unknown (fstat says 0): it is read in pieces until its writer closes it."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    payload = "„Wir handeln“, sagte sie.\n" * 100_000  # ~2.7 MB: more than one read and one pipe buffer

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as fh:
            fh.write(payload)

    writer = threading.Thread(target=write)
    writer.start()
    with open(fifo, "rb"):  # meets the writer, so read_text never sees a pipe without one
        decoded = read_text(fifo)
    writer.join()
    assert decoded.text == payload


# ------------------------------------------------------------------ encodings
GERMAN = "„Die Bürger müssen handeln“, sagte Groß – er wurde eventuell freigelassen.\n"


@pytest.mark.parametrize("bom, encoding", [*BOM_ENCODINGS, (codecs.BOM_UTF32_LE, "utf-32-le")])
def test_unicode_encodings_decode_with_positions(bom, encoding):
    dec = decode_bytes(bom + GERMAN.encode(encoding))
    assert dec.text == GERMAN and dec.encoding == encoding and dec.bom == bom and dec.note == ""
    doc = Document("x", dec.text)
    i = dec.text.index(FLAGGED)
    assert doc.line_col(i) == (1, i + 1)  # the BOM is not a column


def test_cp1252_is_decoded_right_and_said(capsys, tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(GERMAN.encode("cp1252"))
    dec = read_text(legacy)
    assert dec.text == GERMAN and dec.encoding == "cp1252"
    code, out, err = run_cli(capsys, str(legacy))
    assert err_lines(err) == [
        f"tqcheck: {legacy}: note: not UTF-8; decoded as Windows-1252 (legacy encoding, kept when fixing); "
        "consider saving as UTF-8"
    ]
    assert code == 1 and f'"column": {GERMAN.index(FLAGGED) + 1}' in out  # the right character column


def test_latin1_umlauts_are_decoded():
    assert decode_bytes("Grüße aus Köln: Äpfel für Öl.".encode("latin-1")).text == "Grüße aus Köln: Äpfel für Öl."


@pytest.mark.parametrize(
    "data",
    [
        b"Hallo " + bytes(random.Random(7).randrange(0x80, 0x100) for _ in range(300)),
        b"Text \xc3\x28 mehr",  # one stray byte that cp1252 would turn into "Ã("
        b"abc \xa4\xb5\xbe\xa2\xa6 xyz",
    ],
)
def test_random_high_bytes_are_refused(data):
    with pytest.raises(InputError, match=r"^not valid UTF-8 \(byte 0x[0-9A-F]{2} at line 1, column \d+\)"):
        decode_bytes(data)


def test_invalid_utf8_is_refused_with_place(capsys, tmp_path, good):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Grüße\r\nzweite Zeile ".encode() + b"\xfc")
    code, out, err = run_cli(capsys, str(bad), str(good))
    assert code == 2
    assert_one_error(
        err,
        bad,
        "not valid UTF-8 (byte 0xFC at line 2, column 14) and not Windows-1252 German either: "
        "it mixes UTF-8 ('ü' is UTF-8) with bytes of another encoding",
    )
    assert_good_checked(out, good)


def test_invalid_utf16_after_bom():
    with pytest.raises(InputError, match="after its byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_keep_line_and_column(capsys, tmp_path, eol):
    text = eol.join(["Erste Zeile.", "", "Dann wurde eventuell nichts."]) + eol
    p = tmp_path / "eol.txt"
    p.write_bytes(text.encode())
    doc = load_document(str(p), read_text(p))
    assert doc.raw == text  # line endings are kept, not normalised
    code, out, err = run_cli(capsys, str(p))
    assert code == 1 and '"line": 3' in out and '"column": 12' in out, out


def test_control_characters_are_checked_and_said(capsys, tmp_path):
    p = tmp_path / "ctrl.txt"
    p.write_bytes(b"Ein \x1b[1mText\x07: Er wurde eventuell freigelassen.\n")
    code, out, err = run_cli(capsys, str(p))
    assert err_lines(err) == [
        f"tqcheck: {p}: note: contains 2 control character(s), first U+001B at line 1, column 5; checked as text"
    ]
    assert code == 1 and '"column": 25' in out  # ESC and BEL count one column each


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab\n\t\x1b\x07\x7f\x80\x85\x9f\xa0\xc2«»„é€")) | st.characters(), max_size=40
    )
)
def test_control_characters_found_in_the_bytes_are_those_found_in_the_text(text):
    """A UTF-8 input's control characters are looked for in its bytes (C0 and DEL as single bytes, C1 as C2 80..9F);
    the note (or refusal) must be what the search over the decoded text gives."""
    from tqcheck import textio

    text = text.replace("\x00", "")  # NUL is refused before decoding
    try:
        expected = textio._check_controls(text)
    except InputError as exc:
        with pytest.raises(InputError, match=re.escape(str(exc))):
            textio._utf8_controls(text.encode("utf-8", "surrogatepass"), text)
        return
    assert textio._utf8_controls(text.encode("utf-8", "surrogatepass"), text) == expected


def test_mostly_control_characters_is_binary():
    with pytest.raises(InputError, match="binary data"):
        decode_bytes(bytes(range(1, 32)) * 10)


@pytest.mark.parametrize("invisible", ["\u200b", "\u00a0", "\u200b\u00a0\u200d\ufeff"])
def test_invisible_spaces_keep_positions(engine, invisible):
    text = f"Zeile{invisible}eins.\nDer{invisible}Minister:{invisible} Er wurde eventuell freigelassen."
    doc = Document("x", text)
    findings = [f for f in engine.check(doc) if f.rule == "ff_eventuell"]
    assert len(findings) == 1
    f = findings[0]
    assert doc.raw[f.start : f.end] == f.match == FLAGGED
    assert (f.line, f.column) == (2, text.split("\n")[1].index(FLAGGED) + 1)


# ------------------------------------------------------------------ size (correctness only; bench/fuzz.py stress)
def test_two_megabyte_single_line(tmp_path, engine):
    line = ("Die Regierung hatte eventuell neue Gesetze, sagte der Sprecher am Montag " * 30000)[: 2 * 1024 * 1024]
    p = tmp_path / "long.txt"
    p.write_text(line, encoding="utf-8")
    doc = load_document(str(p), read_text(p))
    findings = [f for f in engine.check(doc) if f.rule == "ff_eventuell"]
    expected = line.count(" eventuell ")
    assert len(findings) == expected
    last = findings[-1]
    assert last.line == 1 and last.column == last.start + 1 and doc.raw[last.start : last.end] == FLAGGED


def test_two_thousand_small_files(capsys, tmp_path):
    d = tmp_path / "many"
    for i in range(2000):
        sub = d / f"{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{i:04d}.txt").write_text(ARTICLE if i % 2 else "Alles in Ordnung.\n", encoding="utf-8")
    (d / "07" / "a0700.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    assert len(collect([str(d)])) == 2000
    code, out, err = run_cli(capsys, str(d))
    assert code == 2
    assert err_lines(err) == [f"tqcheck: {d / '07' / 'a0700.txt'}: binary file (PNG image); not a text article"]
    assert out.count('"rule": "ff_eventuell"') == 1000


def test_each_real_file_once_through_links_and_dot_dot(tmp_path):
    """collect() resolves directories once per run; the result must be os.path.realpath's dedupe."""
    import os

    from tqcheck.files import collect

    (tmp_path / "a" / "b").mkdir(parents=True)
    target = tmp_path / "a" / "b" / "x.txt"
    target.write_text("Text.", encoding="utf-8")
    os.symlink(target, tmp_path / "a" / "link.txt")
    os.symlink(tmp_path / "a" / "b", tmp_path / "a" / "dirlink")
    paths = [str(target), str(tmp_path / "a" / "dirlink" / "x.txt"), str(tmp_path / "a" / "b" / ".." / "b" / "x.txt")]
    assert [i.path for i in collect(paths)] == [str(target)]
    assert len(collect([str(tmp_path / "a"), *paths])) == 1
