"""Only --fix writes, and it writes safely: atomically, in the file's own form (mode, encoding, BOM, line endings,
symlink), never over a file that changed during the run, and an interrupted run leaves every article either as
it was or fully fixed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck import cli
from tqcheck.textio import InputError, defer_signals, read_text, write_atomic

from .conftest import BOM_ENCODINGS

ARTICLE = 'Er sagte "Hallo" und und ging -- weg.\r\nPräsident Tokayev kam am Montag.\r\n'
FIXED = "Er sagte „Hallo“ und ging – weg.\r\nPräsident Tokajew kam am Montag.\r\n"


def fix_cli(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--no-config", "-j", "1", "--format", "concise", *args])
    return int(exc.value.code or 0)


def tmp_leftovers(d: Path) -> list[str]:
    return [p.name for p in d.rglob("*.tqcheck-tmp")]


def test_only_fix_writes(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode())
    before = (p.read_bytes(), p.stat().st_mtime_ns)
    fix_cli(str(p))
    fix_cli("--diff", str(p))
    fix_cli("--statistics", "--format", "json", str(p))
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before
    assert "+Er sagte „Hallo“" in capsys.readouterr().out  # --diff showed the fix it did not write
    fix_cli("--fix", str(p))
    assert p.read_bytes() == FIXED.encode()


@pytest.mark.parametrize("bom, encoding", BOM_ENCODINGS)
def test_fix_keeps_encoding_bom_line_endings_and_mode(capsys, tmp_path, bom, encoding):
    p = tmp_path / "a.txt"
    p.write_bytes(bom + ARTICLE.encode(encoding))
    p.chmod(0o640)
    fix_cli("--fix", str(p))
    assert p.read_bytes() == bom + FIXED.encode(encoding)  # CRLF kept too
    assert p.stat().st_mode & 0o777 == 0o640
    assert tmp_leftovers(tmp_path) == []


def test_fix_keeps_cp1252(capsys, tmp_path):
    p = tmp_path / "legacy.txt"
    p.write_bytes(ARTICLE.encode("cp1252"))
    fix_cli("--fix", str(p))
    assert p.read_bytes() == FIXED.encode("cp1252")
    assert "decoded as Windows-1252" in capsys.readouterr().err


def test_fix_writes_through_a_symlink(capsys, tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(ARTICLE.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fix_cli("--fix", str(link))
    assert link.is_symlink() and real.read_bytes() == FIXED.encode()


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode())
    original = read_text(p)
    p.write_bytes(b"An editor saved this meanwhile.\n")
    os.utime(p, ns=(original.mtime_ns, original.mtime_ns))  # same mtime: the content digest still notices
    with pytest.raises(InputError, match="^changed on disk during the run; not overwritten$"):
        write_atomic(p, FIXED, original)
    assert p.read_bytes() == b"An editor saved this meanwhile.\n"
    assert tmp_leftovers(tmp_path) == []


def test_changed_on_disk_through_cli_is_one_line_and_exit_2(capsys, monkeypatch, tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode())
    import tqcheck.app as app

    real_converge = app.fixes_mod.converge

    def fix_while_someone_edits(text, findings, recheck, **kwargs):
        p.write_bytes(b"Edited during the run.\n")
        return real_converge(text, findings, recheck, **kwargs)

    monkeypatch.setattr(app.fixes_mod, "converge", fix_while_someone_edits)
    code = fix_cli("--fix", "--format", "json", str(p))
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    assert report["errors"] == [
        {"file": str(p), "message": "not fixed: changed on disk during the run; not overwritten"}
    ]
    assert p.read_bytes() == b"Edited during the run.\n"


def test_unencodable_fix_is_refused_and_file_kept(tmp_path):
    p = tmp_path / "legacy.txt"
    p.write_bytes("Preis für Öl: 5 Euro.\n".encode("cp1252"))
    original = read_text(p)
    assert original.encoding == "cp1252"
    with pytest.raises(InputError, match="U\\+20B8 TENGE SIGN, which cp1252 cannot store"):
        write_atomic(p, "Preis für Öl: 5 ₸.\n", original)
    assert p.read_bytes() == "Preis für Öl: 5 Euro.\n".encode("cp1252")


def test_unknown_original_is_refused(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode())
    with pytest.raises(InputError, match="not overwritten"):
        write_atomic(p, FIXED, None)
    assert p.read_bytes() == ARTICLE.encode()


def test_failed_rename_leaves_original_and_no_temp(monkeypatch, tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode())
    original = read_text(p)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tqcheck.textio.os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(p, FIXED, original)
    assert p.read_bytes() == ARTICLE.encode()
    assert tmp_leftovers(tmp_path) == []


class Interrupted(Exception):
    pass


def test_signal_during_write_is_deferred_until_after_rename(monkeypatch, tmp_path):
    """A SIGTERM arriving in the middle of the write is delivered after the rename: the file is fully fixed."""
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode())
    original = read_text(p)
    real_fsync = os.fsync

    def fsync_and_get_killed(fd):
        os.kill(os.getpid(), signal.SIGTERM)
        return real_fsync(fd)

    def handler(signum, frame):
        raise Interrupted

    old = signal.signal(signal.SIGTERM, handler)
    try:
        monkeypatch.setattr("tqcheck.textio.os.fsync", fsync_and_get_killed)
        with pytest.raises(Interrupted):
            write_atomic(p, FIXED, original)
    finally:
        signal.signal(signal.SIGTERM, old)
    assert p.read_bytes() == FIXED.encode()
    assert tmp_leftovers(tmp_path) == []


def test_defer_signals_delivers_each_signal_once_after_the_block():
    seen: list[int] = []
    old = signal.signal(signal.SIGUSR1, lambda s, f: seen.append(s))
    # A shell starts background jobs with SIGINT ignored, and Python then keeps it ignored: install Python's own
    # handler, so the test means the same under `.ci/run &` as in a terminal.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    old_int = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(KeyboardInterrupt):
            with defer_signals():
                os.kill(os.getpid(), signal.SIGINT)
                os.kill(os.getpid(), signal.SIGINT)
                seen.append(0)  # still running: SIGINT was held
        assert seen == [0]
        assert signal.getsignal(signal.SIGINT) is old_int  # handlers restored
    finally:
        signal.signal(signal.SIGUSR1, old)
        signal.signal(signal.SIGINT, before)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_mid_run_every_article_is_original_or_fully_fixed(tmp_path, sig):
    d = tmp_path / "articles"
    d.mkdir()
    body = ARTICLE + "Die Regierung kündigte neue Maßnahmen an, sagte der Sprecher.\r\n" * 8
    fixed = FIXED + "Die Regierung kündigte neue Maßnahmen an, sagte der Sprecher.\r\n" * 8
    n = 150
    for i in range(n):
        (d / f"a{i:04d}.txt").write_bytes(body.encode())
    first = d / "a0010.txt"  # kill once the fix pass is well under way
    proc = subprocess.Popen(
        [sys.executable, "-m", "tqcheck.cli", "--no-config", "-j", "1", "--fix", "-q", str(d)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while proc.poll() is None and first.read_bytes() == body.encode():
            pass  # wait for the fix pass (checking comes first)
        if proc.poll() is None:
            proc.send_signal(sig)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    states = {"original": 0, "fixed": 0}
    for p in sorted(d.iterdir()):
        data = p.read_bytes()
        assert data in (body.encode(), fixed.encode()), f"{p.name} is neither original nor fully fixed"
        states["original" if data == body.encode() else "fixed"] += 1
    print(f"signal {sig}: exit {proc.returncode}, {states}")
    assert tmp_leftovers(d) == []
    assert states["fixed"] >= 1
    if proc.returncode != 0:  # the signal landed before the end: the rest are untouched, not half-written
        assert states["original"] >= 1 or states["fixed"] == n
