"""Reading articles and writing fixes without ever losing a user's text.

Reading: bytes are decoded strictly. UTF-8 (with or without BOM) and UTF-16/32 with a BOM are accepted; a
file that is not valid UTF-8 but is plainly Windows-1252/Latin-1 German is decoded as such *and the user is told*;
anything else (images, NUL bytes, undecodable or random bytes) is refused with the reason. A wrong guess would
shift every column and let --fix write mojibake back, so the legacy guess is deliberately strict. Line endings
and invisible characters are kept as they are, so offsets, line numbers and fixes all refer to the file as it
is on disk.

Writing: only ``--fix`` writes articles, through :func:`write_atomic`: a temporary file (random name, O_EXCL) in
the same directory, fsync, then ``os.replace`` over the original, keeping mode, owner, encoding, BOM and
symlinks; a file that changed on disk since it was read (checked again right before the rename) is left alone,
so are read-only and hard-linked files, and SIGINT/SIGTERM/SIGHUP arriving mid-write are held until the rename
is done, so an interrupted run leaves every article either as it was or fully fixed. Reports (``-o``) and
baselines are written the same way by :func:`replace_file`.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import re
import signal
import stat
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

MAX_BYTES = 256 * 1024 * 1024  # refuse absurd inputs instead of exhausting memory

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Signatures of files that end up in article folders by accident; naming the type beats "invalid UTF-8".
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (a .docx/.odt document?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
]
# Non-ASCII characters German copy in Windows-1252 plausibly contains. Anything else counts against the guess.
_CP1252_GERMAN = set("äöüÄÖÜßéèêëàáâçóòôúùûíìîïñÉÈÀÇ„“”‘’‚‹›«»–—…€\u00a0°§²³·×½¼¾£©®")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
# UTF-8 encodings of common German characters: if these are present, the file is UTF-8 with damage, not cp1252.
_UTF8_GERMAN = [ch.encode("utf-8") for ch in "äöüÄÖÜß„“–"]
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_DEFERRED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class InputError(Exception):
    """A file that cannot be checked; the message is one line naming the reason (the caller adds the path)."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text plus what is needed to write it back unchanged in form and to notice concurrent edits."""

    text: str
    encoding: str
    bom: bytes = b""
    note: str = ""  # said to the user (e.g. "decoded as Windows-1252")
    mtime_ns: int = 0
    size: int = 0
    digest: str = ""  # of the bytes as read; write_atomic refuses when the file on disk no longer matches
    dev: int = 0  # the file's identity as read: an editor's save-by-rename makes it another file
    ino: int = 0


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _where(data: bytes, offset: int) -> str:
    """'line L, column C' of a byte offset, counting columns in characters of the valid prefix."""
    prefix = data[:offset]
    line = prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n") + 1
    last = max(prefix.rfind(b"\n"), prefix.rfind(b"\r"))
    col = len(prefix[last + 1 :].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {col}"


def _text_where(text: str, index: int) -> str:
    prefix = text[:index]
    line = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1
    last = max(prefix.rfind("\n"), prefix.rfind("\r"))
    return f"line {line}, column {index - last}"


def _check_controls(text: str) -> str:
    """Refuse text that is mostly control characters (binary); otherwise return a note if there are any.

    A stray ESC or BEL pasted from a terminal is checked like any other character (one column each), but the
    user is told, since such characters are invisible in most editors and break some outputs.
    """
    if "\x00" in text:
        raise InputError(f"binary file (NUL character at {_text_where(text, text.index(chr(0)))}); not a text article")
    m = _CONTROL.search(text)
    if m is None:
        return ""
    first = m.start()
    count = len(_CONTROL.findall(text, first))
    if not count:
        return ""
    if count > 64 and count * 20 > len(text):
        raise InputError(f"binary data ({count} control characters); not a text article")
    return (
        f"contains {count} control character(s), first U+{ord(text[first]):04X} at {_text_where(text, first)};"
        " checked as text"
    )


# _CONTROL in UTF-8: its ASCII characters are these bytes (which never occur inside a multi-byte sequence), and
# U+0080..U+009F are the two-byte sequences C2 80..C2 9F (C2 is only ever a lead byte).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _utf8_controls(data: bytes, text: str) -> str:
    """``_check_controls(text)`` for ``text`` decoded from the UTF-8 ``data``, answered from the bytes when they
    hold no control character (nearly always): deleting the control bytes and one search with a literal lead
    byte are byte-level passes, where the character-class search over the decoded text tests every position."""
    if len(data.translate(None, _CONTROL_BYTES)) == len(data) and _C1_UTF8.search(data) is None:
        return ""
    return _check_controls(text)


def _cp1252_refusal(data: bytes) -> str | None:
    """Why ``data`` is not plausibly German Windows-1252 text, or None if it is.

    Random or foreign bytes almost always decode to *something* in cp1252, so a decode succeeding proves nothing:
    the non-ASCII characters must be ones German copy uses, letters must sit inside words, and they must be rare.
    """
    undefined = sorted({b for b in data if b in _CP1252_UNDEFINED})
    if undefined:
        return f"byte 0x{undefined[0]:02X} is not defined in Windows-1252"
    for seq in _UTF8_GERMAN:
        if seq in data:
            return f"it mixes UTF-8 ({seq.decode('utf-8')!r} is UTF-8) with bytes of another encoding"
    text = data.decode("cp1252")
    high = [m.start() for m in _NON_ASCII.finditer(text)]
    unusual = [text[i] for i in high if text[i] not in _CP1252_GERMAN]
    if len(set(unusual)) > 3 or len(unusual) > len(high) // 10:
        return "its non-ASCII bytes do not look like German text"
    visible = len(text) - sum(text.count(ws) for ws in " \t\r\n")
    if len(high) * 4 > max(visible, 1):
        return "too many non-ASCII bytes for German text"
    stray = 0
    run = 0
    prev = -2
    for i in high:
        run = run + 1 if i == prev + 1 else 1
        prev = i
        if run > 4:
            return "long runs of non-ASCII bytes"
        ch = text[i]
        if ch.isalpha():
            left = text[i - 1] if i > 0 else " "
            right = text[i + 1] if i + 1 < len(text) else " "
            if not (left.isalpha() or right.isalpha()):
                stray += 1
    if stray > len(high) // 50:
        return "its non-ASCII letters stand outside words"
    if _check_controls(text):  # control bytes next to legacy bytes: binary, not an old article
        return "it contains control characters"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article's bytes, or raise :class:`InputError` with a one-line reason. Never anything else."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {enc.upper()} after its byte-order mark at byte {exc.start + len(bom)}"
                ) from None
            return Decoded(text, enc, bom, note=_check_controls(text))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}); not a text article")
    nul = data.find(b"\x00")
    if nul >= 0:
        if len(data) >= 4 and (data[1::2].count(0) * 2 >= len(data) // 2 or data[0::2].count(0) * 2 >= len(data) // 2):
            raise InputError("looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(f"binary file (NUL byte at offset {nul}); not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return Decoded(text, "utf-8", note=_utf8_controls(data, text))
    why = _cp1252_refusal(data)
    if why is None:
        return Decoded(
            data.decode("cp1252"),
            "cp1252",
            note="not UTF-8; decoded as Windows-1252 (legacy encoding, kept when fixing); consider saving as UTF-8",
        )
    raise InputError(
        f"not valid UTF-8 (byte 0x{data[first_bad]:02X} at {_where(data, first_bad)}) and not Windows-1252 "
        f"German either: {why}"
    )


def _os_reason(exc: OSError, path: str) -> str:
    """One lower-case phrase for an OS error on ``path``; loops and dangling links named as such."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return (
            "broken symbolic link (its target does not exist)" if os.path.lexists(path) else "no such file or directory"
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "a parent of this path is not a directory"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return (exc.strerror or str(exc)).lower()


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISSOCK(mode):
        return "not a regular file (socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (device)"
    return "not a regular file"


def _read_capped(path: str | os.PathLike[str], limit: int, *, pipes: bool) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and its ``fstat``, read through one descriptor opened non-blocking (opening a FIFO
    cannot hang), at most ``limit`` bytes: checked from the size before reading and again while reading (a file
    growing meanwhile, a pipe). A regular file is read in one call of its size plus one to see the end, not in
    pieces joined afterwards. With ``pipes`` a named pipe is read (``tqcheck <(cmd)``; with no writer it is at its
    end, no hang), else refused; devices and sockets always are. Raises :class:`InputError` with a one-line
    reason."""
    p = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise InputError(_os_reason(exc, p)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISFIFO(st.st_mode) and pipes:
            os.set_blocking(fd, True)
        elif not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file (named pipe)" if stat.S_ISFIFO(st.st_mode) else _file_kind(st.st_mode))
        if st.st_size > limit:
            raise InputError(f"file too large ({st.st_size} bytes; limit {limit})")
        chunks = []
        total = 0
        size = st.st_size + 1 if stat.S_ISREG(st.st_mode) else 1 << 20  # a pipe: pieces as they come
        while True:
            chunk = os.read(fd, size)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputError(f"file too large (more than {limit} bytes)")
            chunks.append(chunk)
            size = 1 << 20  # the file grew while being read, or a pipe: go on in pieces
    except OSError as exc:
        raise InputError(_os_reason(exc, p)) from None
    finally:
        os.close(fd)
    return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), st


def read_text(path: str | os.PathLike[str], *, digest: bool = True) -> Decoded:
    """Read and decode one file, raising :class:`InputError` with a one-line reason.

    The file is opened once and inspected with ``fstat`` on that descriptor, so the checks and the bytes read
    cannot disagree (``_read_capped``); a named pipe is read (``tqcheck <(cmd)``), devices and sockets are refused.

    ``digest=False`` leaves ``Decoded.digest`` empty: only a write back (``--fix``) compares it, and hashing is a
    pass over every byte. A regular file is read in one call of its size (plus one to see the end), not in pieces
    joined afterwards (a second copy of the text).
    """
    data, st = _read_capped(path, MAX_BYTES, pipes=True)
    dec = decode_bytes(data)
    return Decoded(
        dec.text,
        dec.encoding,
        dec.bom,
        dec.note,
        st.st_mtime_ns,
        len(data),
        _digest(data) if digest else "",
        st.st_dev,
        st.st_ino,
    )


def read_regular(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a file tqcheck reads besides articles (a rules.yaml, a baseline, a ``score`` input), checked as
    an article is: a regular file (a FIFO would hang the run, ``/dev/zero`` would never end), at most ``limit``
    bytes, not binary. Raises :class:`InputError` with a one-line reason (the caller adds the path).

    Read as an article is (``_read_capped``), but a named pipe is refused.
    """
    data, _ = _read_capped(path, limit, pipes=False)
    _refuse_binary(data)
    return data


def _refuse_binary(data: bytes) -> None:
    """InputError when ``data`` starts like a known binary format or holds a NUL byte (text never does)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}); not a text file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {nul}); not a text file")


def read_stream(stream: BinaryIO, limit: int | None = None) -> Decoded:
    """Standard input read and decoded as an article, with the article's size cap applied *while* reading (a
    ``tqcheck - </dev/zero`` never ends otherwise) and binary input refused from its first piece: a first MB with
    a NUL byte and no byte-order mark is refused by :func:`decode_bytes` whatever follows it. ``limit``: default
    ``MAX_BYTES``, read when called."""
    limit = MAX_BYTES if limit is None else limit
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        if not chunks and b"\x00" in chunk and not any(chunk.startswith(bom) for bom, _ in _BOMS):
            decode_bytes(chunk)  # raises: binary, or UTF-16 without a byte-order mark
        total += len(chunk)
        if total > limit:
            raise InputError(f"input too large (more than {limit} bytes)")
        chunks.append(chunk)
    return decode_bytes(chunks[0] if len(chunks) == 1 else b"".join(chunks))


def encode_text(text: str, encoding: str, bom: bytes = b"") -> bytes:
    """The bytes for ``text`` in the file's own encoding; InputError when the encoding cannot hold a character."""
    try:
        return bom + text.encode(encoding)
    except UnicodeEncodeError as exc:
        ch = exc.object[exc.start]
        name = unicodedata.name(ch, "")
        raise InputError(
            f"not written: the fix needs U+{ord(ch):04X} {name}, which {encoding} cannot store".rstrip()
        ) from None


@contextlib.contextmanager
def defer_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP until the block ends, then deliver them as if they had just arrived.

    A handler that records (rather than ``pthread_sigmask``) because a blocked SIGTERM can still kill the process
    through another thread; Python runs handlers in the main thread only, so elsewhere nothing is deferred.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def record(signum: int, frame: object) -> None:
        pending.append(signum)

    previous: dict[int, object] = {}
    try:
        for sig in _DEFERRED_SIGNALS:
            old = signal.getsignal(sig)
            if old is None:  # installed from C: cannot be restored, leave it alone
                continue
            previous[sig] = old
            signal.signal(sig, record)
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)


def _changed_on_disk(target: str, original: Decoded) -> bool:
    """Whether ``target`` is no longer the file ``original`` was read from: other bytes, another size or mtime,
    or another file altogether (an editor that saves by renaming a new file over the old one)."""
    try:
        with open(target, "rb") as fh:
            current = fh.read()
            st = os.fstat(fh.fileno())
    except OSError:
        return True
    if original.digest and _digest(current) != original.digest:
        return True
    if original.mtime_ns and (st.st_mtime_ns != original.mtime_ns or st.st_size != original.size):
        return True
    if original.ino and (st.st_dev, st.st_ino) != (original.dev, original.ino):
        return True
    return False


def _refusal(st: os.stat_result) -> str | None:
    """Why a fix must not replace this file, or None. A read-only file says "leave me alone" (root could rename
    over it, and a rename ignores the file's own mode anyway); a file with more than one hard link would be split
    by the rename: the article would change under one name and silently stay old under the others."""
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return f"read-only file (mode {stat.S_IMODE(st.st_mode):04o}); left as it is"
    if st.st_nlink > 1:
        return (
            f"it has {st.st_nlink} hard links, and a fix written by renaming would split them; left as it is"
            " (fix a copy, or remove the other links)"
        )
    return None


def write_atomic(path: str | os.PathLike[str], text: str, original: Decoded | None) -> None:
    """Replace ``path`` with ``text`` atomically, in the file's own encoding, BOM, mode and owner.

    Raises InputError (one line) instead of writing when: ``original`` is unknown (then a concurrent change could
    not be detected), the file changed on disk since ``original`` was read (an editor's save during the run is
    never overwritten: checked before the write and again, bytes and identity, right before the rename, since a
    large file takes a while to write), the file is read-only or has other hard links (see :func:`_refusal`), the
    encoding cannot hold the new text, or the directory is not writable. A symlinked article is written through
    the link, so the link survives.
    """
    if original is None:
        raise InputError("not overwritten: the text as read was not kept, so a change on disk could go unnoticed")
    target = os.path.realpath(os.fspath(path))
    data = encode_text(text, original.encoding, original.bom)
    if _changed_on_disk(target, original):
        raise InputError("changed on disk during the run; not overwritten")
    st = os.stat(target)
    why = _refusal(st)
    if why is not None:
        raise InputError(why)
    directory = os.path.dirname(target) or "."
    with defer_signals():
        try:
            fd, tmp = _temp_beside(target)
        except OSError as exc:
            raise InputError(
                f"not written: cannot create a file in {directory}: {_os_reason(exc, directory)}"
            ) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):
                    os.chown(tmp, st.st_uid, st.st_gid)
            if _changed_on_disk(target, original):  # an edit saved while the temporary file was written
                raise InputError("changed on disk during the run; not overwritten")
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(directory)


def _temp_beside(target: str) -> tuple[int, str]:
    """A new temporary file next to ``target``: random name, created with O_EXCL (``tempfile.mkstemp``), so
    nothing already at some predictable name (a committed symlink ``report.json.tmp → victim``) is ever opened."""
    import tempfile  # only writes need it; keep it off the start-up path

    directory = os.path.dirname(target) or "."
    return tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tqcheck-tmp", dir=directory)


def replace_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a report or a baseline: ``data`` in a fresh temporary file beside ``path`` (see :func:`_temp_beside`),
    fsync, then one rename over ``path``, so a reader sees the old file or the new one, never half of one; the
    temporary file is removed on every error (a full disk, an interrupt), so none is left behind.

    A ``path`` that exists and is not a regular file (``/dev/null``, a FIFO, ``/dev/stdout``) is written through:
    renaming over it would replace the node. A symlink at ``path`` itself is replaced, not followed. The new file
    keeps the mode of the one it replaces, else gets the usual ``0666 & ~umask``. Raises OSError.
    """
    with replacing_file(path) as fh:
        fh.write(data)


@contextlib.contextmanager
def replacing_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """:func:`replace_file` for data written a piece at a time (a report written as the files are checked): the
    block writes to the temporary file, which is renamed over ``path`` when the block ends and removed when it
    raises. The block may last the whole run, so SIGTERM and SIGHUP are not deferred while it runs but raised as
    ``SystemExit`` (status 128 + the signal), which removes the temporary file on the way out; only making it and
    renaming it hold them (:func:`defer_signals`)."""
    p = os.fspath(path)
    if os.path.exists(p) and not os.path.isfile(p):
        with open(p, "wb") as fh:
            yield fh
        return
    try:
        mode = stat.S_IMODE(os.stat(p).st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        mode = 0o666 & ~mask
    tmp = None
    try:
        with _signals_exit():
            with defer_signals():
                fd, tmp = _temp_beside(p)
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            with defer_signals():
                os.chmod(tmp, mode)
                os.replace(tmp, p)
                tmp = None
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    _fsync_dir(os.path.dirname(p) or ".")


@contextlib.contextmanager
def _signals_exit() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``SystemExit(128 + signal)`` in the block (where they would end the process at
    once, leaving what it was writing behind); SIGINT raises KeyboardInterrupt as always. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous: dict[int, object] = {}
    try:
        for sig in _DEFERRED_SIGNALS:
            old = signal.getsignal(sig)
            if old is None or sig == signal.SIGINT or old is not signal.SIG_DFL:  # someone else's handler: theirs
                continue
            previous[sig] = old
            signal.signal(sig, leave)
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]


def _fsync_dir(directory: str) -> None:
    """Make the rename itself durable (POSIX); best effort, as some filesystems refuse."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
