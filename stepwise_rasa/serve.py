"""``rasa`` (any of its commands) with JAX left unloaded, and ``rasa run``
without TensorFlow.

    python stepwise_rasa/serve.py run --model M --endpoints bot/endpoints.yml ...

Run it by path (not ``-m``), like action_server.py: ``stepwise_rasa/__init__``
imports Rasa, and this must run before Rasa does.

**JAX** (every command). TensorFlow 2.12 imports JAX (``jax.xla_computation``)
for one thing only: its TFLite converter's ``experimental_from_jax``, which it
already treats as optional (``_xla_computation = None`` when JAX cannot be
imported). Stepwise converts nothing to TFLite. Here ``jax`` and ``jaxlib``
cannot be imported: 68 MB of resident memory and 0.4 s of start-up.

**TensorFlow** (``rasa run`` only). No component of Stepwise's pipeline uses
TensorFlow, but Rasa 3.6 imports it while serving, through two chains
(docs/performance.md, "Serving without TensorFlow"):

- ``rasa.nlu.extractors.extractor`` (every entity extractor, and the core
  featurizers through ``EntityTagSpec``) imports ``rasa.utils.train_utils``,
  and uses nothing of it; ``train_utils`` imports the training callbacks and
  batch generator of ``rasa.utils.tensorflow.callback`` and ``.data_generator``
  (Keras classes) at module level, for functions only training calls.
- Loading a model resolves every class of its metadata's *training* graph,
  which names ``DefaultV1RecipeValidator``; its module imports
  ``DIETClassifier``, ``ResponseSelector`` and ``TEDPolicy`` for
  ``issubclass`` checks it makes when training.

In ``rasa run``, TensorFlow and the packages that exist for it (Keras, its hub,
text, estimator and board packages) cannot be imported, nor Rasa's modules
that import TensorFlow (``RASA_TF_MODULES``); importing one of the five the
chains above reach gives a module holding only the names those chains import
(``STAND_INS``), each a class that raises ``TensorFlowNotLoaded`` when called
or asked for any attribute. Every line of Rasa that runs is Rasa's own.
spaCy's thinc already treats TensorFlow as optional. About 370 MB of resident
memory and 2 s of start-up.

A model whose prediction graph needs TensorFlow (DIET, TED, a response
selector, ...) is refused before Rasa starts, with a message saying so; one
that reaches Rasa another way (``--enable-api``) fails to load with
``TensorFlowNotLoaded``, and so does training through the HTTP API.
``STEPWISE_RASA_TENSORFLOW=1`` runs ``rasa run`` with TensorFlow, as Rasa
does. Every other command (``train``, ``shell``, ``test``, ...) loads
TensorFlow as Rasa does.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
    sys.path[0] = str(ROOT)  # run by path: import Stepwise's packages, not this folder's modules as top level

#: top-level packages this process does not load, whatever the command
ABSENT = ("jax", "jaxlib")
#: top-level packages ``rasa run`` does not load: TensorFlow and the packages that exist for it
TENSORFLOW = ("tensorflow", "tensorflow_hub", "tensorflow_text", "tensorflow_estimator",
              "tensorflow_io_gcs_filesystem", "keras", "tensorboard")
#: Rasa 3.6's modules that import TensorFlow at module level (tests/test_startup.py checks the list
#: against Rasa's source)
RASA_TF_MODULES = (
    "rasa.core.policies.ted_policy",
    "rasa.core.policies.unexpected_intent_policy",
    "rasa.nlu.classifiers.diet_classifier",
    "rasa.nlu.featurizers.dense_featurizer.convert_featurizer",
    "rasa.nlu.featurizers.dense_featurizer.lm_featurizer",
    "rasa.nlu.selectors.response_selector",
    "rasa.utils.tensorflow.callback",
    "rasa.utils.tensorflow.crf",
    "rasa.utils.tensorflow.data_generator",
    "rasa.utils.tensorflow.layers",
    "rasa.utils.tensorflow.layers_utils",
    "rasa.utils.tensorflow.metrics",
    "rasa.utils.tensorflow.models",
    "rasa.utils.tensorflow.rasa_layers",
    "rasa.utils.tensorflow.transformer",
    "rasa.utils.tensorflow.types",
)
#: of those, the modules ``rasa run`` imports, and the names imported from them (never used when serving)
STAND_INS = {
    "rasa.utils.tensorflow.callback": ("RasaTrainingLogger", "RasaModelCheckpoint"),
    "rasa.utils.tensorflow.data_generator": ("RasaBatchDataGenerator",),
    "rasa.nlu.classifiers.diet_classifier": ("DIETClassifier",),
    "rasa.nlu.selectors.response_selector": ("ResponseSelector",),
    "rasa.core.policies.ted_policy": ("TEDPolicy",),
}
#: set to 1: ``rasa run`` loads TensorFlow, as Rasa does
WITH_TENSORFLOW = "STEPWISE_RASA_TENSORFLOW"
NOT_LOADED = "TensorFlow, which `rasa run` through stepwise_rasa/serve.py does not load"


class TensorFlowNotLoaded(ImportError):
    """Something needed TensorFlow in a process that does not load it."""


class _NeedsTensorFlow(type):
    """Metaclass of the stand-ins: calling one, or asking it for any attribute it lacks, raises."""

    def __call__(cls, *args, **kwargs):
        raise TensorFlowNotLoaded(f"{cls.__module__}.{cls.__qualname__} needs {NOT_LOADED}")

    def __getattr__(cls, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # protocol probes (copy, inspect, typing) see a plain class
        raise TensorFlowNotLoaded(f"{cls.__module__}.{cls.__qualname__}.{name} needs {NOT_LOADED}")


class _StandInLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__doc__ = f"Stand-in for Rasa's {module.__name__}, which needs {NOT_LOADED}."
        for name in STAND_INS[module.__name__]:
            setattr(module, name, _NeedsTensorFlow(name, (), {"__module__": module.__name__, "__doc__": module.__doc__}))


class _Absent(importlib.abc.MetaPathFinder):
    """Makes the packages of ``ABSENT`` (and their submodules) unimportable; once ``without_tensorflow``
    is set, TensorFlow's too, and Rasa's modules that import it (stand-ins for those of ``STAND_INS``)."""

    without_tensorflow = False

    def find_spec(self, fullname, path, target=None):
        top = fullname.split(".", 1)[0]
        if top in ABSENT:
            raise ImportError(f"{fullname} is not loaded by Stepwise's Rasa server (stepwise_rasa/serve.py)")
        if self.without_tensorflow:
            if top in TENSORFLOW:
                raise TensorFlowNotLoaded(f"{fullname} is not loaded by `rasa run` through stepwise_rasa/serve.py "
                                          f"(TensorFlow and its packages are left out; {WITH_TENSORFLOW}=1 loads them)")
            if fullname in STAND_INS:
                return importlib.machinery.ModuleSpec(fullname, _StandInLoader(), origin="stand-in")
            if fullname in RASA_TF_MODULES:
                raise TensorFlowNotLoaded(f"{fullname} needs {NOT_LOADED}")
        return None


def install(without_tensorflow: bool = False) -> None:
    """Installs the finder (once); with ``without_tensorflow``, TensorFlow is refused from now on."""
    finder = next((f for f in sys.meta_path if isinstance(f, _Absent)), None)
    if finder is None:
        finder = _Absent()
        sys.meta_path.insert(0, finder)
    if without_tensorflow:
        loaded = [m for m in sys.modules if m.split(".", 1)[0] in TENSORFLOW or m in RASA_TF_MODULES]
        if loaded:
            raise RuntimeError(f"TensorFlow is already loaded ({', '.join(sorted(loaded)[:3])}, ...)")
        finder.without_tensorflow = True


def tensorflow_components(model: str | os.PathLike) -> list:
    """Classes of the model archive's prediction graph whose modules need TensorFlow."""
    import json
    import tarfile

    try:
        with tarfile.open(model, "r:gz") as archive:
            member = next(m for m in archive if m.name.lstrip("./") == "metadata.json")
            metadata = json.load(archive.extractfile(member))
        uses = sorted({node["uses"] for node in metadata["predict_schema"]["nodes"].values()})
    except (OSError, tarfile.TarError, StopIteration, ValueError, KeyError, TypeError, AttributeError):
        return []  # not a model archive Rasa can read: Rasa says so when it loads it
    return [u for u in uses if u.rpartition(".")[0] in RASA_TF_MODULES]


def serving_model(args: list) -> str | None:
    """The local model archive ``rasa run ARGS`` would load, if any (Rasa reports a missing one itself)."""
    import argparse

    from rasa.exceptions import ModelNotFound
    from rasa.model import get_local_model
    from rasa.shared.constants import DEFAULT_MODELS_PATH

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-m", "--model", default=DEFAULT_MODELS_PATH)
    model = parser.parse_known_args(args)[0].model
    try:
        return get_local_model(model)
    except ModelNotFound:
        return None


def main() -> None:
    args = sys.argv[1:]
    serving = args[:1] == ["run"] and args[1:2] != ["actions"] and os.environ.get(WITH_TENSORFLOW) != "1"
    install(without_tensorflow=serving)
    if serving:
        model = serving_model(args[1:])
        needs = tensorflow_components(model) if model else []
        if needs:
            sys.exit(f"stepwise_rasa/serve.py: the model {model} uses {', '.join(needs)}, which "
                     f"need{'s' if len(needs) == 1 else ''} TensorFlow; `rasa run` through this script does not "
                     f"load it. Set {WITH_TENSORFLOW}=1 to serve this model.")
    sys.argv = ["rasa", *args]
    runpy.run_module("rasa", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
