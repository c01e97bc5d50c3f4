"""The blank English spaCy pipeline Stepwise uses (no pretrained model).

``spacy.blank("en")`` plus a ``lemmatizer`` in ``lookup`` mode, whose tables
come from the ``spacy-lookups-data`` package at ``initialize()`` time. Saved to
a directory, it is what Rasa's ``SpacyNLP`` loads with ``model: <that dir>``.

    python -m stepwise_nlu.pipeline OUT_DIR [--force]

Idempotent: if OUT_DIR already holds this pipeline for the installed spaCy
version it is left alone; otherwise it is (re)built in a temporary directory
beside OUT_DIR and moved into place, so a reader never sees half a pipeline.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional, Union

PIPELINE_NAME = "stepwise_blank_lookup"
PIPELINE_VERSION = "1.0.0"


def make_nlp():
    """Return a fresh, initialised blank English pipeline with a lookup lemmatizer."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    # Loads the lemma_lookup table from spacy-lookups-data (no network).
    nlp.initialize()
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["description"] = (
        "Blank English tokenizer + lookup lemmatizer (spacy-lookups-data) for "
        "Stepwise; no vectors, no statistical components."
    )
    return nlp


def _is_current(out_dir: Path) -> bool:
    import spacy

    meta_path = out_dir / "meta.json"
    if not (meta_path.is_file() and (out_dir / "config.cfg").is_file()):
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if meta.get("name") != PIPELINE_NAME or meta.get("version") != PIPELINE_VERSION:
        return False
    if not spacy.util.is_compatible_version(spacy.about.__version__, meta.get("spacy_version", "")):
        return False
    if "lemmatizer" not in meta.get("pipeline", []):
        return False
    # the lookup table must have been serialised with the lemmatizer
    return (out_dir / "lemmatizer" / "lookups" / "lookups.bin").is_file()


def build_pipeline(out_dir: Union[str, Path], force: bool = False) -> Path:
    """Build and save the pipeline to ``out_dir``; return the path.

    Does nothing when ``out_dir`` already holds the current pipeline (unless
    ``force``). Refuses to overwrite a directory that is not a spaCy pipeline.
    """
    out = Path(out_dir).resolve()
    if not force and _is_current(out):
        return out
    if out.exists() and any(out.iterdir()) and not (out / "meta.json").is_file():
        raise FileExistsError(f"{out} exists and is not a spaCy pipeline; not overwriting it")

    out.parent.mkdir(parents=True, exist_ok=True)
    nlp = make_nlp()
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        nlp.to_disk(tmp)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stepwise_nlu.pipeline",
        description="Save the blank English + lookup-lemmatizer spaCy pipeline for Rasa's SpacyNLP.",
    )
    parser.add_argument("out_dir", help="directory to write the pipeline to (SpacyNLP `model:`)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    path = build_pipeline(args.out_dir, force=args.force)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
