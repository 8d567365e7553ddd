"""Build of the compiled part of the comparator; everything else is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

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
            for nombre in ("_palabras", "_union", "_vecinos")
        ],
        compiler_directives={"language_level": 3},
    )
)
