"""Write tqcheck/data/pack.json, the precomputed default pack, and tqcheck/data/triggers.json, the lexicon rules'
derived triggers, from the top-level rules.yaml; check the triggers a rule writes itself.

Run after editing rules.yaml: ``python scripts/build_pack.py``. A stale pack.json is never used (its sha256 no
longer matches rules.yaml, so tqcheck parses the YAML, ~30 ms slower per start) and tests/test_config.py fails
until it is rebuilt. The wheel build (setup.py) writes a fresh pack.json regardless.

triggers.json maps each pattern of a lexicon rule that writes no ``trigger`` (and has no ``anchor``) to the
triggers ``tqcheck.patterntriggers.derive`` reads off it, so no start parses 200 patterns (~30 ms). It is keyed
by the pattern's text: a pattern missing from it (a stale table, a project's own rule) is derived when its rule
is built, with the same result. tests/test_patterntriggers.py fails until it is rebuilt.

A written ``trigger`` list (kept where it selects fewer paragraphs than the derived one, or for ``anchor:
trigger``) is checked twice: each match of the rule's bad examples must hold one of the triggers (beginning inside
the match: hard failure, findings would be lost), and the pattern's parse tree should prove that every match
holds one (``patterntriggers.covers``); the rules for which it cannot (a trigger running on into a look-ahead, a
class too wide to expand) are listed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tqcheck.config import PACK_JSON, load_yaml, pack_json  # noqa: E402
from tqcheck.patterntriggers import covers, derive  # noqa: E402
from tqcheck.triggertable import TABLE  # noqa: E402


def _pattern_rules(data: dict) -> list[dict]:
    return [r for r in data.get("rules") or [] if r.get("kind") == "lexicon" and r.get("pattern")]


def triggers_table(data: dict) -> dict[str, list[str]]:
    """Each derived rule's pattern → its derived triggers (the rules ``lexicon.rule_triggers`` derives for)."""
    return {
        r["pattern"]: list(derive(r["pattern"]))
        for r in _pattern_rules(data)
        if "trigger" not in r and "anchor" not in r
    }


def triggers_json(data: dict) -> str:
    return json.dumps(triggers_table(data), ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def _spaced(text: str) -> str:
    """The lower-cased text with each run of whitespace as one space, as the trigger index reads it."""
    return re.sub(r"\s+", " ", text.lower())


def _example_texts(rule: dict) -> list[str]:
    out = []
    for ex in (rule.get("examples") or {}).get("bad") or []:
        text = ex if isinstance(ex, str) else ex.get("text") or ex.get("tgt") or ""
        out.append(text)
    return out


def unheld_matches(rule: dict, triggers: list[str]) -> list[str]:
    """The matches of the rule's pattern in its bad examples in which none of ``triggers`` begins."""
    try:
        pattern = re.compile(rule["pattern"], re.IGNORECASE if rule.get("ignore_case") else 0)
    except re.error:
        import regex

        pattern = regex.compile(rule["pattern"], regex.V0 | (regex.IGNORECASE if rule.get("ignore_case") else 0))
    wanted = [t.lower() for t in triggers]
    lost = []
    for text in _example_texts(rule):
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            after = _spaced(text[m.start() :])
            inside = len(_spaced(text[m.start() : m.end()]))
            if not any(-1 < after.find(t) < inside for t in wanted):
                lost.append(m.group(0))
    return lost


def check_written(data: dict) -> tuple[list[str], list[str]]:
    """(failures, unproven): rules whose written triggers miss a match of their examples, and those the parse
    tree cannot prove sound."""
    failures, unproven = [], []
    for rule in _pattern_rules(data):
        written = rule.get("trigger")
        if written is None:
            written = list(derive(rule["pattern"])) if "anchor" not in rule else []
        if not written:  # no triggers: the pattern runs over the whole text
            continue
        lost = unheld_matches(rule, written)
        if lost:
            failures.append(f"{rule['id']}: no trigger in the match(es) {lost!r}")
        elif "trigger" in rule and not covers(rule["pattern"], [t.lower() for t in written]):
            unproven.append(rule["id"])
    return failures, unproven


def main() -> int:
    text = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    data = load_yaml(text, "rules.yaml")
    failures, unproven = check_written(data)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if unproven:
        print(f"note: written triggers not provable from the pattern: {', '.join(unproven)}", file=sys.stderr)
    if failures:
        return 1
    PACK_JSON.write_text(pack_json(text), encoding="utf-8")
    TABLE.write_text(triggers_json(data), encoding="utf-8")
    print(f"wrote {PACK_JSON} and {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
