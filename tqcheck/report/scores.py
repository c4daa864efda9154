"""Reference scores (``--reference``) as every reporter shows them: metric, value and sacrebleu's signature.

``FileResult.scores`` holds ``bleu``/``chrf``/``ter`` and ``signature``, a mapping of metric to sacrebleu's
signature string (older runs and other tools may hand over one string for all). Reporters format from
:func:`score_rows`, so no format can print a Python dict repr again, and each writes the rows in its own idiom
(one concise line, a GitHub notice, JUnit properties, a Code Quality entry, a table).
"""

from __future__ import annotations

METRICS = (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER"))


def score_rows(scores: dict) -> list[tuple[str, str, float, str]]:
    """(key, label, value, signature) for each metric present, in the order BLEU, chrF2, TER."""
    sigs = scores.get("signature") or {}
    rows = []
    for key, label in METRICS:
        value = scores.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sig = sigs.get(key, "") if isinstance(sigs, dict) else str(sigs)
            rows.append((key, label, float(value), str(sig)))
    return rows


def scores_line(scores: dict, decimal: str = ".") -> str:
    """``BLEU 71.29 (nrefs:1|…), chrF2 83.69 (…), TER 18.60 (…)``; ``decimal=","`` for German text."""
    parts = []
    for _key, label, value, sig in score_rows(scores):
        shown = f"{value:.2f}".replace(".", decimal)
        parts.append(f"{label} {shown} ({sig})" if sig else f"{label} {shown}")
    return ", ".join(parts)
