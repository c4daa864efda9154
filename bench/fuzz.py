"""Fuzzing and stress runs, outside the normal test run (too slow for CI).

    python bench/fuzz.py fuzz [--examples N]      hypothesis with a large budget over decode_bytes → Document →
                                                  Engine.check → fixes, over the config loader (load_yaml +
                                                  merge), over control characters in articles and file names
                                                  through every human-readable report, and over hostile file
                                                  names on disk through the whole CLI (every format, -o,
                                                  --write-baseline) and the pre-commit entry's argument split,
                                                  rules.yaml alias bombs and message templates, and devices,
                                                  pipes, binary, huge and linked files as --config, --baseline,
                                                  score inputs, standard input and a discovered rules.yaml;
                                                  prints how many inputs were tried and any failure.
    python bench/fuzz.py stress [--only NAME]     generates a 100 MB file, a single 10 MB line and 50,000 small
                                                  files in a temp dir, runs tqcheck on each and prints wall time
                                                  and peak RSS; plus pathological single lines that expose
                                                  quadratic behaviour (time at n and 2n, so the ratio shows it);
                                                  and bench/shapes.py's hostile shapes (runs without spaces, digit
                                                  and punctuation runs, control characters, NFD, soft hyphens) at
                                                  growing sizes, with time and peak RSS per shape.

Why hypothesis and not atheris: it is already a test dependency, shrinks failures to a minimal input, and the
same strategies as tests/test_properties.py apply.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTS: dict[str, int] = {}


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


# ------------------------------------------------------------------ fuzz
def fuzz(examples: int) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tqcheck.checks import KINDS
    from tqcheck.config import ConfigError, load_config, load_yaml, merge_over, validate_accept, validate_selectors
    from tqcheck.document import Document
    from tqcheck.engine import RULE_FAILED, Engine
    from tqcheck.fixes import apply as apply_fixes
    from tqcheck.textio import InputError, decode_bytes

    sys.path.insert(0, str(ROOT / "tests"))
    from test_properties import TEXTS, independent_line_col  # the same strategies as the CI properties

    base = load_config(None)
    engine = Engine(base)
    budget = settings(
        max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=False
    )
    failures: list[str] = []

    byte_inputs = st.one_of(
        st.binary(max_size=4000),
        TEXTS.flatmap(
            lambda t: st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]).map(
                lambda enc: t.encode(enc, errors="ignore")
            )
        ),
    )

    @budget
    @given(byte_inputs)
    def pipeline(data: bytes) -> None:
        _count("pipeline")
        try:
            dec = decode_bytes(data)
        except InputError:
            _count("pipeline: refused")
            return
        doc = Document("f.txt", dec.text)
        findings = engine.check(doc)
        for f in findings:
            assert f.rule != RULE_FAILED, f.message
            assert doc.raw[f.start : f.end] == f.match
            assert (f.line, f.column) == independent_line_col(dec.text, f.start)
        fixed, _ = apply_fixes(dec.text, findings, unsafe=True)
        again, _ = apply_fixes(fixed, engine.check(Document("f.txt", fixed)), unsafe=True)
        if again != fixed:
            _count("pipeline: not idempotent")

    keys = [
        "version",
        "settings",
        "rules",
        "id",
        "kind",
        "severity",
        "category",
        "message",
        "terms",
        "pattern",
        "fail_on",
        "select",
        "ignore",
        "accept",
        "quotes",
        "examples",
        "bad",
        "good",
        "suggest",
        "fix",
        "map",
        "per_file_ignores",
        "min_chrf",
        "<<",
        "setings",
        "lexicon",
        "typography",
        "mode",
    ]
    scalars = st.one_of(
        st.sampled_from(
            [
                "error",
                "warning",
                "lexicon",
                "Style/Awkward",
                "(a+)+$",
                "/[x/",
                "/ok/",
                "p_doubled_word",
                "safe",
                "german",
                "2024-13-45",
                "!!python/object:os.system",
                "&a",
                "*a",
                "1e999",
                "~",
                "",
            ]
        ),
        st.text(max_size=20),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.none(),
    )
    values = st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(keys), inner, max_size=5)),
        max_leaves=20,
    )

    def to_yaml(v, indent: int = 0) -> str:
        import json

        return json.dumps(v, default=str, allow_nan=True)  # JSON is YAML; keeps nesting exact

    config_texts = st.one_of(
        st.text(max_size=300),
        st.dictionaries(st.sampled_from(keys), values, max_size=4).map(to_yaml),
        st.fixed_dictionaries(
            {"rules": st.lists(st.dictionaries(st.sampled_from(keys), values, max_size=8), max_size=3)},
            optional={"settings": st.dictionaries(st.sampled_from(keys), values, max_size=5)},
        ).map(to_yaml),
        st.lists(
            st.sampled_from(
                [
                    "settings:",
                    "  fail_on: error",
                    "  select: [p_doubled_word",
                    "rules:",
                    "  - id: x",
                    "    kind: lexicon",
                    "    pattern: '(a'",
                    "  accept: ['/[/']",
                    "x: !!python/object/apply:os.system ['id']",
                    "a: &a [*a]",
                    "\t",
                    "  - &r {id: y}",
                    "  - *r",
                    "version: 2",
                    "settings: {quotes: germn}",
                    "---",
                    "...",
                    "? [a]\n: b",
                ]
            ),
            max_size=10,
        ).map("\n".join),
    )

    @budget
    @given(config_texts)
    def config_loader(text: str) -> None:
        _count("config")
        try:
            data = load_yaml(text, "rules.yaml")
            cfg = merge_over(base, data, "rules.yaml", kinds=KINDS)
            for key in ("select", "ignore", "extend_select"):
                validate_selectors(getattr(cfg, key) or [], cfg.rules, "rules.yaml")
            validate_accept(cfg.accept, "rules.yaml")
        except ConfigError as exc:
            _count("config: refused")
            assert "\n" not in str(exc), str(exc)
            return
        Engine(cfg)  # whatever loads must also build

    terminal, file_names = _hostile_targets(budget, engine)
    targets = (("pipeline", pipeline), ("config", config_loader), ("terminal", terminal), ("file names", file_names))
    targets += (("unicode forms", _unicode_target(budget, engine, TEXTS)),)
    targets += _reads_targets(budget, base, examples)
    for name, fn in targets:
        start = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # report and go on to the next target
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
        print(f"{name}: {COUNTS.get(name, 0)} inputs in {time.perf_counter() - start:.0f} s", flush=True)
    for k, v in sorted(COUNTS.items()):
        print(f"  {k}: {v}")
    for f in failures:
        print("FAILURE", f[:2000])
    return 1 if failures else 0


# German with umlauts, ß and accents, for the NFD and soft-hyphen generator (issue 19, item 20).
UNICODE_WORDS = [
    "Heimbüro",
    "Beratungsräte",
    "Ministerentnahme",
    "Đoković",
    "Erdoğan",
    "Erdogan",
    "Außenminister",
    "Müller",
    "sagte",
    "überfüllt",
    "Pressendienst",
    "Orbán",
    "Orban",
    "Ärger",
    "und",
    "der",
    "Krönung",
]
INVISIBLE = ["\u00ad", "\u200b", "\u2060", "\u00ad\u00ad"]


def _unicode_target(budget, engine, texts):  # noqa: ANN001, ANN202 - hypothesis settings, an Engine, a strategy
    """Unicode forms (issue 19, item 20): a text with random parts decomposed (NFD) and invisible break
    characters put at random places must give the findings of its reader form (NFC, without them): the same
    rules, messages and suggestions in the same order, each quoting the original characters at their own
    line:column, and each fix replacing whole characters of the original (a soft hyphen inside its span too)."""
    import unicodedata

    from hypothesis import given
    from hypothesis import strategies as st

    from tqcheck.document import Document, reader_form

    sys.path.insert(0, str(ROOT / "tests"))
    from test_properties import independent_line_col  # noqa: E402 - beside the other targets

    prose = st.lists(st.one_of(st.sampled_from(UNICODE_WORDS), st.sampled_from([" ", ". ", "\n", ", "])), max_size=40)
    base = st.one_of(prose.map("".join), texts)

    @st.composite
    def mangled(draw) -> str:  # noqa: ANN001 - hypothesis's draw
        text = draw(base)
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
        out, pos = [], 0
        for i, cut in enumerate(cuts):
            part = text[pos:cut]
            out.append(unicodedata.normalize("NFD", part) if i % 2 else part)
            out.append(draw(st.sampled_from(INVISIBLE)) if draw(st.booleans()) else "")
            pos = cut
        out.append(unicodedata.normalize("NFD", text[pos:]) if draw(st.booleans()) else text[pos:])
        return "".join(out)

    def what(findings) -> list[tuple]:  # noqa: ANN001 - findings
        return [(f.rule, f.message, tuple(f.suggestions)) for f in findings]

    @budget
    @given(mangled())
    def unicode_forms(text: str) -> None:
        _count("unicode forms")
        clean = reader_form(text)
        if clean == text:
            _count("unicode forms: already in reader form")
        findings = engine.check(Document("f.txt", text))
        assert what(findings) == what(engine.check(Document("f.txt", clean))), (text, clean)
        for f in findings:
            assert text[f.start : f.end] == f.match or reader_form(text[f.start : f.end]) == f.match, f
            assert (f.line, f.column) == independent_line_col(text, f.start)
            assert (f.end_line, f.end_column) == independent_line_col(text, f.end)
        for f in findings:  # a fix replaces whole characters of the original, soft hyphens in it included
            if f.fix is not None:
                assert 0 <= f.fix.start <= f.fix.end <= len(text), f
                assert clean.startswith(reader_form(text[: f.fix.start])), f

    return unicode_forms


# Terminal commands and other characters a report must show, not pass on (issue 19): CSI, OSC 0 (window title),
# OSC 8 (hyperlink), BEL, a one-byte C1 CSI, NEL, line separators, bidi overrides, noncharacters.
CONTROLS = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example/\x1b\\",
    "\x01",
    "\x7f",
    "\x9b31m",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufffe",
    "\r",
    "\n",
    "\t",
]
# File names a commit can carry: options, standard input, subcommand names, report-line look-alikes, bytes
# that are not UTF-8 (bytes, decoded with surrogateescape as os.listdir would).
HOSTILE_NAMES = [
    "--output-file=README.md",
    "-o",
    "-",
    "--",
    "rules",
    "score",
    "a\nb.txt:1:1: x [error] forged.txt",
    "\x1b[2J.txt",
    "\x1b]0;t\x07.md",
    "a,b:c%0A::error::x.txt",
    "bad\udcff.txt",
    "\udc80\udcfe.txt",
    " leading space.txt",
    "trailing.txt ",
    "\u202eevil.txt",
]


def _shown_safely(out: str) -> str | None:
    """What is wrong with report text ``out``, or None: no control character but line feeds and tabs, no
    bidi override, noncharacter or lone surrogate (checked independently of tqcheck.visible)."""
    import unicodedata

    for ch in out:
        if ch in "\n\t":
            continue
        code = ord(ch)
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs") or code in (0x2028, 0x2029) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            return f"raw U+{code:04X}"
        if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
            return f"raw noncharacter U+{code:04X}"
    return None


def _hostile_targets(budget, engine) -> tuple:
    """The two hypothesis targets of issue 19: control characters through the human-readable reports, and
    hostile file names through the whole command line."""
    import io
    import os
    import shutil
    from contextlib import redirect_stderr, redirect_stdout

    from hypothesis import given
    from hypothesis import strategies as st

    from tqcheck import cli
    from tqcheck.config import load_config
    from tqcheck.document import Document
    from tqcheck.engine import FileResult
    from tqcheck.hook import split
    from tqcheck.report import Run, render
    from tqcheck.report.statistics import render_statistics

    words = st.sampled_from(["Der", "Pressendienst", "Tokayev", "sagte", '"Hallo"', "und und", "--", "NORTLEU", " "])
    hostile_text = st.lists(st.one_of(words, st.sampled_from(CONTROLS), st.text(max_size=3)), max_size=30).map(" ".join)
    name_text = st.one_of(
        st.sampled_from(HOSTILE_NAMES),
        st.lists(st.one_of(st.sampled_from(CONTROLS), st.text(max_size=4)), max_size=5).map("".join),
    )
    cfg = load_config(None)

    @budget
    @given(hostile_text, name_text)
    def terminal(text: str, name: str) -> None:
        _count("terminal")
        doc = Document(name, text)
        findings = engine.check(doc)
        for f in findings:
            f.file = name
        result = FileResult(path=name, findings=findings, document=doc)
        result.notes = [f"note about {name}"]
        for fmt in ("full", "concise", "github", "statistics"):
            run = Run(results=[result], config=cfg, extra={"width": 80})
            out = render_statistics(run, "concise") if fmt == "statistics" else render(fmt, run)
            why = _shown_safely(out.replace("\r\n", "\n")) if fmt != "github" else _shown_safely(out)
            assert why is None, f"{fmt}: {why} for name {name!r}, text {text!r}"
            if fmt == "concise":
                assert len(out.splitlines()) == len(findings) + 1, (name, out)

    @budget
    @given(
        st.lists(st.one_of(st.sampled_from(HOSTILE_NAMES), st.binary(min_size=1, max_size=12)), min_size=1, max_size=4)
    )
    def file_names(raw_names: list) -> None:
        _count("file names")
        tmp = tempfile.mkdtemp(prefix="tqcheck-fuzz-")
        cwd = os.getcwd()
        try:
            os.chdir(tmp)
            names = []
            for raw in raw_names:
                name = os.fsdecode(raw) if isinstance(raw, bytes) else raw
                name = name.replace("/", "_").replace("\0", "_")
                if name in ("", ".", "..") or name in names:
                    continue
                try:
                    with open(name, "w", encoding="utf-8") as fh:
                        fh.write("Der Pressendienst sagte, Tokayev und und NORTLEU.\n")
                except OSError:
                    continue
                names.append(name)
            if not names:
                return
            options, files = split(["--fail-on", "warning", *names])
            assert options == ["--fail-on", "warning"], (options, names)
            assert files == ["./-" if n == "-" else n for n in names], (files, names)
            before = set(os.listdir("."))
            for extra in (
                ["-f", "json"],
                ["-f", "concise"],
                ["-f", "sarif"],
                ["-f", "github"],
                ["-f", "full"],
                ["-f", "json", "-o", "report.json"],
                ["--write-baseline", "base.json"],
            ):
                out, err = io.StringIO(), io.StringIO()
                with redirect_stdout(out), redirect_stderr(err):
                    try:
                        cli.main(["--no-config", "-j", "1", *extra, "--", *files])
                    except SystemExit as exc:
                        code = exc.code
                    else:
                        code = 0
                assert code in (0, 1, 2), (extra, code, err.getvalue()[-500:])
                out.getvalue().encode("utf-8")  # strict: a lone surrogate here is a raw byte on stdout
                if "-f" in extra and extra[1] != "json" and "-o" not in extra:
                    why = _shown_safely(out.getvalue())
                    assert why is None or extra[1] == "github", (extra, why)
                why = _shown_safely(err.getvalue())
                assert why is None, (extra, "stderr", why)
            assert set(os.listdir(".")) - before <= {"report.json", "base.json"}, sorted(set(os.listdir(".")) - before)
            import json

            json.loads(Path("report.json").read_text(encoding="utf-8"))
            json.loads(Path("base.json").read_text(encoding="utf-8"))
        finally:
            os.chdir(cwd)
            shutil.rmtree(tmp, ignore_errors=True)

    return terminal, file_names


def _reads_targets(budget, base, examples: int) -> tuple:
    """Issue 19's reading side: rules.yaml alias bombs and message templates through the loader and a check, and
    devices, pipes, binary, oversized and linked files in every place tqcheck reads one, through the CLI."""
    import os
    import shutil

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tqcheck.checks import KINDS
    from tqcheck.config import ConfigError, merge_over
    from tqcheck.document import Document
    from tqcheck.engine import RULE_FAILED, Engine
    from tqcheck.yamlload import MAX_EXPANDED, load_yaml

    template_parts = st.sampled_from(
        ["„", "{match}", "{why}", "{match:>9999}", "{match!r}", "{match.__class__}", "{match[0]}", "{}", "{0}",
         "{secret}", "{", "}", "{{", "}}", "Text ", "{match:", "{src_sentence}"]
    )  # fmt: skip

    @budget
    @given(
        st.integers(1, 120_000),
        st.integers(1, 60),
        st.integers(1, 6),
        st.lists(template_parts, max_size=6).map("".join),
    )
    def aliases_and_templates(size: int, fanout: int, depth: int, template: str) -> None:
        _count("aliases and templates")
        levels = [f"    - &l0 '{'x' * size}'\n"]  # under an unknown settings key: the loading is what is tested
        for i in range(1, depth + 1):  # each level repeats the one before ``fanout`` times
            levels.append(f"    - &l{i} [" + ", ".join([f"*l{i - 1}"] * fanout) + "]\n")
        bomb = "settings:\n  x:\n" + "".join(levels)
        rule = (
            "rules:\n  - id: p_fuzz\n    kind: lexicon\n    severity: error\n    category: Style/Awkward\n"
            f"    message: {template!r}\n    terms: [Pressendienst]\n"
        )
        expanded = size * fanout**depth
        start = time.perf_counter()
        for text in (bomb, rule):
            try:
                data = load_yaml(text, "rules.yaml")
                assert text is rule or expanded <= MAX_EXPANDED, f"loaded {expanded:,} characters of aliases"
                cfg = merge_over(base, data, "rules.yaml", kinds=KINDS)
            except ConfigError as exc:
                _count("aliases and templates: refused")
                assert "\n" not in str(exc) and len(str(exc)) <= 400, str(exc)[:500]
                continue
            if text is rule:
                for f in Engine(cfg).check(Document("f.txt", "Der Pressendienst sagte es.\n")):
                    assert f.rule != RULE_FAILED, (template, f.message)
                    assert len(f.message) <= len(template) + 100, (template, len(f.message))
        assert time.perf_counter() - start < 20, f"{size}x{fanout}^{depth} took too long"

    kinds_of_node = st.sampled_from(["fifo", "/dev/zero", "directory", "binary", "sparse", "link out", "random"])
    roles = st.sampled_from(["--config", "--baseline", "score ref", "score hyp", "stdin", "discovered"])

    def make(node: str, where: Path, data: bytes) -> str:
        target = where / "input"
        if node == "fifo":
            os.mkfifo(target)
        elif node == "/dev/zero":
            return "/dev/zero"
        elif node == "directory":
            target.mkdir()
        elif node == "binary":
            target.write_bytes(b"\x89PNG\r\n\x1a\n" + data)
        elif node == "sparse":
            with target.open("wb") as fh:
                fh.truncate(300 * 1024 * 1024)
        elif node == "link out":
            outside = Path(tempfile.mkdtemp(prefix="tqcheck-fuzz-out-")) / "secret"
            outside.write_text("secret_key_material: 1\n", encoding="utf-8")
            target.symlink_to(outside)
        else:
            target.write_bytes(data)
        return str(target)

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    @settings(parent=budget, max_examples=max(1, min(examples, 200)))  # a process each: keep the count modest
    @given(kinds_of_node, roles, st.binary(max_size=2000))
    def unusual_inputs(node: str, role: str, data: bytes) -> None:
        _count("unusual inputs")
        tmp = Path(tempfile.mkdtemp(prefix="tqcheck-fuzz-"))
        try:
            (tmp / ".git").mkdir()
            (tmp / "a.txt").write_text("Der Pressendienst sagte es.\n", encoding="utf-8")
            stdin = subprocess.DEVNULL
            if role == "discovered":
                if node == "/dev/zero":
                    (tmp / "rules.yaml").symlink_to("/dev/zero")
                else:
                    os.rename(make(node, tmp, data), tmp / "rules.yaml")
                args = ["a.txt"]
            elif role == "stdin":
                if node in ("directory", "link out", "fifo"):  # no such standard input (a FIFO: empty)
                    return
                stdin = open(make(node, tmp, data), "rb")  # noqa: SIM115 - closed below
                args = ["-"]
            elif role.startswith("score"):
                path = make(node, tmp, data)
                args = ["score", path, "a.txt"] if role == "score hyp" else ["score", "a.txt", path]
            else:
                args = [role, make(node, tmp, data), "a.txt"]
            cmd = [sys.executable, "-m", "tqcheck.cli", *args]
            try:
                proc = subprocess.run(
                    cmd, cwd=tmp, stdin=stdin, capture_output=True, timeout=60, preexec_fn=limit_memory
                )
            finally:
                if stdin is not subprocess.DEVNULL:
                    stdin.close()
            err = proc.stderr.decode("utf-8", "replace")
            assert "Traceback" not in err and "MemoryError" not in err, (node, role, err[-800:])
            assert proc.returncode in (0, 1, 2), (node, role, proc.returncode, err[-300:])
            # a link named on the command line is followed, one found by discovery is not; random bytes may be text
            if node not in ("random", "link out") or role == "--baseline" or (node, role) == ("link out", "discovered"):
                assert proc.returncode == 2, (node, role, proc.returncode, err[-300:])
            assert all(len(line) <= 400 for line in err.splitlines()), (node, role, err[:500])
            assert role != "discovered" or "secret_key_material" not in err, (node, role, err)  # --config: followed
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return (("aliases and templates", aliases_and_templates), ("unusual inputs", unusual_inputs))


# ------------------------------------------------------------------ stress
PARA = (
    "Der Minister Murat Nurtleu reiste am Montag nach Kuwait, wo er mit dem Emir über Investitionen von 46 "
    "Milliarden US-Dollar sprach. „Die Gespräche waren gut“, sagte er. Eventuell folgen weitere Treffen.\n"
)


def _run(paths: list[str], cwd: str, label: str) -> None:
    cmd = [sys.executable, "-m", "tqcheck.cli", "--no-config", "-q", "--exit-zero", "-f", "json", *paths]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = max(peak, before) / 1024
    err = proc.stderr.strip().splitlines()[-1:] if proc.stderr.strip() else []
    print(
        f"{label:<34} exit {proc.returncode}  {took:8.2f} s  peak RSS (max so far) {peak_mb:8.0f} MB  {err}", flush=True
    )


def _inprocess(label: str, text: str) -> float:
    """Decode, prepare (masking, directives) and check ``text`` as the CLI does, in this process; seconds."""
    from tqcheck.config import load_config
    from tqcheck.engine import Engine
    from tqcheck.runner import load_document
    from tqcheck.textio import decode_bytes

    engine = Engine(load_config(None))
    data = text.encode("utf-8")
    start = time.perf_counter()
    engine.check(load_document("x.txt", decode_bytes(data)))
    took = time.perf_counter() - start
    print(f"  {label:<40} {len(text):>10} chars  {took:8.2f} s", flush=True)
    return took


def stress(only: str | None) -> int:
    with tempfile.TemporaryDirectory(prefix="tqcheck-stress-") as tmp:
        t = Path(tmp)
        if only in (None, "big"):
            big = t / "big.txt"
            with big.open("w", encoding="utf-8") as fh:
                n = 0
                while n < 100 * 1024 * 1024:
                    fh.write(PARA)
                    n += len(PARA.encode())
            _run([str(big)], tmp, "100 MB file")
        if only in (None, "line"):
            line = t / "line.txt"
            line.write_text((PARA.replace("\n", " ") * (10 * 1024 * 1024 // len(PARA)))[: 10 * 1024 * 1024], "utf-8")
            _run([str(line)], tmp, "single 10 MB line")
        if only in (None, "many"):
            many = t / "many"
            for i in range(50_000):
                d = many / f"{i // 1000:03d}"
                if i % 1000 == 0:
                    d.mkdir(parents=True)
                (d / f"a{i:05d}.txt").write_text(PARA, encoding="utf-8")
            _run([str(many)], tmp, "50,000 small files")
        if only in (None, "shapes"):  # hostile shapes at growing sizes: time and peak memory per shape (issue 19)
            subprocess.run([sys.executable, str(Path(__file__).with_name("shapes.py"))], check=False)
        if only in (None, "quadratic"):
            print("pathological inputs (time at n and 2n; ~4x means quadratic):")
            cases = {
                "run of periods": lambda n: "." * n,
                "one all-caps sentence": lambda n: "NORTLEU ATTLEU " * (n // 15),
                "one sentence of numbers": lambda n: "Es waren 1.25 und 5 Billionen Dollar, " * (n // 38),
                "transliterations, no German form": lambda n: "Tokayev sprach. " * (n // 16),
                "whitespace run": lambda n: "a" + " " * n + "b",
                # each "[" may start a directive line: its line is found without searching the whole text
                "a bracket on every line": lambda n: "„Ein [Einschub]“ im Text.\n" * (n // 3),
            }
            for label, make in cases.items():
                a = _inprocess(f"{label} (n)", make(20_000))
                b = _inprocess(f"{label} (2n)", make(40_000))
                print(f"  {label}: ratio {b / max(a, 1e-6):.1f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fuzz")
    f.add_argument("--examples", type=int, default=20_000)
    s = sub.add_parser("stress")
    s.add_argument("--only", choices=["big", "line", "many", "quadratic", "shapes"])
    args = ap.parse_args()
    if args.cmd == "fuzz":
        return fuzz(args.examples)
    return stress(args.only)


if __name__ == "__main__":
    sys.exit(main())
