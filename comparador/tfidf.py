"""Term counts, sublinear TF-IDF weights and L2 row normalization on SciPy sparse matrices.

The arithmetic is that of scikit-learn's CountVectorizer (with an analyzer
that returns the terms as given), TfidfTransformer(sublinear_tf=True) and
preprocessing.normalize, down to the order of the entries inside each row
and of every floating-point sum, so the matrices are bit for bit the same.
Importing scikit-learn took half a second of every run, more than the
vectors themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import chain

import numpy as np
from scipy import sparse


def contar(documentos: Sequence[list[str]]) -> sparse.csr_matrix:
    """Return the float32 term counts of each document, columns in alphabetical order of terms.

    Inside a row the entries follow the order in which the corpus first
    used each term, as scikit-learn leaves them (it sorts the columns by
    first use, then renumbers them alphabetically without sorting again);
    later sums over a row run in that order.
    """
    primera_vez: defaultdict[str, int] = defaultdict()
    primera_vez.default_factory = primera_vez.__len__
    ids = np.fromiter(map(primera_vez.__getitem__, chain.from_iterable(documentos)), dtype=np.int64)
    largos = np.fromiter(map(len, documentos), dtype=np.int64, count=len(documentos))
    total = len(primera_vez)
    fila = np.repeat(np.arange(len(documentos), dtype=np.int64), largos)
    claves, conteos = np.unique(fila * total + ids, return_counts=True)
    filas, ids = np.divmod(claves, total)
    terminos = list(primera_vez)
    alfabetico = np.empty(total, dtype=np.int32)
    alfabetico[sorted(range(total), key=terminos.__getitem__)] = np.arange(total, dtype=np.int32)
    puntero = np.zeros(len(documentos) + 1, dtype=np.int32)
    np.cumsum(np.bincount(filas, minlength=len(documentos)), out=puntero[1:])
    return sparse.csr_matrix(
        (conteos.astype(np.float32), alfabetico[ids], puntero),
        shape=(len(documentos), total),
    )


def normalizar_filas(matriz: sparse.csr_matrix) -> sparse.csr_matrix:
    """Divide each row of a float32 CSR matrix by its L2 norm, in place; return the matrix.

    As scikit-learn's Cython loop: each square is a float32 product, the
    squares of a row are added in double precision in storage order, and
    each value is divided by the norm in double precision.  Rows are walked
    a position at a time (all rows at once), so a row's sum keeps its order.
    """
    datos, puntero = matriz.data, matriz.indptr
    largos = np.diff(puntero)
    cuadrados = (datos * datos).astype(np.float64)
    sumas = np.zeros(matriz.shape[0], dtype=np.float64)
    # Rows from longest to shortest: at position p, the first `quedan[p]`
    # rows of `por_largo` still have an entry.
    por_largo = np.argsort(-largos, kind="stable")
    largos_ordenados = largos[por_largo]
    inicios = puntero[:-1][por_largo].astype(np.int64)
    maximo = int(largos_ordenados[0]) if len(largos_ordenados) else 0
    quedan = np.searchsorted(-largos_ordenados, -np.arange(maximo), side="left")
    for posicion in range(maximo):
        filas = por_largo[: quedan[posicion]]
        sumas[filas] += cuadrados[inicios[: quedan[posicion]] + posicion]
    normas = np.sqrt(sumas)
    normas[normas == 0.0] = 1.0  # empty rows stay as they are
    fila_de = np.repeat(np.arange(matriz.shape[0]), largos)
    matriz.data = (datos.astype(np.float64) / normas[fila_de]).astype(np.float32)
    return matriz


class Idf:
    """Smoothed inverse document frequencies, as TfidfTransformer(smooth_idf=True) learns them."""

    def __init__(self, conteos: sparse.csr_matrix) -> None:
        # A document counts once per term: `conteos` must not repeat a column in a row.
        df = np.bincount(conteos.indices, minlength=conteos.shape[1]).astype(np.float32)
        df += 1.0
        idf = np.full_like(df, fill_value=conteos.shape[0] + 1, dtype=np.float32)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.pesos = idf

    def sublineal(self, conteos: sparse.csr_matrix) -> sparse.csr_matrix:
        """Return (1 + log tf) x idf of each count, each row L2-normalized (a new matrix)."""
        matriz = conteos.astype(np.float32, copy=True)
        np.log(matriz.data, matriz.data)
        matriz.data += 1.0
        matriz.data *= self.pesos[matriz.indices]
        return normalizar_filas(matriz)
