"""Start-up speedups (stepwise_rasa/speedups.py): skops' trusted types found as
before, and one spaCy pipeline per model. Rasa imports TensorFlow, so each
check runs in a subprocess."""
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
    """stepwise_rasa/serve.py: Rasa's command line, TensorFlow loaded as before, JAX not at all
    (TensorFlow treats it as optional: its TFLite converter's JAX entry is then None)."""
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
    disclosure gets the urgent reply, and the Rasa process has no JAX library mapped."""
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
        assert "libtensorflow" in maps and "jaxlib" not in maps
    finally:
        stop(rasa)
        stop(actions)
