"""``rasa`` (any of its commands), with JAX left unloaded.

    python stepwise_rasa/serve.py run --model M --endpoints bot/endpoints.yml ...

Run it by path (not ``-m``), like action_server.py: ``stepwise_rasa/__init__``
imports Rasa, and this must run before Rasa does.

Rasa 3.6 imports TensorFlow at start-up whatever the pipeline, and
TensorFlow 2.12 imports JAX (``jax.xla_computation``) for one thing only: its
TFLite converter's ``experimental_from_jax``, which it already treats as
optional (``_xla_computation = None`` when JAX cannot be imported). Stepwise
converts nothing to TFLite. Loading JAX cost the Rasa process about 68 MB of
resident memory and 0.4 s of its start (docs/performance.md, "Where start-up
and memory go"); here ``jax`` and ``jaxlib`` cannot be imported, and then
Rasa's command line runs as ``python -m rasa`` would run it.
"""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
    sys.path[0] = str(ROOT)  # run by path: import Stepwise's packages, not this folder's modules as top level

#: top-level packages this process does not load
ABSENT = ("jax", "jaxlib")


class _Absent:
    """Makes the packages of ``ABSENT`` (and their submodules) unimportable."""

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".", 1)[0] in ABSENT:
            raise ImportError(f"{fullname} is not loaded by Stepwise's Rasa server (stepwise_rasa/serve.py)")
        return None


def install() -> None:
    if not any(isinstance(f, _Absent) for f in sys.meta_path):
        sys.meta_path.insert(0, _Absent())


def main() -> None:
    install()
    sys.argv = ["rasa", *sys.argv[1:]]
    runpy.run_module("rasa", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
