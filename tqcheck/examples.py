"""Run a rule's own examples: every bad example must be flagged, no good example may be.

Used by the parametrised test over rules.yaml and by ``tqcheck rules test`` (LanguageTool's habit: rule authors
who are not programmers can test their rules themselves). A bad example may pin the flagged text (``match``)
and the fix (``fix``); applying the fix must leave text the rule no longer flags.
"""

from __future__ import annotations

from dataclasses import replace

from .config import Config, RuleSpec
from .document import Document
from .engine import Engine
from .fixes import apply as apply_fixes
from .markup import prepare


def _engine_for(spec: RuleSpec, cfg: Config) -> Engine:
    if spec.kind == "directive":  # whether a directive is used depends on what the other rules find
        return Engine(cfg)
    # the run's settings (glossary, house quotes, gates) with this one rule selected and nothing filtered
    one = replace(
        cfg, rules={spec.id: spec}, select=[spec.id], ignore=[], extend_select=[], accept=[], per_file_ignores={}
    )
    return Engine(one)


def _as_dict(example) -> dict:
    if isinstance(example, str):
        return {"text": example}
    return dict(example)


def run_example(spec: RuleSpec, cfg: Config, example, engine: Engine | None = None):
    ex = _as_dict(example)
    if ex.get("settings"):  # e.g. a gate: {min_chrf: 90}; the example needs its own engine
        cfg = replace(cfg, **ex["settings"])
        engine = None
    engine = engine or _engine_for(spec, cfg)
    text = _example_text(ex)
    src = ex.get("src")
    ref = ex.get("ref")
    prepared = prepare(text, "<example>.txt")
    doc = Document("<example>", prepared.text, raw=text, kind=prepared.kind)
    if prepared.directives is not None:
        doc.meta["directives"] = prepared.directives
    source = Document("<source>", src) if src is not None else None
    reference = Document("<reference>", ref) if ref is not None else None
    return [f for f in engine.check(doc, source=source, reference=reference) if f.rule == spec.id], ex, engine


def _example_text(ex: dict) -> str:
    """The checked text of an example (``text``, or ``tgt`` of a bilingual one)."""
    return ex.get("text") or ex.get("tgt") or ""


def _fix_failures(spec: RuleSpec, cfg: Config, engine: Engine, i: int, ex: dict, found: list) -> list[str]:
    """What is wrong with the fix of bad example ``i`` (``ex["fix"]`` pins it): none offered, another one, or a
    fixed text the rule still flags."""
    fixed = [f for f in found if f.fix is not None]
    if not fixed:
        return [f"{spec.id} bad[{i}] has no fix, expected {ex['fix']!r}"]
    if not any(f.fix.replacement == ex["fix"] for f in fixed):
        got = [f.fix.replacement for f in fixed]
        return [f"{spec.id} bad[{i}] fixes {got!r}, expected {ex['fix']!r}"]
    after, _ = apply_fixes(_example_text(ex), found, unsafe=True)
    again, _, _ = run_example(spec, cfg, {**ex, "text": after}, engine)
    if any(a.severity >= spec.severity for a in again):
        return [f"{spec.id} bad[{i}] the fixed text is flagged again: {after!r}"]
    return []


def _bad_failures(spec: RuleSpec, cfg: Config, engine: Engine, i: int, example) -> list[str]:
    """What is wrong with bad example ``i``: not flagged (at the rule's severity, if any finding has it), flagged
    at another text than its ``match``, or a fix other than its ``fix``."""
    found, ex, _ = run_example(spec, cfg, example, engine)
    found = [f for f in found if f.severity >= spec.severity] or found
    if not found:
        return [f"{spec.id} bad[{i}] not flagged: {_example_text(ex)!r}"]
    failures: list[str] = []
    if "match" in ex and not any(f.match == ex["match"] for f in found):
        failures.append(f"{spec.id} bad[{i}] flagged {[f.match for f in found]!r}, expected {ex['match']!r}")
    if "fix" in ex:
        failures.extend(_fix_failures(spec, cfg, engine, i, ex, found))
    return failures


def _good_failures(spec: RuleSpec, cfg: Config, engine: Engine, i: int, example) -> list[str]:
    """What is wrong with good example ``i``: a finding at the rule's severity."""
    found, ex, _ = run_example(spec, cfg, example, engine)
    found = [f for f in found if f.severity >= spec.severity]
    if found:
        return [f"{spec.id} good[{i}] flagged {[f.match for f in found]!r}: {_example_text(ex)!r}"]
    return []


def check_examples(spec: RuleSpec, cfg: Config) -> list[str]:
    """Every failure of the rule's examples, one message each, in order: the bad ones, then the good ones."""
    examples = spec.examples or {}
    engine = _engine_for(spec, cfg)
    failures: list[str] = []
    for i, example in enumerate(examples.get("bad", []) or []):
        failures.extend(_bad_failures(spec, cfg, engine, i, example))
    for i, example in enumerate(examples.get("good", []) or []):
        failures.extend(_good_failures(spec, cfg, engine, i, example))
    return failures
