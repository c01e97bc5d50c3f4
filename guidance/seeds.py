"""Access to the seed documents (the source protocols) and quote checking.

The seeds live in ``../shared/seeds/`` beside the repository. Set
``STEPWISE_SEEDS`` to point elsewhere. Quotes are compared after whitespace is
collapsed (every run of whitespace becomes one space) and nothing else.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

_WS = re.compile(r"\s+")

REPO_ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    env = os.environ.get("STEPWISE_SEEDS")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "seeds"


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=None)
def seed_text(file_name: str) -> str:
    """The whitespace-normalised text of one seed file."""
    path = seeds_dir() / file_name
    if not path.is_file():
        raise FileNotFoundError(
            f"seed document {file_name!r} not found in {seeds_dir()} "
            "(set STEPWISE_SEEDS to the folder holding the seed texts)"
        )
    return normalise(path.read_text(encoding="utf-8"))


def find_quote(file_name: str, quote: str, start: int = 0) -> int:
    """Position of ``quote`` (normalised) in the normalised seed, or -1."""
    return seed_text(file_name).find(normalise(quote), start)


if __name__ == "__main__":  # python -m guidance.seeds FILE "quote"
    import sys

    if len(sys.argv) != 3:
        sys.exit("usage: python -m guidance.seeds SEED_FILE 'quote'")
    pos = find_quote(sys.argv[1], sys.argv[2])
    print("found at", pos if pos >= 0 else "NOT FOUND")
    sys.exit(0 if pos >= 0 else 1)
