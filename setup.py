"""Packaging hook: the top-level rules.yaml is the single source of the default rule pack; copy it into the
wheel as tqcheck/rules.yaml (tqcheck.config.default_rules_path finds either), with a fresh tqcheck/data/pack.json
(its parsed form, which spares every run ~30 ms of YAML; tqcheck uses it only when its sha256 matches)."""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildPyWithRules(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "tqcheck" / "rules.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "rules.yaml", target)
        sys.path.insert(0, str(ROOT))
        try:
            from tqcheck.config import pack_json

            pack = pack_json((ROOT / "rules.yaml").read_text(encoding="utf-8"))
        except Exception as exc:  # the committed pack.json ships instead; a stale one is ignored at run time
            print(f"warning: pack.json not rebuilt ({exc})", file=sys.stderr)
        else:
            (target.parent / "data" / "pack.json").write_text(pack, encoding="utf-8")
        finally:
            sys.path.remove(str(ROOT))


setup(cmdclass={"build_py": BuildPyWithRules})
