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

# Above this many pairs, the average similarity of two groups comes from
# their summed vectors instead of pair by pair.
_MAX_PARES = 2_500


class _Similitudes:
    """Cosine similarities between rows, from the neighbour lists or computed on demand."""

    def __init__(self, matriz: sparse.csr_matrix) -> None:
        self.matriz = matriz
        self.conocidas: dict[tuple[int, int], float] = {}

    def guardar(self, i: int, j: int, valor: float) -> None:
        self.conocidas[(i, j) if i < j else (j, i)] = valor

    def __call__(self, i: int, j: int) -> float:
        clave = (i, j) if i < j else (j, i)
        valor = self.conocidas.get(clave)
        if valor is None:
            valor = float(self.matriz[i].multiply(self.matriz[j]).sum())
            self.conocidas[clave] = valor
        return valor

    def promedio(self, a: list[int], b: list[int]) -> float:
        """Return the mean similarity over all pairs of one row of `a` and one of `b`."""
        if len(a) * len(b) > _MAX_PARES:
            suma_a = np.asarray(self.matriz[a].sum(axis=0)).ravel()
            suma_b = np.asarray(self.matriz[b].sum(axis=0)).ravel()
            return float(suma_a @ suma_b) / (len(a) * len(b))
        return sum(self(i, j) for i in a for j in b) / (len(a) * len(b))


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


def agrupar(
    matriz: sparse.csr_matrix, garantes: Sequence[str], parametros: Parametros
) -> list[list[int]]:
    """Return groups of row indices (each with two or more garantes), sorted, disjoint."""
    n = len(garantes)
    if n < 2:
        return []
    indices, valores = vecinos_cercanos(matriz, k=parametros.vecinos)
    similitud = _Similitudes(matriz)
    for i in range(n):
        for j, s in zip(indices[i], valores[i], strict=True):
            if j >= 0:
                similitud.guardar(i, int(j), float(s))

    grupo_de = list(range(n))
    miembros: dict[int, list[int]] = {i: [i] for i in range(n)}
    garantes_de: dict[int, set[str]] = {i: {garantes[i]} for i in range(n)}
    for s, i, j in _aristas(garantes, indices, valores, parametros):
        a, b = grupo_de[i], grupo_de[j]
        if a == b:
            continue
        comparten = bool(garantes_de[a] & garantes_de[b])
        umbral = parametros.umbral_mismo_garante if comparten else parametros.umbral_grupo
        if len(miembros[a]) * len(miembros[b]) == 1:
            promedio = s
        else:
            promedio = similitud.promedio(miembros[a], miembros[b])
        if promedio < umbral:
            continue
        if len(miembros[a]) < len(miembros[b]):
            a, b = b, a
        for k in miembros[b]:
            grupo_de[k] = a
        miembros[a] += miembros.pop(b)
        garantes_de[a] |= garantes_de.pop(b)

    grupos = [sorted(m) for g, m in miembros.items() if len(garantes_de[g]) >= 2]
    return sorted(grupos)
