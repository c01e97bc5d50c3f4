"""Shared fixtures. The engine tests import nothing from Rasa or spaCy."""
import datetime as dt

import pytest


@pytest.fixture(scope="session")
def registry():
    from guidance.loader import load

    return load()


@pytest.fixture(scope="session")
def eng(registry):
    from guidance.engine import Engine

    return Engine(registry)


@pytest.fixture
def today():
    return dt.date(2026, 11, 23)
