"""``--format json``: one object ``{"version": 1, "findings": [...], "summary": {...}}``. Stable: add keys only.

Layout: one finding per line inside the ``findings`` array. Readable and diffable, and each line is encoded by
the C encoder (``indent=`` forces the pure-Python one, noticeably slower on large archives).
"""

from __future__ import annotations

import json

from . import Tally, pieces

# One encoder for the whole report: json.dumps builds a new one per call, a third of the cost at 4,000 findings.
_dump = json.JSONEncoder(ensure_ascii=False).encode
_str = json.encoder.encode_basestring  # a JSON string literal, as the encoder writes it (ensure_ascii=False)


def _finding_line(f, file_json: str, said: dict | None = None, ends: dict | None = None) -> str:
    """``_dump(f.to_dict())``, written out directly: a 10 MB archive has ~45,000 findings, and building a dict
    for each before encoding it costs half the report's time. The same text, byte for byte (a test holds them
    equal); findings with extras beyond the common keys take the general path. ``said`` keeps the encoded
    rule/severity/category/message part and ``ends`` the suggestions/match/fix part, which repeat (a megabyte's
    ~4,000 findings say ~500 different things, and a 10 MB archive's ~45,000 end in ~700 different ways)."""
    if "source" in f.extra or "related" in f.extra:
        return _dump(f.to_dict())
    key = (f.rule, f.severity, f.category, f.message)
    middle = said.get(key) if said is not None else None
    if middle is None:
        middle = (
            f'"rule": {_str(f.rule)}, "severity": {_str(str(f.severity))}, '
            f'"category": {_str(f.category)}, "message": {_str(f.message)}, '
        )
        if said is not None:
            said[key] = middle
    fix = f.fix
    sugg = f.suggestions
    key = (f.match, None, *sugg) if fix is None else (f.match, fix.replacement, fix.safe, *sugg)
    end = ends.get(key) if ends is not None else None
    if end is None:
        listed = (_str(sugg[0]) if len(sugg) == 1 else ", ".join(map(_str, sugg))) if sugg else ""
        end = f'"suggestions": [{listed}], "match": {_str(f.match)}, "fix": ' + (
            "null}"
            if fix is None
            else f'{{"replacement": {_str(fix.replacement)}, "applicability": "{"safe" if fix.safe else "unsafe"}"}}}}'
        )
        if ends is not None:
            ends[key] = end
    return (
        f'{{"file": {file_json}, "line": {f.line}, "column": {f.column}, "end_line": {f.end_line}, '
        f'"end_column": {f.end_column}, {middle}{end}'
    )


def write(run, out) -> None:
    """The report, written as the results come: the head, each file's findings (a piece at a time), then input
    errors, the summary and scores, counted on the way."""
    head = {"version": 1, "signature": run.signature}
    files: dict[str, str] = {}
    said: dict = {}
    ends: dict = {}
    errors: list[dict] = []
    scores: dict = {}
    tally = Tally()
    out.write("{\n" + "".join(f"  {_dump(k)}: {_dump(v)},\n" for k, v in head.items()))
    opening = '  "findings": [\n    '
    sep = ",\n    "
    for r in run.results:
        tally.add_file(r)
        if r.error:
            errors.append({"file": r.path, "message": r.error})
        if r.scores:
            scores[r.path] = r.scores
        for findings in pieces(r):
            if not findings:
                continue
            tally.add(findings)
            # One join per piece, separators interleaved: a copy of a whole file's findings block costs ~30 MB
            # per 10 MB of input, and one write per finding would cost the time the join saves.
            parts = [opening]
            for f in findings:
                parts.append(_finding_line(f, files.get(f.file) or files.setdefault(f.file, _str(f.file)), said, ends))
                parts.append(sep)
            parts.pop()
            out.write("".join(parts))
            opening = sep
    out.write('  "findings": [],\n' if tally.findings == 0 else "\n  ],\n")
    tail: dict = {"errors": errors, "summary": tally.summary(run.config)}
    if scores:
        tail["scores"] = scores
    items = [f"  {_dump(k)}: {json.dumps(v, ensure_ascii=False, indent=2)}" for k, v in tail.items()]
    out.write(",\n".join(item.replace("\n", "\n  ") for item in items) + "\n}\n")
