"""Topic alignment: criteria of different garantes on the same question form a grupo temático.

Candidates come from sparse top-k neighbours; edges are accepted when two
criteria are each other's best match across their two garantes, or when
they are simply very similar; groups then grow by average linkage, which
keeps chains (A like B, B like C, A unlike C) from merging topics that only
share vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from comparador.parametros import Parametros
from comparador.vectores import vecinos_cercanos


class _Sumas:
    """Summed TF-IDF vectors of the groups being built, as dicts column -> value.

    The mean cosine between all pairs of two groups is the dot product of
    their sums divided by the number of pairs, so average linkage costs one
    sparse dot product per merge check, whatever the group sizes.  Vectors
    have a few dozen entries: plain dicts beat numpy calls at that size.
    """

    def __init__(self, matriz: sparse.csr_matrix) -> None:
        self.puntero = matriz.indptr.tolist()
        self.columnas = matriz.indices.tolist()
        self.valores = matriz.data.astype(np.float64).tolist()
        self.sumas: dict[int, dict[int, float]] = {}
        # Rows are read again and again by the merge checks.
        self.filas: dict[int, dict[int, float]] = {}
        self.cosenos: dict[tuple[int, int], float] = {}

    def _vector(self, i: int) -> dict[int, float]:
        vector = self.filas.get(i)
        if vector is None:
            inicio, fin = self.puntero[i], self.puntero[i + 1]
            vector = dict(zip(self.columnas[inicio:fin], self.valores[inicio:fin], strict=True))
            self.filas[i] = vector
        return vector

    def de(self, grupo: int) -> dict[int, float]:
        suma = self.sumas.get(grupo)
        return self._vector(grupo) if suma is None else suma

    @staticmethod
    def _punto(x: dict[int, float], y: dict[int, float]) -> float:
        return sum([x[c] * y[c] for c in x.keys() & y.keys()])

    def fila(self, i: int, j: int) -> float:
        """Return the cosine of rows i and j of the matrix."""
        # The same-garante test asks about the same few pairs over and over
        # (each edge between two groups re-reads their members).
        par = (i, j) if i < j else (j, i)
        coseno = self.cosenos.get(par)
        if coseno is None:
            coseno = self.cosenos[par] = self._punto(self._vector(i), self._vector(j))
        return coseno

    def producto(self, a: int, b: int) -> float:
        return self._punto(self.de(a), self.de(b))

    def unir(self, a: int, b: int) -> None:
        suma = self.sumas.get(a)
        if suma is None:
            suma = self.sumas[a] = dict(self._vector(a))
        for columna, valor in self.de(b).items():
            suma[columna] = suma.get(columna, 0.0) + valor
        self.sumas.pop(b, None)


def _aristas(
    garantes: Sequence[str], indices: np.ndarray, valores: np.ndarray, p: Parametros
) -> tuple[list[float], list[int], list[int]]:
    """Return the accepted edges as similarities, i and j (i < j), strongest first.

    Whole-array operations over the n x k neighbour table: a loop per
    neighbour costs seconds on large corpora.  Three lists rather than a
    list of tuples: zipping them in the caller's loop reuses one tuple.
    """
    n, k = indices.shape
    # Garante codes in sorted order of the ids (what np.unique gives,
    # without sorting an array of Python strings).
    codigo = {garante: numero for numero, garante in enumerate(sorted(set(garantes)))}
    codigos = np.fromiter(map(codigo.__getitem__, garantes), dtype=np.int64, count=n)
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
    return s[orden].tolist(), menor[orden].tolist(), mayor[orden].tolist()


def _casi_iguales(
    filas: _Sumas,
    de_a: dict[str, list[int]],
    de_b: dict[str, list[int]],
    comunes: set[str],
    umbral: float,
) -> bool:
    """Return whether every garante in both groups has near-identical criteria in each.

    One garante rarely has two criteria on one question (a re-issued one is
    nearly a copy), while questions that only share vocabulary or a document
    type usually come from the same garantes: this keeps them apart.
    """
    for garante in comunes:
        propios_a, propios_b = de_a[garante], de_b[garante]
        if len(propios_a) == 1 and len(propios_b) == 1:  # the usual case, without generators
            if filas.fila(propios_a[0], propios_b[0]) < umbral:
                return False
        elif not any(filas.fila(i, j) >= umbral for i in propios_a for j in propios_b):
            return False
    return True


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
    sumas = _Sumas(matriz)
    # How alike a criterion's closest matches are: texts of one corpus
    # (or one topic) may be paraphrased loosely or copied from templates, so a
    # merge is judged against the cohesion of the groups it joins.
    cohesion: dict[int, float] = dict(enumerate(valores[:, 0].astype(np.float64).tolist()))
    # Each group is named by the row it started from.
    grupo_de = list(range(n))
    miembros: dict[int, list[int]] = {i: [i] for i in range(n)}
    garantes_de: dict[int, dict[str, list[int]]] = {i: {garantes[i]: [i]} for i in range(n)}
    umbral = parametros.umbral_grupo
    # Whether two groups may merge depends only on the groups (and, for two
    # single criteria, on their one edge): a pair refused stays refused
    # until one of them grows, so the many edges between the same two
    # groups are not judged again.
    version = [0] * n
    rechazados: dict[tuple[int, int], tuple[int, int]] = {}
    for s, i, j in zip(*_aristas(garantes, indices, valores, parametros), strict=True):
        a, b = grupo_de[i], grupo_de[j]
        if a == b:
            continue
        par = (a, b) if a < b else (b, a)
        estado = (version[par[0]], version[par[1]])
        if rechazados.get(par) == estado:
            continue
        rechazados[par] = estado
        comunes = garantes_de[a].keys() & garantes_de[b].keys()
        if comunes and not _casi_iguales(
            sumas, garantes_de[a], garantes_de[b], comunes, parametros.umbral_mismo_garante
        ):
            continue
        pares = len(miembros[a]) * len(miembros[b])
        promedio = s if pares == 1 else sumas.producto(a, b) / pares
        if promedio < umbral:
            continue
        if promedio < parametros.proporcion_cohesion * min(cohesion[a], cohesion[b]):
            continue
        del rechazados[par]
        version[a] += 1
        version[b] += 1
        if len(miembros[a]) < len(miembros[b]):
            a, b = b, a
        for k in miembros[b]:
            grupo_de[k] = a
        sumas.unir(a, b)
        miembros[a] += miembros.pop(b)
        tam = len(miembros[a])
        cohesion[a] = (sumas.producto(a, a) - tam) / (tam * (tam - 1))
        cohesion.pop(b)
        for garante, propios in garantes_de.pop(b).items():
            garantes_de[a].setdefault(garante, []).extend(propios)

    grupos = [sorted(m) for g, m in miembros.items() if len(garantes_de[g]) >= 2]
    return sorted(grupos)
