"""Topic alignment: criteria of different garantes on the same question form a grupo temático.

Candidates come from sparse top-k neighbours; edges are accepted when two
criteria are each other's best match across their two garantes, or when
they are simply very similar; groups then grow by average linkage, which
keeps chains (A like B, B like C, A unlike C) from merging topics that only
share vocabulary.  The union itself, edge by edge, is compiled
(`comparador/_union.pyx`): it is the one stage that cannot be shared
between processes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from comparador._union import unir_grupos
from comparador.parametros import Parametros
from comparador.vectores import vecinos_cercanos


def _codigos(garantes: Sequence[str]) -> np.ndarray:
    """Return each row's garante as an int64, numbered in sorted order of the ids.

    What np.unique gives, without sorting an array of Python strings.
    """
    codigo = {garante: numero for numero, garante in enumerate(sorted(set(garantes)))}
    return np.fromiter(map(codigo.__getitem__, garantes), dtype=np.int64, count=len(garantes))


def _aristas(
    codigos: np.ndarray, indices: np.ndarray, valores: np.ndarray, p: Parametros
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the accepted edges as similarities, i and j (i < j), strongest first.

    `codigos` numbers each row's garante (`_codigos`).  Whole-array
    operations over the n x k neighbour table: a loop per neighbour costs
    seconds on large corpora.
    """
    n, k = indices.shape
    validos = indices >= 0
    garante_vecino = np.where(validos, codigos[np.where(validos, indices, 0)], -1)
    # A neighbour is its garante's best for row i when it is the first of
    # that garante in the row (rows are sorted best first); never i's own.
    primero = validos & (garante_vecino != codigos[:, None])
    for columna in range(1, k):
        for anterior in range(columna):
            primero[:, columna] &= garante_vecino[:, columna] != garante_vecino[:, anterior]
    filas, columnas = np.nonzero(primero)
    mejor = np.full((n, int(codigos.max(initial=0)) + 1), -1, dtype=np.int64)
    mejor[filas, garante_vecino[filas, columnas]] = indices[filas, columnas]
    # Mutual: i is also the best of its garante for j.
    mejor_de_vecino = mejor[np.where(validos, indices, 0), codigos[:, None]]
    mutuo = primero & (mejor_de_vecino == np.arange(n)[:, None])
    similitudes = valores.astype(np.float64)  # thresholds compare as Python floats
    aceptada = validos & (
        (similitudes >= p.umbral_vecino) | (mutuo & (similitudes >= p.umbral_mutuo))
    )
    i = np.repeat(np.arange(n, dtype=np.int64), k)[aceptada.ravel()]
    j = indices[aceptada]
    s = similitudes[aceptada]
    # One edge per pair; where a pair appears in both rows, the later row's
    # similarity stands.
    menor, mayor = np.minimum(i, j), np.maximum(i, j)
    _, ultimas = np.unique((menor * n + mayor)[::-1], return_index=True)
    elegidas = len(i) - 1 - ultimas
    menor, mayor, s = menor[elegidas], mayor[elegidas], s[elegidas]
    # np.unique left the pairs sorted by (menor, mayor): a stable sort by
    # similarity alone gives the order of a three-key lexsort, in a third
    # of the time.
    orden = np.argsort(-s, kind="stable")
    return s[orden], menor[orden], mayor[orden]


def agrupar(
    matriz: sparse.csr_matrix,
    garantes: Sequence[str],
    parametros: Parametros,
    *,
    vecinos: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[list[int]]:
    """Return groups of row indices (each with two or more garantes), sorted, disjoint.

    `vecinos` are the rows' nearest neighbours (`vecinos_cercanos`), when
    already computed.
    """
    n = len(garantes)
    if n < 2:
        return []
    indices, valores = vecinos or vecinos_cercanos(matriz, k=parametros.vecinos)
    if not matriz.has_sorted_indices:
        matriz = matriz.sorted_indices()
    codigos = _codigos(garantes)
    similitudes, origen, destino = _aristas(codigos, indices, valores, parametros)
    return unir_grupos(
        matriz.indptr.astype(np.int64),
        matriz.indices.astype(np.int32),
        matriz.data.astype(np.float64),
        codigos,
        # How alike a criterion's closest matches are: texts of one corpus
        # (or one topic) may be paraphrased loosely or copied from templates,
        # so a merge is judged against the cohesion of the groups it joins.
        valores[:, 0].astype(np.float64),
        similitudes,
        origen,
        destino,
        parametros.umbral_grupo,
        parametros.umbral_mismo_garante,
        parametros.proporcion_cohesion,
    )
