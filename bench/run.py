"""Performance harness for tqcheck (issue 6): cold start, throughput, scaling, parallel speed-up, slowest stage.

Run by hand, never from the test suite: the figures depend on the machine, and the 10 MB case takes a while.

    python bench/run.py                 # everything; table on stdout, raw samples in bench/out/bench.json
    python bench/run.py --quick         # fewer repeats (3 cold / 1 throughput): a smoke test of the harness
    PYTHONPATH=/tmp/proto python bench/run.py --repo /tmp/proto --out bench/out/proto.json   # measure a copy

Every figure is a median of repeated runs (``--cold-runs``, default 7; ``--runs``, default 3) of separate
processes with a warm page cache; the compared cases run in rotation so machine noise hits them alike. A single
run is capped by ``--timeout`` (600 s) and then reported as ``timeout`` instead of hanging. Peak memory is the
child's maximum RSS from ``/usr/bin/time -f %M`` (a small C process, so the parent's own peak does not leak into
``ru_maxrss`` over fork+exec as it would from this Python process); without /usr/bin/time the child is started
through a fresh minimal Python wrapper that reports ``RUSAGE_CHILDREN``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/ is not a package; corpus.py sits next to this file)

TARGETS = {
    "cold_wall_s": 0.25,
    "cold_peak_mb": 120.0,
    "mb_per_s": 2.0,
    "x_hunspell": 8.0,
    "scaling": 10.5,
    "jobs2_speedup": 1.7,
}
TIME_BIN = "/usr/bin/time"
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stderr.write('\\n__MAXRSS_KB__ %d %.2f %.2f\\n' % (ru.ru_maxrss, ru.ru_utime, ru.ru_stime))\n"
    "sys.exit(rc)\n"
)


@dataclass
class Sample:
    wall: float | None  # seconds; None on timeout
    peak_mb: float | None
    cpu: float | None  # user + system seconds of the child and its workers: steadier than wall on a busy machine
    rc: int | None
    stdout_sha: str | None = None


@dataclass
class Case:
    name: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def timed_out(self) -> bool:
        return any(s.wall is None for s in self.samples)

    def median(self, attr: str = "wall") -> float | None:
        vals = [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]
        return statistics.median(vals) if vals and not self.timed_out else None

    def to_dict(self) -> dict:
        return {
            "median_wall_s": self.median(),
            "median_peak_mb": self.median("peak_mb"),
            "median_cpu_s": self.median("cpu"),
            "timeout": self.timed_out,
            "samples": [s.__dict__ for s in self.samples],
        }


def measure(
    cmd: list[str],
    *,
    cwd: Path,
    timeout: float,
    stdin: Path | None = None,
    capture: bool = False,
    env: dict[str, str] | None = None,
) -> Sample:
    """One run of ``cmd`` as a separate process (``env``: its environment, default this one's): wall time, peak RSS
    and (if ``capture``) a hash of stdout.

    The child gets its own session so that a timeout kills the whole group (/usr/bin/time, tqcheck and any
    --jobs workers), not just the direct child.
    """
    if os.path.exists(TIME_BIN):
        full = [TIME_BIN, "-f", "\n__MAXRSS_KB__ %M %U %S", *cmd]
    else:
        full = [sys.executable, "-S", "-c", _WRAPPER, *cmd]
    stdin_f = open(stdin, "rb") if stdin else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            env=env,
            stdin=stdin_f,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        # A blocking wait with a watchdog, not communicate(timeout=...): with a timeout, Popen.wait polls with
        # sleeps growing to 50 ms, so every wall time came out rounded up to the next poll (0.466 or 0.516 s).
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        watchdog = threading.Timer(timeout, kill)
        watchdog.start()
        try:
            out, _ = proc.communicate()
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - t0
        if timed_out.is_set():
            return Sample(None, None, None, None)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    finally:
        if stdin:
            stdin_f.close()  # type: ignore[union-attr]
        err.close()
    peak = cpu = None
    for line in text.splitlines():
        if line.startswith("__MAXRSS_KB__"):
            parts = line.split()
            peak = int(parts[1]) / 1024
            cpu = float(parts[2]) + float(parts[3])
    if proc.returncode not in (0, 1):  # tqcheck: 1 = findings that fail; anything else is a broken run
        sys.stderr.write(f"bench: {' '.join(cmd)} exited {proc.returncode}:\n{text[-2000:]}\n")
    sha = hashlib.sha256(out).hexdigest() if capture and out is not None else None
    return Sample(round(wall, 4), None if peak is None else round(peak, 1), cpu, proc.returncode, sha)


def rotate(cases: dict[str, Case], cmds: dict[str, dict], runs: int, warmup: int = 1) -> None:
    """Run every case ``runs`` times, interleaved; a case that times out is not run again."""
    for i in range(warmup + runs):
        for name, spec in cmds.items():
            case = cases[name]
            if case.timed_out:
                continue
            s = measure(**spec)
            if i >= warmup or s.wall is None:
                case.samples.append(s)
            tag = "warm-up" if i < warmup else f"{i - warmup + 1}/{runs}"
            shown = "timeout" if s.wall is None else f"{s.wall:.3f} s (cpu {s.cpu} s, load {os.getloadavg()[0]:.1f})"
            print(f"  {name:24s} {tag:8s} {shown}", file=sys.stderr, flush=True)


def tqcheck_cmd() -> list[str]:
    """The console script of the interpreter running this harness (same venv), else the one on PATH."""
    script = Path(sys.executable).parent / "tqcheck"
    if script.exists():
        return [str(script)]
    found = shutil.which("tqcheck")
    if found:
        return [found]
    return [sys.executable, "-c", "from tqcheck.cli import main; main()"]


def precompile(repo: Path) -> str:
    """Byte-compile the tqcheck under test, as ``pip install`` does for a wheel, and say where it lives.

    An editable checkout run with PYTHONDONTWRITEBYTECODE=1 (this sandbox sets it) never writes ``__pycache__``,
    so every start would recompile tqcheck's modules from source: ~25 ms that no installed user pays.
    """
    code = "import compileall, os, tqcheck; d = os.path.dirname(tqcheck.__file__); compileall.compile_dir(d, quiet=1); print(d)"
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=False)
    return proc.stdout.strip() or f"not compiled: {proc.stderr.strip()[-200:]}"


def fmt(v: float | None, spec: str = ".3f", unit: str = "", missing: str = "timeout") -> str:
    return missing if v is None else f"{v:{spec}}{unit}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="tqcheck performance harness (issue 6)")
    ap.add_argument("--repo", type=Path, default=REPO, help="tree whose fixtures/ and rules.yaml are used (cwd)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "bench.json")
    ap.add_argument("--cold-runs", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per single run")
    ap.add_argument("--warmup", type=int, default=1, help="unrecorded rounds before the measured ones")
    ap.add_argument("--quick", action="store_true", help="3 cold runs, 1 throughput run")
    ap.add_argument(
        "--skip", action="append", default=[], choices=["cold", "throughput", "files"], help="leave a section out"
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.cold_runs, args.runs = 3, 1
    repo = args.repo.resolve()
    manifest = corpus.build()
    cdir = corpus.OUT
    tq = tqcheck_cmd()
    compiled = precompile(repo)
    hunspell = shutil.which("hunspell")
    have_de = hunspell is not None and Path("/usr/share/hunspell/de_DE.dic").exists()
    run_kw = {"cwd": repo, "timeout": args.timeout}
    cases: dict[str, Case] = {}
    result: dict = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "tqcheck": tq,
        "repo": str(repo),
        "pythonpath": os.environ.get("PYTHONPATH", ""),
        "byte_compiled": compiled,
        "git": _git_state(repo),
        "runs": {"cold": args.cold_runs, "throughput": args.runs, "files": args.runs, "warmup": args.warmup},
        "loadavg_start": os.getloadavg(),
        "corpus": manifest["files"],
    }

    if "cold" not in args.skip:
        print(f"[1] cold start, {args.cold_runs} runs each", file=sys.stderr)
        cmds = {
            "python -c pass": {"cmd": [sys.executable, "-c", "pass"], **run_kw},
            "tqcheck article": {"cmd": [*tq, "fixtures/article-kuwait.txt"], "capture": True, **run_kw},
        }
        cases.update({k: Case(k) for k in cmds})
        rotate(cases, cmds, args.cold_runs, args.warmup)

    if "throughput" not in args.skip:
        print(f"[2] throughput, {args.runs} runs each", file=sys.stderr)
        cmds = {}
        for name in corpus.SIZES:
            path = cdir / name
            cmds[f"tqcheck {name}"] = {"cmd": [*tq, "--jobs", "1", "--format", "json", str(path)], **run_kw}
            if (
                name == list(corpus.SIZES)[-1]
            ):  # one archive dump with the default --jobs (all cores): pieces in parallel
                cmds[f"tqcheck {name} all cores"] = {"cmd": [*tq, "--format", "json", str(path)], **run_kw}
            if have_de:
                cmds[f"hunspell {name}"] = {
                    "cmd": [hunspell, "-d", "de_DE", "-i", "utf-8", "-l"],
                    "stdin": path,
                    **run_kw,
                }
        if not have_de:
            print(
                "  hunspell de_DE missing: apt-get update && apt-get install -y hunspell hunspell-de-de",
                file=sys.stderr,
            )
        cases.update({k: Case(k) for k in cmds})
        rotate(cases, cmds, args.runs, args.warmup)

    if "files" not in args.skip:
        print(f"[4] {corpus.N_ARTICLES} files in one call, {args.runs} runs each", file=sys.stderr)
        art = str(cdir / "articles")
        cmds = {
            f"tqcheck {j} jobs": {"cmd": [*tq, "--jobs", str(j), "--format", "concise", art], "capture": True, **run_kw}
            for j in (1, 2)
        }
        cases.update({k: Case(k) for k in cmds})
        rotate(cases, cmds, args.runs, args.warmup)

    result["loadavg_end"] = os.getloadavg()
    result["cases"] = {k: c.to_dict() for k, c in cases.items()}
    result["figures"] = figures = compute(cases, manifest["files"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_table(figures, args)
    load = max(result["loadavg_start"][0], result["loadavg_end"][0])
    if load > (os.cpu_count() or 1) * 0.5:
        print(
            f"\nwarning: load average up to {load:.1f} on {os.cpu_count()} CPUs: wall times are inflated; "
            "compare the cpu figures in the JSON or rerun on a quiet machine"
        )
    print(f"\nraw samples: {args.out}")
    return 0


def compute(cases: dict[str, Case], files: dict) -> dict:
    """Figures and PASS/FAIL per target from the medians."""
    f: dict = {}

    def med(name: str, attr: str = "wall") -> float | None:
        c = cases.get(name)
        return c.median(attr) if c else None

    if "tqcheck article" in cases:
        f["cold_wall_s"] = med("tqcheck article")
        f["cold_peak_mb"] = med("tqcheck article", "peak_mb")
        f["python_pass_wall_s"] = med("python -c pass")
        f["python_pass_peak_mb"] = med("python -c pass", "peak_mb")
        outs = {s.stdout_sha for s in cases["tqcheck article"].samples}
        f["cold_output_stable"] = len(outs) == 1
    for name in corpus.SIZES:
        if f"tqcheck {name}" not in cases:
            continue
        size, words = files[name]["bytes"], files[name]["words"]
        t = med(f"tqcheck {name}")
        h = med(f"hunspell {name}")
        cpu = med(f"tqcheck {name}", "cpu")
        f[name] = {
            "wall_s": t,
            "cpu_s": cpu,
            "mb_per_s_cpu": size / 1e6 / cpu if cpu else None,
            "peak_mb": med(f"tqcheck {name}", "peak_mb"),
            "mb_per_s": size / 1e6 / t if t else None,
            "words_per_s": words / t if t else None,
            "hunspell_wall_s": h,
            "hunspell_mb_per_s": size / 1e6 / h if h else None,
            "hunspell_words_per_s": words / h if h else None,
            "x_hunspell": h / t if t and h else None,
            "hunspell_ran": f"hunspell {name}" in cases,
        }
        if f"tqcheck {name} all cores" in cases:
            ta = med(f"tqcheck {name} all cores")
            f[name]["all_cores"] = {
                "jobs": os.cpu_count(),
                "wall_s": ta,
                "mb_per_s": size / 1e6 / ta if ta else None,
                "x_hunspell": h / ta if ta and h else None,
            }
    if "1mb.txt" in f and "10mb.txt" in f:
        t1, t10 = f["1mb.txt"]["wall_s"], f["10mb.txt"]["wall_s"]
        f["scaling"] = t10 / t1 if t1 and t10 else None
    if "tqcheck 1 jobs" in cases:
        t1, t2 = med("tqcheck 1 jobs"), med("tqcheck 2 jobs")
        f["jobs1_wall_s"], f["jobs2_wall_s"] = t1, t2
        f["jobs2_speedup"] = t1 / t2 if t1 and t2 else None
        hashes = {s.stdout_sha for n in ("tqcheck 1 jobs", "tqcheck 2 jobs") for s in cases[n].samples}
        f["files_output_identical"] = len(hashes) == 1
        f["files_mb_per_s_jobs1"] = files["articles"]["bytes"] / 1e6 / t1 if t1 else None
    return f


def _x_row(label: str, x: float | None, missing: str) -> tuple[str, str, str, str]:
    """A table row for a ×Hunspell figure and its verdict."""
    ok = None if x is None else x >= TARGETS["x_hunspell"]
    return (label, f"{fmt(x, '.2f', missing=missing)}×", "≥ 8×", verdict(ok))


def print_table(f: dict, args: argparse.Namespace) -> None:
    rows: list[tuple[str, str, str, str]] = []
    if "cold_wall_s" in f:
        n = f"{args.cold_runs} runs"
        rows.append(
            (
                f"python -c pass, wall / peak ({n})",
                f"{fmt(f['python_pass_wall_s'])} s / {fmt(f['python_pass_peak_mb'], '.0f')} MB",
                "",
                "",
            )
        )
        c = f["cold_wall_s"]
        base = f["python_pass_wall_s"]
        rows.append(
            (
                "tqcheck article − python -c pass",
                f"{fmt(None if c is None or base is None else c - base)} s",
                "",
                "",
            )
        )
        rows.append(
            (
                f"cold single article, wall ({n})",
                f"{fmt(c)} s",
                "≤ 0.25 s",
                verdict(None if c is None else c <= TARGETS["cold_wall_s"]),
            )
        )
        m = f["cold_peak_mb"]
        rows.append(
            (
                "cold single article, peak RSS",
                f"{fmt(m, '.0f')} MB",
                "≤ 120 MB",
                verdict(None if m is None else m <= TARGETS["cold_peak_mb"]),
            )
        )
    for name in corpus.SIZES:
        if name not in f:
            continue
        g = f[name]
        na = "timeout" if g["hunspell_ran"] else "n/a (no hunspell de_DE)"
        n = f"{args.runs} runs"
        rows.append(
            (
                f"{name}: tqcheck wall / cpu / peak ({n})",
                f"{fmt(g['wall_s'], '.2f')} s / {fmt(g['cpu_s'], '.2f')} s / {fmt(g['peak_mb'], '.0f')} MB",
                "",
                "",
            )
        )
        mbs = g["mb_per_s"]
        rows.append(
            (
                f"{name}: tqcheck MB/s, words/s",
                f"{fmt(mbs, '.2f')} MB/s, {fmt(g['words_per_s'], ',.0f')} w/s",
                "≥ 2 MB/s",
                verdict(None if mbs is None else mbs >= TARGETS["mb_per_s"]),
            )
        )
        rows.append(
            (
                f"{name}: hunspell -l MB/s, words/s",
                f"{fmt(g['hunspell_mb_per_s'], '.2f', missing=na)} MB/s, "
                f"{fmt(g['hunspell_words_per_s'], ',.0f', missing=na)} w/s",
                "",
                "",
            )
        )
        rows.append(_x_row(f"{name}: tqcheck ÷ hunspell throughput (one core)", g["x_hunspell"], na))
        if "all_cores" in g:
            a = g["all_cores"]
            speed = f"{fmt(a['wall_s'], '.2f')} s, {fmt(a['mb_per_s'], '.2f')} MB/s"
            rows.append((f"{name}: default --jobs ({a['jobs']} cores) wall, MB/s", speed, "", ""))
            rows.append(_x_row(f"{name}: tqcheck ÷ hunspell, default --jobs", a["x_hunspell"], na))
    if "scaling" in f:
        s = f["scaling"]
        rows.append(
            (
                "scaling time(10 MB) / time(1 MB)",
                fmt(s, ".1f"),
                "≤ 10.5",
                verdict(None if s is None else s <= TARGETS["scaling"]),
            )
        )
    if "jobs2_speedup" in f:
        rows.append(
            (
                f"2,000 files --jobs 1 / --jobs 2 ({args.runs} runs)",
                f"{fmt(f['jobs1_wall_s'], '.2f')} s / {fmt(f['jobs2_wall_s'], '.2f')} s",
                "",
                "",
            )
        )
        sp = f["jobs2_speedup"]
        rows.append(
            (
                "2,000 files speed-up --jobs 2",
                f"{fmt(sp, '.2f')}×",
                "≥ 1.7×",
                verdict(None if sp is None else sp >= TARGETS["jobs2_speedup"]),
            )
        )
        same = f["files_output_identical"]
        rows.append(("2,000 files stdout identical (1 vs 2 jobs)", "yes" if same else "NO", "identical", verdict(same)))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("figure", "value", "target", "")
    print("\n" + " | ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print("-+-".join("-" * x for x in w))
    for r in rows:
        print(" | ".join(c.ljust(w[i]) for i, c in enumerate(r)))


def _git_state(repo: Path) -> dict:
    """Read-only: the commit and whether the tree had local changes (figures from a dirty tree say so)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, timeout=10)
        return {"head": head.stdout.strip() or None, "dirty_paths": len(dirty.stdout.splitlines())}
    except (OSError, subprocess.SubprocessError):
        return {"head": None, "dirty_paths": None}


if __name__ == "__main__":
    sys.exit(main())
