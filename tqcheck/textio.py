"""Reading articles and writing fixes without ever losing a user's text.

Reading: bytes are decoded strictly. UTF-8 (with or without BOM) and UTF-16/32 with a BOM are accepted; a
file that is not valid UTF-8 but is plainly Windows-1252/Latin-1 German is decoded as such *and the user is told*;
anything else (NUL bytes, undecodable bytes) is refused with the reason. Line endings are kept as they are,
so offsets, line numbers and fixes all refer to the file as it is on disk.

Writing: only ``--fix`` writes, through :func:`write_atomic`: a temporary file in the same directory, fsync,
then ``os.replace`` over the original, keeping mode, encoding and BOM; a file that changed on disk since it
was read is left alone.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 256 * 1024 * 1024  # refuse absurd inputs instead of exhausting memory

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Bytes 0x80-0xFF that legacy German text uses: umlauts, ß, accented letters, typographic quotes and dashes.
_CP1252_TEXTY = set(b"\xe4\xf6\xfc\xc4\xd6\xdc\xdf\xe9\xe8\xea\xe0\xe1\xe2\xe7\xf3\xf2\xf4\xfa\xed\xf1\xc9")
_CP1252_TEXTY |= set(b"\x84\x93\x94\x91\x92\x96\x97\x85\xab\xbb\xa0\xb0\xa7\x80")


class InputError(Exception):
    """A file that cannot be checked; the message is one line naming the reason (the caller adds the path)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bytes = b""
    note: str = ""  # said to the user (e.g. "decoded as Windows-1252")
    mtime_ns: int = 0
    size: int = 0


def decode_bytes(data: bytes) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(enc), enc, bom)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {enc.upper()} after its byte-order mark at byte {exc.start + len(bom)}")
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes); not a text article")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    high = {b for b in data if b >= 0x80}
    undefined_in_cp1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    if high and not (high & undefined_in_cp1252) and len(high - _CP1252_TEXTY) <= 2:
        text = data.decode("cp1252")
        return Decoded(text, "cp1252", note="not UTF-8; decoded as Windows-1252 (legacy encoding)")
    raise InputError(f"not valid UTF-8 (first bad byte at offset {first_bad}) and not recognisable as Windows-1252")


def read_text(path: str | os.PathLike[str]) -> Decoded:
    """Read and decode one file, raising :class:`InputError` with a one-line reason."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file")
    if st.st_size > MAX_BYTES:
        raise InputError(f"file too large ({st.st_size} bytes; limit {MAX_BYTES})")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    dec = decode_bytes(data)
    return Decoded(dec.text, dec.encoding, dec.bom, dec.note, st.st_mtime_ns, st.st_size)


def encode_text(text: str, encoding: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(encoding)


def write_atomic(path: str | os.PathLike[str], text: str, original: Decoded) -> None:
    """Replace ``path`` with ``text`` atomically, in the file's own encoding, BOM and mode.

    Refuses (InputError) when the file changed on disk since ``original`` was read, so an editor's save
    during the run is never overwritten.
    """
    p = Path(path)
    st = p.stat()
    if original.mtime_ns and (st.st_mtime_ns != original.mtime_ns or st.st_size != original.size):
        raise InputError("changed on disk during the run; not overwritten")
    data = encode_text(text, original.encoding, original.bom)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tqcheck-tmp", dir=str(p.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
