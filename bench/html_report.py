"""The HTML report on a large input: a file with ~2,000 findings, opened and filtered in headless Chromium.

Run by hand from the repository root (``python bench/html_report.py``); needs selenium and the Debian packages
``chromium`` and ``chromium-driver`` (what ``.ci/run`` installs). It builds the input from the fixture article
(its lines repeated, each copy numbered so no two paragraphs are the same text), writes the report with the CLI,
then per page load measures in the browser:

* first paint / first contentful paint (``performance`` paint entries, from navigation start) and the load event;
* a filter: the time from a check box's click to the second animation frame after it (the frame that shows the
  change), for three filters (a severity, a rule, "Nur Fehler" and back), and the longest main-thread task seen.

Medians over ``--loads`` loads (5). Figures go to stdout and to bench/out/html_report.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import chromium  # noqa: E402

FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"

FILTER_JS = """
const done = arguments[arguments.length - 1];
const el = document.querySelector(arguments[0]);
const t0 = performance.now();
el.click();
const sync = performance.now() - t0;
requestAnimationFrame(() => requestAnimationFrame(() => done([sync, performance.now() - t0])));
"""
PAINT_JS = """
const out = {};
for (const e of performance.getEntriesByType('paint')) out[e.name] = e.startTime;
const nav = performance.getEntriesByType('navigation')[0];
out.dcl = nav.domContentLoadedEventEnd;
out.load = nav.loadEventEnd;
out.marks = document.querySelectorAll('mark[data-f]').length;
out.notes = document.querySelectorAll('li.note').length;
return out;
"""
LONGTASK_JS = """
window.__longest = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
}).observe({type: 'longtask', buffered: true});
"""


def build_input(target: Path, want: int) -> int:
    """The fixture's body repeated until the check finds about ``want`` findings; returns the count."""
    lines = [ln for ln in FIXTURE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    head, body = lines[0], lines[1:]

    def write(copies: int) -> int:
        out = [head, ""]
        for i in range(copies):
            out.append(f"Teil {i + 1}.")
            out.extend(body)
        target.write_text("\n".join(out) + "\n", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "tqcheck.cli", "-f", "json", "--isolated", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        return len(json.loads(proc.stdout)["findings"])

    per_copy = (write(11) - write(1)) / 10  # the name variants' entity grows with every copy
    return write(max(1, round(want / per_copy)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--findings", type=int, default=2000)
    ap.add_argument("--loads", type=int, default=5)
    args = ap.parse_args()
    _, _, why = chromium.find()
    if why:
        sys.exit(f"bench/html_report.py: {why}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "gross.txt"
        n = build_input(src, args.findings)
        report = Path(tmp) / "gross.html"
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tqcheck.cli",
                "-f",
                "html",
                "-o",
                str(report),
                "--isolated",
                "--exit-zero",
                str(src),
            ],
            check=True,
        )
        cli_s = time.perf_counter() - t0
        size = report.stat().st_size
        driver = chromium.make_driver(1400, 900)
        samples: dict[str, list[float]] = {}
        try:
            driver.set_script_timeout(60)
            for _ in range(args.loads):
                driver.get(report.as_uri())
                driver.execute_script(LONGTASK_JS)
                paint = driver.execute_script(PAINT_JS)
                assert paint["notes"] == n, (paint, n)
                for key in ("first-paint", "first-contentful-paint", "dcl", "load"):
                    samples.setdefault(key, []).append(paint[key])
                for name, selector in (
                    ("filter: severity off", 'input[data-group="s"][value="info"]'),
                    ("filter: severity on", 'input[data-group="s"][value="info"]'),
                    ("filter: rule off", 'input[data-group="r"][value="name_variants"]'),
                    ("filter: rule on", 'input[data-group="r"][value="name_variants"]'),
                    ("filter: only errors", "#tq-only-errors"),
                    ("filter: show all", "#tq-show-all"),
                ):
                    sync, frame = driver.execute_async_script(FILTER_JS, selector)
                    samples.setdefault(name + " (script)", []).append(sync)
                    samples.setdefault(name + " (to frame)", []).append(frame)
                samples.setdefault("longest task", []).append(driver.execute_script("return window.__longest"))
        finally:
            driver.quit()
    result = {
        "findings": n,
        "marks": paint["marks"],
        "html_bytes": size,
        "cli_seconds": round(cli_s, 3),
        "loads": args.loads,
        "median_ms": {k: round(statistics.median(v), 1) for k, v in samples.items()},
        "max_ms": {k: round(max(v), 1) for k, v in samples.items()},
    }
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "html_report.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{n} findings, {paint['marks']} mark elements, {size / 1e6:.2f} MB of HTML, written in {cli_s:.2f} s")
    print(f"{'figure':<32} {'median ms':>10} {'max ms':>8}")
    for k in samples:
        print(f"{k:<32} {result['median_ms'][k]:>10} {result['max_ms'][k]:>8}")


if __name__ == "__main__":
    main()
