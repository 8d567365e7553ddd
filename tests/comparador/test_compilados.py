"""The comparator runs compiled: these tests fail if an install left a module interpreted."""

import importlib
import importlib.machinery

import pytest

# setup.py: Cython kernels and the modules compiled with mypyc.
COMPILADOS = [
    "_palabras",
    "_union",
    "_vecinos",
    "contraste",
    "normalizacion",
    "numeros",
    "plazos",
    "posturas",
    "predicados",
    "rasgos",
    "sinonimos",
]


@pytest.mark.parametrize("nombre", COMPILADOS)
def test_el_modulo_esta_compilado(nombre):
    modulo = importlib.import_module(f"comparador.{nombre}")
    assert modulo.__file__ is not None
    assert modulo.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_setup_compila_los_mismos_modulos():
    from pathlib import Path

    setup = (Path(__file__).resolve().parents[2] / "setup.py").read_text(encoding="utf-8")
    for nombre in COMPILADOS:
        assert f'"{nombre}"' in setup
