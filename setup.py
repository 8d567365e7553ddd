"""Build of the compiled parts of the comparator; everything else is in pyproject.toml.

Two kinds of compiled code, both built by ``pip install -e .`` next to their sources:

- kernels written for the job in Cython (``comparador/_*.pyx``): the union of groups,
  the neighbour search and the splitting of a text into words;
- the modules that read and contrast the texts of every criterion, compiled as they are
  with mypyc (their type annotations become C types).  The Python source stays the
  source: after editing one, run ``pip install -e .`` again (``scripts/probar.sh`` does),
  or the compiled copy keeps running; the test suite refuses to start when a compiled
  module is older than its source.
"""

from Cython.Build import cythonize
from mypyc.build import mypycify
from setuptools import Extension, setup

NUCLEOS = ("_palabras", "_union", "_vecinos")
COMPILADOS_CON_MYPYC = (
    "contraste",
    "normalizacion",
    "numeros",
    "plazos",
    "posturas",
    "predicados",
    "rasgos",
    "sinonimos",
)

setup(
    ext_modules=cythonize(
        [
            Extension(
                f"comparador.{nombre}",
                [f"comparador/{nombre}.pyx"],
                language="c++",
                # Products and sums are rounded one by one, as in Python and in
                # SciPy: a fused multiply-add would round differently and could
                # move a decision that sits on a threshold.
                extra_compile_args=["-O2", "-ffp-contract=off"],
            )
            for nombre in NUCLEOS
        ],
        compiler_directives={"language_level": 3},
    )
    + mypycify(
        ["--ignore-missing-imports"] + [f"comparador/{m}.py" for m in COMPILADOS_CON_MYPYC],
        group_name="comparador",
    )
)
