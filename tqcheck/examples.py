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
    text = ex.get("text") or ex.get("tgt") or ""
    src = ex.get("src")
    ref = ex.get("ref")
    prepared = prepare(text, "<example>.txt")
    doc = Document("<example>", prepared.text, raw=text, kind=prepared.kind)
    if prepared.directives is not None:
        doc.meta["directives"] = prepared.directives
    source = Document("<source>", src) if src is not None else None
    reference = Document("<reference>", ref) if ref is not None else None
    return [f for f in engine.check(doc, source=source, reference=reference) if f.rule == spec.id], ex, engine


def check_examples(spec: RuleSpec, cfg: Config) -> list[str]:
    failures: list[str] = []
    examples = spec.examples or {}
    engine = _engine_for(spec, cfg)
    for i, example in enumerate(examples.get("bad", []) or []):
        found, ex, _ = run_example(spec, cfg, example, engine)
        found = [f for f in found if f.severity >= spec.severity] or found
        text = ex.get("text") or ex.get("tgt") or ""
        if not found:
            failures.append(f"{spec.id} bad[{i}] not flagged: {text!r}")
            continue
        if "match" in ex and not any(f.match == ex["match"] for f in found):
            failures.append(f"{spec.id} bad[{i}] flagged {[f.match for f in found]!r}, expected {ex['match']!r}")
        if "fix" in ex:
            fixed = [f for f in found if f.fix is not None]
            if not fixed:
                failures.append(f"{spec.id} bad[{i}] has no fix, expected {ex['fix']!r}")
            elif not any(f.fix.replacement == ex["fix"] for f in fixed):
                got = [f.fix.replacement for f in fixed]
                failures.append(f"{spec.id} bad[{i}] fixes {got!r}, expected {ex['fix']!r}")
            else:
                after, _ = apply_fixes(text, found, unsafe=True)
                again, _, _ = run_example(spec, cfg, {**ex, "text": after}, engine)
                if any(a.severity >= spec.severity for a in again):
                    failures.append(f"{spec.id} bad[{i}] the fixed text is flagged again: {after!r}")
    for i, example in enumerate(examples.get("good", []) or []):
        found, ex, _ = run_example(spec, cfg, example, engine)
        found = [f for f in found if f.severity >= spec.severity]
        if found:
            text = ex.get("text") or ex.get("tgt") or ""
            failures.append(f"{spec.id} good[{i}] flagged {[f.match for f in found]!r}: {text!r}")
    return failures
