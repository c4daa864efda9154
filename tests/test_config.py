"""A project's rules.yaml is untrusted input: every mistake is one line naming the file, the line:column, the key
and the closest valid key; YAML is loaded safely; regexes are compiled up front; a catastrophic user pattern
fails its rule on that file instead of hanging the run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.config import ConfigError, load_config, load_yaml

LEX = "  - id: my_rule\n    kind: lexicon\n    severity: warning\n    category: Style/Awkward\n    message: m\n"


def config_error(tmp_path: Path, text: str) -> str:
    p = tmp_path / "rules.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    msg = str(exc.value)
    assert "\n" not in msg
    return msg.replace(str(p), "rules.yaml")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("settings:\n  select: [a, b\n", "rules.yaml:3:1: invalid YAML: expected ',' or ']', but got '<stream end>'"),
        (
            "settings:\n\tfail_on: error\n",
            "rules.yaml:2:1: invalid YAML: found character '\\t' that cannot start any token",
        ),
        ("- just\n- a list\n", "rules.yaml:1:1: top level must be a mapping with 'settings' and/or 'rules'"),
    ],
)
def test_malformed_yaml_names_line_and_column(tmp_path, text, expected):
    assert config_error(tmp_path, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("setings: {}\n", "rules.yaml:1:1: unknown top-level key 'setings' (did you mean 'settings'?)"),
        (
            "settings:\n  fail_onn: error\n",
            "rules.yaml:2:3: settings: unknown key 'fail_onn' (did you mean 'fail_on'?)",
        ),
        (
            "rules:\n" + LEX + "    terms: [x]\n    sugest: [y]\n",
            "rules.yaml:8:5: rule 'my_rule': unknown key 'sugest' (did you mean 'suggest'?)",
        ),
        (
            "rules:\n  - id: p_doubled_word\n    severty: info\n",
            "rules.yaml:3:5: rule 'p_doubled_word': unknown key 'severty' (did you mean 'severity'?)",
        ),
    ],
)
def test_unknown_keys_name_the_closest(tmp_path, text, expected):
    assert config_error(tmp_path, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("settings:\n  fail_on: [error]\n", "rules.yaml:2:3: settings: 'fail_on' must be a string, not a list"),
        ("settings:\n  select: p_doubled_word\n", "rules.yaml:2:3: settings: 'select' must be a list, not a string"),
        (
            "settings:\n  ignore: [1]\n",
            "rules.yaml:2:12: settings: 'ignore' must be a list of strings; item 1 is a number",
        ),
        ("settings:\n  min_chrf: high\n", "rules.yaml:2:3: settings: 'min_chrf' must be a number, not a string"),
        ("rules: {a: 1}\n", "rules.yaml:1:1: 'rules' must be a list, not a mapping"),
        (
            "rules:\n" + LEX + "    terms: [x]\n    enabled: 'no'\n",
            "rules.yaml:8:5: rule 'my_rule': 'enabled' must be true/false, not a string",
        ),
        (
            "rules:\n" + LEX + "    terms: [x]\n    examples: {bad: [1]}\n",
            "rules.yaml:8:22: rule 'my_rule': examples.bad[0] must be a string or a mapping",
        ),
        (
            "rules:\n  - id: p_doubled_word\n    severity: warn\n",
            "rules.yaml:3:5: rule 'p_doubled_word': unknown severity 'warn' (did you mean 'warning'?) "
            "(expected error, warning or info)",
        ),
        (
            "rules:\n  - id: p_doubled_word\n    category: Style/Awkard\n",
            "rules.yaml:3:5: rule 'p_doubled_word': unknown category 'Style/Awkard' (did you mean 'Style/Awkward'?)",
        ),
        (
            "settings:\n  quotes: germn\n",
            "rules.yaml:2:3: settings: quotes must be one of german, guillemets, swiss, "
            "straight, any (did you mean 'german'?)",
        ),
    ],
)
def test_wrong_types_and_values(tmp_path, text, expected):
    assert config_error(tmp_path, text) == expected


@pytest.mark.parametrize("key", ["select", "ignore", "extend_select"])
def test_unknown_rule_ids_in_selectors(tmp_path, key):
    msg = config_error(tmp_path, f"settings:\n  {key}: [p_doubled_word, p_doubled_wrd]\n")
    assert msg == (
        f"rules.yaml:2:{len(key) + 22}: settings.{key}: unknown rule, prefix or category 'p_doubled_wrd' "
        "(did you mean 'p_doubled_word'?)"
    )


def test_unknown_rule_id_in_per_file_ignores(tmp_path):
    msg = config_error(tmp_path, "settings:\n  per_file_ignores:\n    'wire/*': [name_translt]\n")
    assert msg == (
        "rules.yaml:3:16: settings.per_file_ignores['wire/*']: unknown rule, prefix or category 'name_translt' "
        "(did you mean 'name_translit'?)"
    )


def test_selector_may_name_a_rule_defined_in_the_same_file(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text("settings:\n  select: [my_rule]\nrules:\n" + LEX + "    terms: [x]\n", encoding="utf-8")
    assert [r.id for r in load_config(p).selected()] == ["my_rule"]


def test_duplicate_rule_ids(tmp_path):
    text = "rules:\n" + LEX + "    terms: [x]\n" + LEX + "    terms: [y]\n"
    assert config_error(tmp_path, text) == "rules.yaml:8:5: duplicate rule id 'my_rule' (first defined on line 2)"


def test_duplicate_keys(tmp_path):
    text = "settings:\n  fail_on: error\n  quotes: german\n  fail_on: warning\n"
    assert (
        config_error(tmp_path, text) == "rules.yaml:4:3: invalid YAML: duplicate key 'fail_on' (first given on line 2)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object:os.system ls\n",
        "x: !!python/object/apply:os.system ['touch /tmp/tqcheck-pwned']\n",
        "x: !!python/name:os.system\n",
        "x: !custom 1\n",
    ],
)
def test_python_tags_are_refused(tmp_path, text):
    msg = config_error(tmp_path, text)
    assert msg.startswith("rules.yaml:1:4: invalid YAML: tag '!")
    assert msg.endswith("is not allowed: rules.yaml is loaded safely and may hold only plain data")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 2024-13-45\n", "r.yaml:1:4: invalid YAML: invalid value '2024-13-45': month must be in 1..12"),
        ("a: &x [*x]\n", "r.yaml:1:4: invalid YAML: recursive alias (an anchor used inside itself)"),
        (
            "b: &m {c: 1}\nd:\n  <<: *m\n",
            "r.yaml:3:3: invalid YAML: merge keys ('<<') are not supported; write the keys out",
        ),
    ],
)
def test_yaml_values_that_would_crash_a_plain_loader(text, expected):
    with pytest.raises(ConfigError) as exc:
        load_yaml(text, "r.yaml")
    assert str(exc.value) == expected


def test_billion_laughs_is_refused_cheaply(tmp_path):
    """Nested aliases (9**8 strings if expanded): the loader counts what they expand to and stops at its budget
    (issue 19), before validation would see the nesting."""
    items = ["&a0 lol"] + [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    text = "rules:\n" + LEX + "    terms: [" + ", ".join(items) + "]\n"
    msg = config_error(tmp_path, text)
    assert msg.startswith("rules.yaml:7:") and "invalid YAML: aliases expand it beyond" in msg, msg


def test_invalid_user_regex_is_a_clear_error(tmp_path):
    msg = config_error(tmp_path, "rules:\n" + LEX + "    pattern: '(unclosed'\n")
    assert msg == "rules.yaml:7:5: rule 'my_rule': invalid regular expression in 'pattern': missing ) at position 9"


def test_invalid_stdlib_regex_in_a_kind_is_a_clear_error(tmp_path):
    text = (
        "rules:\n  - id: my_mag\n    kind: magnitude\n    severity: warning\n    category: Style/Awkward\n"
        "    message: m\n    large_context: '(['\n"
    )
    msg = config_error(tmp_path, text)
    assert msg.startswith("rules.yaml:7:5: rule 'my_mag': invalid regular expression in 'large_context':")


def test_invalid_accept_regex_is_a_config_error(tmp_path):
    msg = config_error(tmp_path, "settings:\n  accept: [Nurtleu, '/Nort[/']\n")
    assert (
        msg
        == "rules.yaml:2:21: settings.accept: invalid regular expression '/Nort[/': unterminated character set at position 4"
    )


def test_valid_accept_regex_still_loads(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text("settings:\n  accept: ['/Nort.*/', 'Attleu']\n", encoding="utf-8")
    assert load_config(p).accept == ["/Nort.*/", "Attleu"]


def test_empty_sections_are_fine(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text("settings:\nrules:\n", encoding="utf-8")
    assert load_config(p).fail_on is not None


def test_config_error_through_cli_is_one_line_exit_2(tmp_path):
    (tmp_path / "rules.yaml").write_text("settings:\n  fail_onn: error\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "a.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"tqcheck: {tmp_path / 'rules.yaml'}: 2:3: settings: unknown key 'fail_onn' (did you mean 'fail_on'?)".replace(
            "rules.yaml: 2:3", "rules.yaml:2:3"
        )
    ]


def test_catastrophic_user_pattern_fails_that_rule_and_the_run_goes_on(tmp_path):
    """(a+)+$ on 'aaaa…b' backtracks exponentially: the lexicon timeout (1 s) turns it into tq_rule_failed on that
    file, other rules still report, other files are still checked."""
    (tmp_path / "rules.yaml").write_text(
        "rules:\n  - id: my_slow\n    kind: lexicon\n    severity: warning\n    category: Style/Awkward\n"
        "    message: slow\n    pattern: '(a+)+$'\n",
        encoding="utf-8",
    )
    (tmp_path / "slow.txt").write_text("a" * 5000 + "b und und weiter\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Er sagte und und ging.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "-f", "json", "-j", "1", "slow.txt", "other.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(proc.stdout)
    by_file: dict[str, set[str]] = {}
    for f in report["findings"]:
        by_file.setdefault(f["file"], set()).add(f["rule"])
    assert "tq_rule_failed" in by_file["slow.txt"]
    failed = [f for f in report["findings"] if f["rule"] == "tq_rule_failed"]
    assert len(failed) == 1 and "my_slow" in failed[0]["message"] and "longer than 1 s" in failed[0]["message"]
    assert "p_doubled_word" in by_file["slow.txt"] and "p_doubled_word" in by_file["other.txt"]
    assert proc.returncode == 1  # tq_rule_failed is an error finding, not an input error


def test_precomputed_pack_is_fresh_and_equal_to_the_yaml():
    """tqcheck/data/pack.json must be rebuilt with rules.yaml (python scripts/build_pack.py)."""
    import json

    from tqcheck.config import PACK_JSON, default_rules_path, pack_json

    text = default_rules_path().read_text(encoding="utf-8")
    assert PACK_JSON.read_text(encoding="utf-8") == pack_json(text), "stale: run `python scripts/build_pack.py`"
    assert json.loads(PACK_JSON.read_text(encoding="utf-8"))["data"] == load_yaml(text, "rules.yaml")


def test_config_from_precomputed_pack_equals_config_from_yaml(monkeypatch, tmp_path):
    """The fast path (pack.json) and the YAML path build the same rules; a stale pack.json is ignored."""
    from tqcheck import config as config_mod

    fast = load_config(None)
    stale = tmp_path / "pack.json"
    stale.write_text('{"sha256": "0", "data": {"rules": []}}', encoding="utf-8")
    monkeypatch.setattr(config_mod, "PACK_JSON", stale)
    slow = load_config(None)
    assert len(fast.rules) == len(slow.rules) > 100
    for rid, spec in fast.rules.items():
        other = slow.rules[rid]
        assert (spec.kind, spec.severity, spec.message, spec.params, spec.examples, spec.suggest) == (
            other.kind,
            other.severity,
            other.message,
            other.params,
            other.examples,
            other.suggest,
        ), rid
    assert fast.digests == slow.digests
