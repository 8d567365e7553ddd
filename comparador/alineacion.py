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
    """Summed TF-IDF vectors of the groups being built, as sorted (indices, values).

    The mean cosine between all pairs of two groups is the dot product of
    their sums divided by the number of pairs, so average linkage costs one
    sparse dot product per merge check, whatever the group sizes.
    """

    def __init__(self, matriz: sparse.csr_matrix) -> None:
        self.matriz = matriz
        self.sumas: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def de(self, grupo: int) -> tuple[np.ndarray, np.ndarray]:
        suma = self.sumas.get(grupo)
        if suma is None:
            inicio, fin = self.matriz.indptr[grupo], self.matriz.indptr[grupo + 1]
            suma = (self.matriz.indices[inicio:fin], self.matriz.data[inicio:fin])
        return suma

    def fila(self, i: int, j: int) -> float:
        """Return the cosine of rows i and j of the matrix."""
        ia, va = self.matriz.indices, self.matriz.data
        pi, pj = self.matriz.indptr, self.matriz.indptr
        fi, fj = slice(pi[i], pi[i + 1]), slice(pj[j], pj[j + 1])
        _, x, y = np.intersect1d(ia[fi], ia[fj], assume_unique=True, return_indices=True)
        return float(np.dot(va[fi][x], va[fj][y]))

    def producto(self, a: int, b: int) -> float:
        (ia, va), (ib, vb) = self.de(a), self.de(b)
        _, pa, pb = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
        return float(np.dot(va[pa], vb[pb]))

    def unir(self, a: int, b: int) -> None:
        (ia, va), (ib, vb) = self.de(a), self.de(b)
        indices, posicion = np.unique(np.concatenate([ia, ib]), return_inverse=True)
        valores = np.bincount(posicion, weights=np.concatenate([va, vb]))
        self.sumas[a] = (indices, valores)
        self.sumas.pop(b, None)


def _aristas(
    garantes: Sequence[str], indices: np.ndarray, valores: np.ndarray, p: Parametros
) -> list[tuple[float, int, int]]:
    """Return the accepted edges (similarity, i, j), strongest first."""
    n = len(garantes)
    # Best neighbour of each row within each other garante.
    mejor: list[dict[str, int]] = [{} for _ in range(n)]
    for i in range(n):
        for j in indices[i]:
            if j < 0:
                break
            g = garantes[j]
            if g != garantes[i] and g not in mejor[i]:
                mejor[i][g] = int(j)
    aristas: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j, s in zip(indices[i], valores[i], strict=True):
            if j < 0:
                break
            j = int(j)
            s = float(s)
            mutuo = mejor[i].get(garantes[j]) == j and mejor[j].get(garantes[i]) == i
            if s >= p.umbral_vecino or (mutuo and s >= p.umbral_mutuo):
                aristas[(i, j) if i < j else (j, i)] = s
    return sorted(((s, i, j) for (i, j), s in aristas.items()), key=lambda a: (-a[0], a[1], a[2]))


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
    return all(
        max(filas.fila(i, j) for i in de_a[garante] for j in de_b[garante]) >= umbral
        for garante in sorted(comunes)
    )


def agrupar(
    matriz: sparse.csr_matrix, garantes: Sequence[str], parametros: Parametros
) -> list[list[int]]:
    """Return groups of row indices (each with two or more garantes), sorted, disjoint."""
    n = len(garantes)
    if n < 2:
        return []
    indices, valores = vecinos_cercanos(matriz, k=parametros.vecinos)
    sumas = _Sumas(matriz)
    # How alike a criterion's closest matches are: texts of one corpus
    # (or one topic) may be paraphrased loosely or copied from templates, so a
    # merge is judged against the cohesion of the groups it joins.
    cohesion: dict[int, float] = {i: float(valores[i, 0]) for i in range(n)}
    # Each group is named by the row it started from.
    grupo_de = list(range(n))
    miembros: dict[int, list[int]] = {i: [i] for i in range(n)}
    garantes_de: dict[int, dict[str, list[int]]] = {i: {garantes[i]: [i]} for i in range(n)}
    for s, i, j in _aristas(garantes, indices, valores, parametros):
        a, b = grupo_de[i], grupo_de[j]
        if a == b:
            continue
        comunes = garantes_de[a].keys() & garantes_de[b].keys()
        if comunes and not _casi_iguales(
            sumas, garantes_de[a], garantes_de[b], comunes, parametros.umbral_mismo_garante
        ):
            continue
        umbral = parametros.umbral_grupo
        pares = len(miembros[a]) * len(miembros[b])
        promedio = s if pares == 1 else sumas.producto(a, b) / pares
        if promedio < umbral:
            continue
        if promedio < parametros.proporcion_cohesion * min(cohesion[a], cohesion[b]):
            continue
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
