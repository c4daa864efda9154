"""Markup is never a finding's evidence nor a fix's target: a Markdown link's blanked ``](url)`` once made a
"space before punctuation" finding whose fix deleted the link's target ("[Heimbüro](http://x)." → "[Heimbüro.")."""

from __future__ import annotations

import subprocess
import sys

from tqcheck.config import load_config
from tqcheck.engine import Engine
from tqcheck.markup import load_document
from tqcheck.textio import Decoded

ENGINE = Engine(load_config(None))


def _findings(text: str, name: str = "a.md"):
    return ENGINE.check(load_document(name, Decoded(text, "utf-8")))


def test_the_space_left_by_a_masked_link_target_is_no_finding() -> None:
    rules = {f.rule for f in _findings("Die Mitarbeiter arbeiten im [Büro](http://example.org).\n")}
    assert "p_space_before_punct" not in rules
    # the same words written with a real space before the full stop are still flagged
    assert "p_space_before_punct" in {f.rule for f in _findings("Die Mitarbeiter arbeiten im Büro .\n")}


def test_fixes_write_the_prose_and_keep_the_markup(tmp_path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Die Mitarbeiter arbeiten im [Heimbüro](http://example.org).\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "--isolated", "--fix", "--unsafe-fixes", str(path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    fixed = path.read_text(encoding="utf-8")
    assert "](http://example.org)." in fixed, fixed  # the link's target survives every fix
    assert "Heimbüro" not in fixed  # the prose's own fix was applied


def test_a_fix_spanning_markup_is_dropped_but_the_finding_stays() -> None:
    from tqcheck.engine import off_markup
    from tqcheck.model import Finding, Fix

    doc = load_document("a.md", Decoded("Ein [Wort](http://x) hier.\n", "utf-8"))
    start = doc.raw.index("Wort")
    end = doc.raw.index(" hier")
    f = Finding("x_rule", ENGINE.config.fail_on, "Other", "m", start, start + 4, [], Fix(start, end, "X", True))
    (kept,) = off_markup([f], doc)
    assert kept.fix is None and kept.start == start
