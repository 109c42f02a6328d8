"""Every example written in a docstring of ``core`` runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import core

MODULES = sorted(info.name for info in pkgutil.iter_modules(core.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    failures, _ = doctest.testmod(importlib.import_module(f"core.{name}"))
    assert failures == 0
