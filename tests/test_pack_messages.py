"""What a finding tells the editor must be right: no rule offers the flagged text as its own correction.

Run over every rule's bad examples, the findings the editor would see (issue 15: num_en_thousands once wrote
„5,000“ … deutsch wäre „5,000“ mit Punkt).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

CONFIG = load_config(None)
RULES = sorted(CONFIG.rules.values(), key=lambda r: r.id)


# Where a message names the right form: „…“ after "deutsch", "richtig", "besser", "im Deutschen" and the like.
_CORRECTION = re.compile(
    r"(?:deutsch\w*|richtig|besser|korrekt|Deutschen|schreiben|schreibt)\W{0,3}(?:wäre|ist|sind|lautet)?\s*„([^“]*)“"
)


def _bad_texts(spec) -> list[str]:
    return [e["text"] if isinstance(e, dict) else e for e in (spec.examples or {}).get("bad", [])]


@pytest.mark.parametrize("spec", RULES, ids=[r.id for r in RULES])
def test_no_finding_repeats_its_match_as_the_correction(spec):
    if spec.kind.startswith(("source_", "reference_")) or spec.kind in ("length_ratio", "directive"):
        pytest.skip("needs a source or reference document")
    cfg = load_config(None)
    cfg = replace(cfg, select=[spec.id])
    engine = Engine(cfg)
    for text in _bad_texts(spec):
        for f in engine.check(Document("<example>", text)):
            if f.rule != spec.id or not f.match.strip():
                continue
            assert f.match not in f.suggestions, f"{spec.id}: suggests {f.match!r} for {f.match!r}"
            for correction in _CORRECTION.findall(f.message):
                assert correction != f.match, f"{spec.id}: the message's correction is the flagged text: {f.message}"
