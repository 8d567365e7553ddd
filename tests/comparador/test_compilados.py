"""The comparator runs compiled: these tests fail if an install left a module interpreted."""

import ast
import importlib
import importlib.machinery
from pathlib import Path

import pytest


def _compilados() -> list[str]:
    """Return the modules setup.py compiles: its Cython kernels and its mypyc modules."""
    setup = ast.parse((Path(__file__).resolve().parents[2] / "setup.py").read_text("utf-8"))
    nombres: list[str] = []
    for nodo in setup.body:
        destino = nodo.targets[0] if isinstance(nodo, ast.Assign) else None
        if isinstance(destino, ast.Name) and destino.id in ("NUCLEOS", "COMPILADOS_CON_MYPYC"):
            nombres += ast.literal_eval(nodo.value)
    return nombres


COMPILADOS = _compilados()


def test_setup_nombra_los_modulos_compilados():
    assert {"_union", "_vecinos", "_palabras", "rasgos", "contraste"} <= set(COMPILADOS)


@pytest.mark.parametrize("nombre", COMPILADOS)
def test_el_modulo_esta_compilado(nombre):
    modulo = importlib.import_module(f"comparador.{nombre}")
    assert modulo.__file__ is not None
    assert modulo.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
