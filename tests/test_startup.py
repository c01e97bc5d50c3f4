"""Start-up speedups (stepwise_rasa/speedups.py): skops' trusted types found as
before, and one spaCy pipeline per model; `rasa run` through
stepwise_rasa/serve.py without JAX or TensorFlow. Rasa imports TensorFlow, so
each check runs in a subprocess."""
from .rasa_helpers import MODEL, run_python as run

import pytest


def test_skops_finds_every_ufunc_in_the_same_module_as_before():
    run(r'''
import sys, time
import rasa.core.agent, rasa.server  # TensorFlow and Rasa loaded: the slow case
import stepwise_rasa  # installs the lookup before skops.io is imported
assert "skops.io" not in sys.modules
t = time.perf_counter()
import numpy as np, scipy.special
import skops.io
from skops.io import _trusted_types as tt, _utils
took = time.perf_counter() - t
fast = _utils.whichmodule
original = fast.stepwise_original  # the patch was in place when the trusted types were computed

checked = 0
for module in (np, scipy.special):
    for attr in dir(module):
        obj = getattr(module, attr)
        if isinstance(obj, np.ufunc):
            assert fast(obj, obj.__name__) == original(obj, obj.__name__), attr
            checked += 1
assert checked > 300, checked
assert fast(np.add, "numpy.add") == original(np.add, "numpy.add")  # dotted names: the original lookup
assert fast(object(), "no_such_name_anywhere") == "__main__"

# the trusted lists as the original lookup makes them
_utils.whichmodule = original
try:
    assert tt.NUMPY_UFUNC_TYPE_NAMES == _utils.get_public_type_names(module=np, oftype=np.ufunc)
    assert tt.SCIPY_UFUNC_TYPE_NAMES == _utils.get_public_type_names(module=scipy.special, oftype=np.ufunc)
finally:
    _utils.whichmodule = fast
assert "numpy.core._multiarray_umath.add" in tt.NUMPY_UFUNC_TYPE_NAMES or "numpy.add" in tt.NUMPY_UFUNC_TYPE_NAMES
print(f"skops.io imported in {took:.2f} s")
assert took < 3, took
''')


def test_spacy_pipeline_loaded_once_per_model():
    run(r'''
import os, stepwise_rasa
from rasa.nlu.utils.spacy_utils import SpacyNLP
path = os.environ["STEPWISE_SPACY_MODEL"]
a, b = SpacyNLP.load_model(path), SpacyNLP.load_model(path)
assert a is b and a.model_name == path
assert [t.lemma_ for t in a.model("the children were running")][1] == "child"
''')


@pytest.mark.parametrize("_", [None], ids=["model"])
def test_trained_classifier_loads_with_its_weights(_):
    if not MODEL:
        pytest.skip("no trained model: run through ./stepwise test")
    out = run(r'''
import sys, asyncio, stepwise_rasa
from rasa.core.agent import load_agent
agent = asyncio.run(load_agent(model_path=sys.argv[1]))
nodes = agent.processor.graph_runner._instantiated_nodes
clf = [n._component for name, n in nodes.items() if "SentenceLogisticRegressionClassifier" in name][0]
assert hasattr(clf.clf, "coef_"), "the intent classifier was not loaded from the model"
spacy_nodes = [n._component for name, n in nodes.items() if "SpacyNLP" in name]
assert len(spacy_nodes) == 2 and spacy_nodes[0]._model is spacy_nodes[1]._model
print("ok", clf.clf.coef_.shape)
''', MODEL)
    assert out.startswith("ok")


def test_serve_runs_rasa_without_jax():
    """stepwise_rasa/serve.py: Rasa's command line; for any command but `rasa run`, TensorFlow loaded
    as before, JAX not at all (TensorFlow treats it as optional: its TFLite converter's JAX entry is
    then None)."""
    out = run(r'''
import runpy, sys
sys.argv = ["stepwise_rasa/serve.py", "--version"]
try:
    runpy.run_path("stepwise_rasa/serve.py", run_name="__main__")
except SystemExit as e:
    assert not e.code, e.code
assert "rasa.cli.run" in sys.modules
import rasa.core.run  # what `rasa run` imports: TensorFlow, and its TFLite utilities
assert "tensorflow" in sys.modules
assert not [m for m in sys.modules if m.split(".")[0] in ("jax", "jaxlib")]
from tensorflow.lite.python import util
assert util._xla_computation is None
try:
    import jax  # noqa: F401
except ImportError:
    print("jax refused")
''')
    assert "Rasa Version" in out and "jax refused" in out


@pytest.mark.rasa
def test_serve_answers_and_gives_the_urgent_reply(tmp_path):
    """`rasa run` through stepwise_rasa/serve.py (as ./stepwise runs it): a greeting is answered, a
    disclosure gets the urgent reply, and the Rasa process has neither TensorFlow's nor JAX's
    libraries mapped."""
    if not MODEL:
        pytest.skip("no trained model: run through ./stepwise test")
    import fcntl
    import subprocess
    import sys
    from .rasa_helpers import RASA_LOCK, ROOT, free_port, rest_say, start_actions, stepwise_env, stop, wait_http

    aport, rport = free_port(), free_port()
    env = stepwise_env(tmp_path, aport)
    actions = start_actions(tmp_path, aport, env)
    held = open(RASA_LOCK, "a")
    fcntl.flock(held, fcntl.LOCK_EX)
    log = tmp_path / "rasa.log"
    rasa = subprocess.Popen([sys.executable, str(ROOT / "stepwise_rasa" / "serve.py"), "run", "--model", MODEL,
                             "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
                             "--interface", "127.0.0.1", "--port", str(rport)],
                            cwd=ROOT, env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT)
    rasa.stepwise_lock = held
    try:
        wait_http(f"http://127.0.0.1:{rport}/", rasa, log, 240)
        assert rest_say(rport, "serve-1", "hello")
        replies = rest_say(rport, "serve-2", "her dad hit her and she is scared to go home tonight")
        text = " ".join(m.get("text") or "" for m in replies)
        assert "URGENT" in text and "999" in text, replies
        maps = open(f"/proc/{rasa.pid}/maps").read()
        assert "libtensorflow" not in maps and "/tensorflow/" not in maps and "jaxlib" not in maps
    finally:
        stop(rasa)
        stop(actions)


def _rasa_modules():
    """{module: [(imported module, names or None)]}: the module-level imports of every module of Rasa
    (not those under `if TYPE_CHECKING`)."""
    import ast
    import pathlib

    import rasa

    root = pathlib.Path(rasa.__file__).parent.parent
    out = {}
    for path in (root / "rasa").rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        imports, todo = [], list(ast.parse(path.read_text()).body)
        while todo:
            node = todo.pop()
            if isinstance(node, ast.Import):
                imports += [(a.name, None) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imports.append((node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.dump(node.test):
                todo += node.body + node.orelse
            elif isinstance(node, ast.Try):
                todo += node.body + node.orelse + node.finalbody + [n for h in node.handlers for n in h.body]
        out[name] = imports
    return out


def test_serve_knows_which_rasa_modules_need_tensorflow():
    """serve.py's list of Rasa's modules that import TensorFlow is Rasa's own; every other module of
    Rasa imports from them only names the stand-ins hold, but for the default-component registry,
    which only training imports (and `rasa run` through serve.py refuses)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("serve_under_test", "stepwise_rasa/serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    modules = _rasa_modules()
    direct = {m for m, imports in modules.items() if any(i.split(".")[0] in serve.TENSORFLOW for i, _ in imports)}
    assert direct == set(serve.RASA_TF_MODULES)
    assert set(serve.STAND_INS) <= direct
    beyond = {}
    for m, imports in modules.items():
        if m in direct:
            continue
        for i, names in imports:
            if i in direct and (i not in serve.STAND_INS or names is None or not set(names) <= set(serve.STAND_INS[i])):
                beyond.setdefault(m, []).append((i, names))
            elif names and any(f"{i}.{n}" in direct for n in names):
                beyond.setdefault(m, []).append((i, names))
    assert set(beyond) == {"rasa.engine.recipes.default_components"}, beyond


SERVE_WITHOUT_TF = r"""
import sys
sys.path.insert(0, "stepwise_rasa")
import serve
sys.path.pop(0)
serve.install(without_tensorflow=True)
"""


@pytest.mark.rasa
def test_rasa_run_without_tensorflow_serves_the_model():
    """As in `rasa run` through serve.py: Rasa's server modules and the trained model load with no
    TensorFlow (or Keras, JAX, ...) module imported; the classifier has its weights and the model
    parses and predicts; what needs TensorFlow says so when used."""
    if not MODEL:
        pytest.skip("no trained model: run through ./stepwise test")
    out = run(SERVE_WITHOUT_TF + r'''
import asyncio
import rasa.core.run, rasa.server  # what `rasa run` imports
import stepwise_rasa
from rasa.core.agent import load_agent
from rasa.core.channels import UserMessage
agent = asyncio.run(load_agent(model_path=sys.argv[1]))
assert agent.is_ready()
nodes = agent.processor.graph_runner._instantiated_nodes
clf = [n._component for name, n in nodes.items() if "SentenceLogisticRegressionClassifier" in name][0]
assert hasattr(clf.clf, "coef_"), "the intent classifier was not loaded from the model"
parsed = asyncio.run(agent.parse_message("hello"))
assert parsed["intent"]["name"] == "greet", parsed["intent"]
tracker = asyncio.run(agent.processor.fetch_full_tracker_with_initial_session("no-tf"))
asyncio.run(agent.processor._handle_message_with_tracker(UserMessage("hello", sender_id="no-tf"), tracker))
prediction = agent.processor._predict_next_with_tracker(tracker)
assert prediction.max_confidence > 0.5, prediction
loaded = sorted(m for m in sys.modules if m.split(".")[0] in serve.TENSORFLOW + serve.ABSENT)
assert not loaded, loaded[:5]

from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.utils import train_utils
import copy
assert copy.deepcopy(DIETClassifier) is DIETClassifier and not hasattr(DIETClassifier, "__wrapped__")
for use in (lambda: DIETClassifier.load, lambda: DIETClassifier(), lambda: TEDPolicy.create,
            lambda: train_utils.create_data_generators(None, None, 1),
            lambda: __import__("rasa.core.policies.unexpected_intent_policy"),
            lambda: __import__("rasa.engine.recipes.default_components"),
            lambda: __import__("tensorflow"), lambda: __import__("keras")):
    try:
        use()
    except serve.TensorFlowNotLoaded as e:
        assert "serve.py" in str(e), e
    else:
        raise AssertionError("used without TensorFlow")
print("ok", prediction.max_confidence)
''', MODEL)
    assert out.splitlines()[-1].startswith("ok"), out[-2000:]


def _needing_tensorflow(tmp_path):
    """The trained model, its intent classifier named as Rasa's DIETClassifier (which needs TensorFlow)."""
    import io
    import json
    import tarfile

    out = tmp_path / "diet.tar.gz"
    with tarfile.open(MODEL, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.lstrip("./") == "metadata.json":
                metadata = json.loads(data)
                for node in metadata["predict_schema"]["nodes"].values():
                    if node["uses"].endswith("SentenceLogisticRegressionClassifier"):
                        node["uses"] = "rasa.nlu.classifiers.diet_classifier.DIETClassifier"
                data = json.dumps(metadata).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    return out


@pytest.mark.rasa
def test_rasa_run_without_tensorflow_refuses_a_model_that_needs_it(tmp_path):
    """A model whose prediction graph has a TensorFlow component: serve.py refuses to start Rasa,
    naming it; loaded another way in that process, the model does not load, and the cause is given."""
    import subprocess
    import sys

    from .rasa_helpers import ROOT

    if not MODEL:
        pytest.skip("no trained model: run through ./stepwise test")
    model = _needing_tensorflow(tmp_path)
    r = subprocess.run([sys.executable, str(ROOT / "stepwise_rasa" / "serve.py"), "run", "--model", str(model),
                        "--port", "9"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "rasa.nlu.classifiers.diet_classifier.DIETClassifier" in r.stderr and "STEPWISE_RASA_TENSORFLOW=1" in r.stderr
    assert "Starting Rasa server" not in r.stdout + r.stderr

    out = run(SERVE_WITHOUT_TF + r'''
import asyncio, logging
records = []
logging.getLogger("rasa.core.agent").addHandler(type("H", (logging.Handler,), {"emit": lambda self, r: records.append(r)})())
import stepwise_rasa
from rasa.core.agent import load_agent
agent = asyncio.run(load_agent(model_path=sys.argv[1]))
assert not agent.is_ready()
said = [r.getMessage() for r in records]
assert any(m.startswith("Could not load model") and "DIETClassifier.load needs TensorFlow" in m and "serve.py" in m
           for m in said), said
print("refused")
''', str(model))
    assert out.splitlines()[-1].startswith("refused"), out[-2000:]
