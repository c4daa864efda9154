"""Packaging hook: the top-level rules.yaml is the single source of the default rule pack; copy it into the
wheel as tqcheck/rules.yaml (tqcheck.config.default_rules_path finds either)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithRules(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "tqcheck" / "rules.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).parent / "rules.yaml", target)


setup(cmdclass={"build_py": BuildPyWithRules})
