"""Reference gate: fail a file whose BLEU/chrF/TER against a human reference crosses a configured limit.

Scores are computed once per file by :func:`tqcheck.scoring.document_scores` and stored in
``doc.meta["scores"]``, which the runner copies into ``FileResult.scores`` for the reporters. Limits come from
the configuration (settings ``min_chrf``/``min_bleu``/``max_ter``, overridden by ``--min-chrf`` …) and, when
those are unset, from the rule's own keys, so a project can pin a gate next to the rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Document
from ..model import Finding
from ..numformats import german_decimal
from .base import Check, Context


class ReferenceGateCheck(Check):
    """One finding per crossed gate; silent when no gate is set (the scores are still reported)."""

    PARAMS = {"min_chrf": (int, float), "min_bleu": (int, float), "max_ter": (int, float)}
    NEEDS = frozenset({"reference"})

    def _limit(self, key: str) -> float | None:
        value = getattr(self.config, key, None)
        if value is None:
            value = self.spec.params.get(key)
        return None if value is None else float(value)

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        from ..scoring import document_scores

        assert ctx.reference is not None
        scores = document_scores(doc, ctx.reference)
        out = []
        for key, metric, name, below in (
            ("min_chrf", "chrf", "chrF", True),
            ("min_bleu", "bleu", "BLEU", True),
            ("max_ter", "ter", "TER", False),
        ):
            limit = self._limit(key)
            if limit is None:
                continue
            value = scores[metric]
            failed = value < limit if below else value > limit
            if not failed:
                continue
            f = self.finding(
                doc,
                0,
                0,
                suggestions=[],
                metric=name,
                value=german_decimal(f"{value:.2f}"),  # 83,69: the gate message is read by German editors
                limit=f"{'≥' if below else '≤'} {german_decimal(f'{limit:g}')}",
            )
            f.extra["scores"] = {k: scores[k] for k in ("bleu", "chrf", "ter")}
            out.append(f)
        return out
