"""``--format json-lines``: one JSON object per line, for ``jq -c``, log shippers and streaming consumers.

Each finding is exactly :meth:`Finding.to_dict` (no extra keys), so a consumer of ``--format json`` can read
these objects unchanged. Everything that is not a finding carries a ``"type"`` key that findings never have:
``{"type": "error", "file", "message"}`` for an input that could not be read, and
``{"type": "scores", "file", "scores": {...}}`` for reference metrics (nested, so a metric name can never clash
with ``type`` or ``file``). Consumers that only want findings skip objects that have a ``"type"``.
"""

from __future__ import annotations

import json

from . import pieces

# JSON leaves these unescaped inside strings, yet Python's str.splitlines() and several log tools treat them as
# line breaks; one finding must stay one physical line whatever the article contains.
_LINE_BREAKERS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _line(obj: dict) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _LINE_BREAKERS.items():
        # These characters can only occur inside JSON strings, where the \\u escape means the same thing.
        text = text.replace(char, escaped)
    return text


def write(run, out) -> None:
    """Findings in report order, written a file (or a piece of one) at a time, then per-file input errors and
    scores (files in run order), kept until the findings end."""
    rest: list[str] = []
    for result in run.results:
        for findings in pieces(result):
            if findings:
                out.write("".join([_line(f.to_dict()) + "\n" for f in findings]))
        if result.error:
            rest.append(_line({"type": "error", "file": result.path, "message": result.error}))
        if result.scores:
            rest.append(_line({"type": "scores", "file": result.path, "scores": result.scores}))
    out.write("".join(line + "\n" for line in rest))
