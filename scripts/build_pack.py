"""Write tqcheck/data/pack.json, the precomputed default pack, from the top-level rules.yaml.

Run after editing rules.yaml: ``python scripts/build_pack.py``. A stale pack.json is never used (its sha256 no
longer matches rules.yaml, so tqcheck parses the YAML, ~30 ms slower per start) and tests/test_config.py fails
until it is rebuilt. The wheel build (setup.py) writes a fresh one regardless.
"""

from __future__ import annotations

from pathlib import Path

from tqcheck.config import PACK_JSON, pack_json

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    PACK_JSON.write_text(pack_json((ROOT / "rules.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {PACK_JSON}")
