"""The compiled union of `comparador/_union.pyx` against a plain Python version of it.

`union_referencia` is the loop that `agrupar` ran in Python before the
union was compiled (`_Sumas`, `_casi_iguales` and the loop over edges),
with one change: every sparse dot product adds the products of the common
columns in ascending column order, starting from 0.0, which is the order
the kernel uses.  So both round every value alike and must give the same
groups, bit for bit, even when a decision sits on a threshold.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from scipy import sparse

from comparador import alineacion, comparar
from comparador._union import unir_grupos
from comparador.parametros import Parametros
from comparador.tfidf import normalizar_filas

DESARROLLO = Path(__file__).resolve().parents[1] / "datos" / "desarrollo.json"


# --- Reference implementation ------------------------------------------------------------


def _punto(x: dict[int, float], y: dict[int, float]) -> float:
    """Return the dot product of two sparse vectors, summed in ascending column order."""
    total = 0.0
    for columna in sorted(x.keys() & y.keys()):
        total += x[columna] * y[columna]
    return total


class _Sumas:
    """Rows of the matrix and summed vectors of the merged groups, as dicts column -> value."""

    def __init__(self, puntero: np.ndarray, columnas: np.ndarray, valores: np.ndarray) -> None:
        self.puntero = puntero.tolist()
        self.columnas = columnas.tolist()
        self.valores = valores.tolist()
        # A single row has no sum: its own vector stands for it.
        self.sumas: dict[int, dict[int, float]] = {}

    def fila(self, i: int) -> dict[int, float]:
        inicio, fin = self.puntero[i], self.puntero[i + 1]
        return dict(zip(self.columnas[inicio:fin], self.valores[inicio:fin], strict=True))

    def de(self, grupo: int) -> dict[int, float]:
        suma = self.sumas.get(grupo)
        return self.fila(grupo) if suma is None else suma

    def coseno(self, i: int, j: int) -> float:
        """Return the cosine of rows i and j."""
        return _punto(self.fila(i), self.fila(j))

    def producto(self, a: int, b: int) -> float:
        return _punto(self.de(a), self.de(b))

    def unir(self, a: int, b: int) -> None:
        """Add group b's vector to group a's."""
        suma = dict(self.de(a))
        for columna, valor in self.de(b).items():
            suma[columna] = suma.get(columna, 0.0) + valor
        self.sumas[a] = suma
        self.sumas.pop(b, None)


def _casi_iguales(
    filas: _Sumas,
    de_a: dict[int, list[int]],
    de_b: dict[int, list[int]],
    comunes: set[int],
    umbral: float,
) -> bool:
    """Return whether every garante in both groups has near-identical criteria in each."""
    for garante in comunes:
        if not any(filas.coseno(i, j) >= umbral for i in de_a[garante] for j in de_b[garante]):
            return False
    return True


def union_referencia(
    puntero: np.ndarray,
    columnas: np.ndarray,
    valores: np.ndarray,
    codigo: np.ndarray,
    cohesion: np.ndarray,
    similitudes: np.ndarray,
    origen: np.ndarray,
    destino: np.ndarray,
    umbral: float,
    umbral_mismo_garante: float,
    proporcion_cohesion: float,
    *,
    eventos: Counter[str] | None = None,
) -> list[list[int]]:
    """Return what `unir_grupos` returns, computed in plain Python.

    `eventos`, when given, counts what happened to each edge (for the tests
    to check that their inputs exercise every branch).
    """
    eventos = Counter() if eventos is None else eventos
    n = len(codigo)
    sumas = _Sumas(puntero, columnas, valores)
    codigos = codigo.tolist()
    cohesion_de: dict[int, float] = dict(enumerate(cohesion.tolist()))
    # Each group is named by the row it started from.
    grupo_de = list(range(n))
    miembros: dict[int, list[int]] = {i: [i] for i in range(n)}
    garantes_de: dict[int, dict[int, list[int]]] = {i: {codigos[i]: [i]} for i in range(n)}
    # A pair refused stays refused until one of its groups grows.
    version = [0] * n
    rechazados: dict[tuple[int, int], tuple[int, int]] = {}
    for s, i, j in zip(similitudes.tolist(), origen.tolist(), destino.tolist(), strict=True):
        a, b = grupo_de[i], grupo_de[j]
        if a == b:
            eventos["mismo_grupo"] += 1
            continue
        par = (a, b) if a < b else (b, a)
        estado = (version[par[0]], version[par[1]])
        if rechazados.get(par) == estado:
            eventos["ya_rechazado"] += 1
            continue
        rechazados[par] = estado
        comunes = garantes_de[a].keys() & garantes_de[b].keys()
        if comunes and not _casi_iguales(
            sumas, garantes_de[a], garantes_de[b], comunes, umbral_mismo_garante
        ):
            eventos["mismo_garante"] += 1
            continue
        pares = len(miembros[a]) * len(miembros[b])
        promedio = s if pares == 1 else sumas.producto(a, b) / pares
        if promedio < umbral:
            eventos["umbral"] += 1
            continue
        if promedio < proporcion_cohesion * min(cohesion_de[a], cohesion_de[b]):
            eventos["cohesion"] += 1
            continue
        eventos["union_con_comunes" if comunes else "union"] += 1
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
        cohesion_de[a] = (sumas.producto(a, a) - tam) / (tam * (tam - 1))
        cohesion_de.pop(b)
        for garante, propios in garantes_de.pop(b).items():
            garantes_de[a].setdefault(garante, []).extend(propios)
    grupos = [sorted(m) for g, m in miembros.items() if len(garantes_de[g]) >= 2]
    return sorted(grupos)


# --- Helpers -----------------------------------------------------------------------------


def _entradas_de_agrupar(
    matriz: sparse.csr_matrix, garantes: list[str], parametros: Parametros
) -> tuple[tuple[Any, ...], list[list[int]]]:
    """Return the arguments `agrupar` passes to the kernel, and the groups it returns."""
    llamadas: list[tuple[Any, ...]] = []

    def espia(*argumentos: Any) -> list[list[int]]:
        llamadas.append(argumentos)
        return unir_grupos(*argumentos)

    with pytest.MonkeyPatch.context() as parche:
        parche.setattr(alineacion, "unir_grupos", espia)
        grupos = alineacion.agrupar(matriz, garantes, parametros)
    (argumentos,) = llamadas
    return argumentos, grupos


def _matriz(filas: list[dict[int, float]], columnas: int) -> sparse.csr_matrix:
    """Return a float32 CSR matrix with sorted columns and L2-normalized rows."""
    puntero = np.zeros(len(filas) + 1, dtype=np.int64)
    puntero[1:] = np.cumsum([len(f) for f in filas])
    indices = np.array([c for f in filas for c in sorted(f)], dtype=np.int32)
    datos = np.array([f[c] for f in filas for c in sorted(f)], dtype=np.float32)
    matriz = sparse.csr_matrix((datos, indices, puntero), shape=(len(filas), columnas))
    return normalizar_filas(matriz)


# The kernel's eight arrays, in the order of its arguments.
_Arreglos = tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]


def _argumentos(
    matriz: sparse.csr_matrix,
    codigo: list[int],
    aristas: list[tuple[float, int, int]],
    cohesion: list[float] | None = None,
) -> _Arreglos:
    """Return the kernel's array arguments for a hand-made matrix and edge list."""
    n = matriz.shape[0]
    return (
        matriz.indptr.astype(np.int64),
        matriz.indices.astype(np.int32),
        matriz.data.astype(np.float64),
        np.array(codigo, dtype=np.int64),
        np.array(cohesion if cohesion is not None else [0.0] * n, dtype=np.float64),
        np.array([s for s, _, _ in aristas], dtype=np.float64),
        np.array([i for _, i, _ in aristas], dtype=np.int64),
        np.array([j for _, _, j in aristas], dtype=np.int64),
    )


def _ambas(*argumentos: Any) -> list[list[int]]:
    """Return the kernel's groups after checking the reference gives the same."""
    compilado = unir_grupos(*argumentos)
    assert compilado == union_referencia(*argumentos)
    return compilado


# --- Random inputs -----------------------------------------------------------------------

SEMILLAS = range(20)
CONFIGURACIONES = {
    "omision": Parametros(),
    "laxa": Parametros(
        vecinos=6,
        umbral_mutuo=0.05,
        umbral_vecino=0.2,
        umbral_grupo=0.05,
        umbral_mismo_garante=0.6,
        proporcion_cohesion=0.3,
    ),
    "estricta": Parametros(
        vecinos=4, umbral_grupo=0.3, umbral_mismo_garante=0.95, proporcion_cohesion=0.8
    ),
    "sin_cohesion": Parametros(vecinos=8, umbral_grupo=0.15, proporcion_cohesion=0.0),
}


def _al_azar(semilla: int, filas: int = 0) -> tuple[sparse.csr_matrix, list[str]]:
    """Return a random matrix (few columns, so rows overlap a lot) and each row's garante.

    Some rows are empty, some copy an earlier row exactly or nearly (of the
    same garante or another), so that same-garante merges are both allowed
    and refused.  `filas` rows (when not 0) over more columns, or 20 to 150.
    """
    rng = np.random.default_rng(semilla)
    n = filas or int(rng.integers(20, 150))
    columnas = int(rng.integers(6, 20)) * (1 + n // 500)
    numero_garantes = int(rng.integers(2, 7))
    garantes = [f"g{c}" for c in rng.integers(0, numero_garantes, n)]
    vectores: list[dict[int, float]] = []
    for i in range(n):
        azar = rng.random()
        if azar < 0.05:
            vectores.append({})
        elif azar < 0.25 and vectores:
            original = int(rng.integers(0, len(vectores)))
            copia = dict(vectores[original])
            if rng.random() < 0.5:  # nearly a copy
                for columna in copia:
                    copia[columna] *= float(rng.uniform(0.8, 1.25))
                if rng.random() < 0.5:
                    copia[int(rng.integers(0, columnas))] = float(rng.uniform(0.05, 0.5))
            if rng.random() < 0.5:  # of the same garante
                garantes[i] = garantes[original]
            vectores.append(copia)
        else:
            tamano = int(rng.integers(1, min(6, columnas) + 1))
            elegidas = rng.choice(columnas, size=tamano, replace=False)
            vectores.append({int(c): float(rng.uniform(0.05, 1.0)) for c in elegidas})
    return _matriz(vectores, columnas), garantes


@functools.cache
def _caso(semilla: int, configuracion: str) -> tuple[tuple[Any, ...], list[list[int]]]:
    matriz, garantes = _al_azar(semilla)
    return _entradas_de_agrupar(matriz, garantes, CONFIGURACIONES[configuracion])


@pytest.mark.parametrize("configuracion", sorted(CONFIGURACIONES))
@pytest.mark.parametrize("semilla", SEMILLAS)
def test_al_azar_igual_que_la_referencia(semilla: int, configuracion: str) -> None:
    argumentos, grupos = _caso(semilla, configuracion)
    assert grupos == union_referencia(*argumentos)
    # The arrays are those agrupar builds, of the kernel's types.
    puntero, columnas, valores, codigo, cohesion, similitudes, origen, destino = argumentos[:8]
    assert [a.dtype for a in argumentos[:8]] == [
        np.int64, np.int32, np.float64, np.int64, np.float64, np.float64, np.int64, np.int64
    ]  # fmt: skip
    assert len(puntero) == len(codigo) + 1 == len(cohesion) + 1
    assert len(columnas) == len(valores) and len(similitudes) == len(origen) == len(destino)


@pytest.mark.parametrize("configuracion", ["omision", "laxa"])
@pytest.mark.parametrize("semilla", [100, 101])
def test_al_azar_con_muchas_filas(semilla: int, configuracion: str) -> None:
    matriz, garantes = _al_azar(semilla, filas=2000)
    argumentos, grupos = _entradas_de_agrupar(matriz, garantes, CONFIGURACIONES[configuracion])
    assert grupos == union_referencia(*argumentos)
    assert sum(len(g) >= 3 for g in grupos) >= 10


def test_los_casos_al_azar_recorren_todas_las_ramas() -> None:
    """The random cases merge, refuse for every reason and leave real groups (not vacuous)."""
    eventos: Counter[str] = Counter()
    grupos = grandes = 0
    for semilla in SEMILLAS:
        for configuracion in CONFIGURACIONES:
            argumentos, resultado = _caso(semilla, configuracion)
            union_referencia(*argumentos, eventos=eventos)
            grupos += len(resultado)
            grandes += sum(len(g) >= 3 for g in resultado)
    for evento in (
        "union",
        "union_con_comunes",
        "mismo_grupo",
        "ya_rechazado",
        "mismo_garante",
        "umbral",
        "cohesion",
    ):
        assert eventos[evento] > 0, (evento, eventos)
    assert grupos >= 100 and grandes >= 20, (grupos, grandes)


# --- Development set ---------------------------------------------------------------------


@pytest.mark.skipif(not DESARROLLO.exists(), reason="sin conjunto de desarrollo")
@pytest.mark.parametrize("configuracion", sorted(CONFIGURACIONES))
def test_conjunto_de_desarrollo_igual_que_la_referencia(configuracion: str) -> None:
    datos = json.loads(DESARROLLO.read_text(encoding="utf-8"))
    llamadas: list[tuple[tuple[Any, ...], list[list[int]]]] = []

    def espia(*argumentos: Any) -> list[list[int]]:
        grupos = unir_grupos(*argumentos)
        llamadas.append((argumentos, grupos))
        return grupos

    with pytest.MonkeyPatch.context() as parche:
        parche.setattr(alineacion, "unir_grupos", espia)
        reporte = comparar(datos, parametros=CONFIGURACIONES[configuracion])
    ((argumentos, grupos),) = llamadas
    eventos: Counter[str] = Counter()
    assert grupos == union_referencia(*argumentos, eventos=eventos)
    assert len(grupos) == len(reporte["grupos"]) > 0
    assert eventos["union"] > 0


# --- Edge cases --------------------------------------------------------------------------


def test_sin_aristas() -> None:
    matriz = _matriz([{0: 1.0}, {0: 1.0}, {1: 1.0}], 2)
    assert _ambas(*_argumentos(matriz, [0, 1, 2], []), 0.1, 0.8, 0.5) == []


def test_sin_filas() -> None:
    matriz = _matriz([], 3)
    assert _ambas(*_argumentos(matriz, [], []), 0.1, 0.8, 0.5) == []


def test_fila_vacia() -> None:
    # Row 1 has no columns: its cosine with anything is 0.  A single edge
    # (its similarity given) still merges it with row 3; then groups {0, 2}
    # and {1, 3} are judged by their sums, where row 1 adds nothing.
    matriz = _matriz([{0: 1.0, 1: 0.5}, {}, {0: 0.9, 1: 0.6}, {0: 1.0}], 2)
    aristas = [(0.9, 0, 2), (0.5, 1, 3), (0.4, 0, 1), (0.3, 2, 3)]
    argumentos = _argumentos(matriz, [0, 1, 2, 3], aristas)
    # Mean of the four cosines: (0.89 + 0.83) / 4 = 0.43.
    assert _ambas(*argumentos, 0.1, 0.8, 0.0) == [[0, 1, 2, 3]]
    assert _ambas(*argumentos, 0.5, 0.8, 0.0) == [[0, 2], [1, 3]]
    # And through agrupar, where the empty row has no neighbours.
    garantes = ["a", "b", "c", "d"]
    for parametros in CONFIGURACIONES.values():
        entradas, grupos = _entradas_de_agrupar(matriz, garantes, parametros)
        assert all(1 not in g for g in grupos)
        assert grupos == union_referencia(*entradas)


def test_un_solo_garante_no_forma_grupos() -> None:
    matriz = _matriz([{0: 1.0}, {0: 1.0}, {0: 1.0, 1: 0.1}, {1: 1.0}], 2)
    aristas = [(1.0, 0, 1), (0.99, 0, 2), (0.99, 1, 2), (0.1, 2, 3)]
    argumentos = _argumentos(matriz, [0, 0, 0, 0], aristas)
    eventos: Counter[str] = Counter()
    assert unir_grupos(*argumentos, 0.05, 0.8, 0.0) == []
    assert union_referencia(*argumentos, 0.05, 0.8, 0.0, eventos=eventos) == []
    assert eventos["union_con_comunes"] > 0  # rows did merge, yet no group has two garantes
    # Through agrupar, with one garante's rows.
    for parametros in CONFIGURACIONES.values():
        entradas, grupos = _entradas_de_agrupar(matriz, ["a"] * 4, parametros)
        assert grupos == [] == union_referencia(*entradas)


def test_dos_filas_iguales_del_mismo_garante() -> None:
    # Rows 0 and 1 are the same text of garante 0; row 2 is garante 1's,
    # row 3 another of garante 0 on a nearby question.
    matriz = _matriz([{0: 1.0, 1: 1.0}, {0: 1.0, 1: 1.0}, {0: 1.0, 1: 0.8}, {0: 1.0, 2: 1.0}], 3)
    aristas = [(1.0, 0, 1), (0.99, 0, 2), (0.99, 1, 2), (0.5, 2, 3), (0.5, 0, 3)]
    argumentos = _argumentos(matriz, [0, 0, 1, 0], aristas)
    # Near-identical rows of one garante merge; row 3 (cosine 0.5 with them) does not.
    assert _ambas(*argumentos, 0.1, 0.8, 0.0) == [[0, 1, 2]]
    # With a looser same-garante threshold row 3 joins too.
    assert _ambas(*argumentos, 0.1, 0.4, 0.0) == [[0, 1, 2, 3]]
    # Group {0, 2} holds garante 0's row 0: row 3 (garante 0, cosine 0.5
    # with row 0) is kept out, twice (the second time by the memo), while
    # row 1, a copy of row 0, gets in.
    aristas = [(0.99, 0, 2), (0.6, 3, 2), (0.5, 0, 3), (0.8, 2, 1)]
    argumentos = _argumentos(matriz, [0, 0, 1, 0], aristas)
    eventos: Counter[str] = Counter()
    assert unir_grupos(*argumentos, 0.1, 0.8, 0.0) == [[0, 1, 2]]
    assert union_referencia(*argumentos, 0.1, 0.8, 0.0, eventos=eventos) == [[0, 1, 2]]
    assert eventos["mismo_garante"] == 1 and eventos["ya_rechazado"] == 1
    assert eventos["union_con_comunes"] == 1
    # Through agrupar.
    for parametros in CONFIGURACIONES.values():
        entradas, grupos = _entradas_de_agrupar(matriz, ["a", "a", "b", "a"], parametros)
        assert grupos == union_referencia(*entradas)


def test_un_par_rechazado_no_se_juzga_de_nuevo_hasta_que_crece() -> None:
    matriz = _matriz([{0: 1.0}, {0: 1.0, 1: 0.2}, {0: 1.0, 1: 0.3}], 2)
    # The first edge between singletons 0 and 1 is below the threshold; a
    # second, stronger edge between the same two groups is not judged again.
    aristas = [(0.05, 0, 1), (0.9, 0, 1)]
    argumentos = _argumentos(matriz, [0, 1, 2], aristas)
    eventos: Counter[str] = Counter()
    assert unir_grupos(*argumentos, 0.1, 0.8, 0.0) == []
    assert union_referencia(*argumentos, 0.1, 0.8, 0.0, eventos=eventos) == []
    assert eventos["ya_rechazado"] == 1
    # Once group 1 grows (it takes row 2), the pair is judged again, by the sums.
    aristas = [(0.05, 0, 1), (0.95, 1, 2), (0.9, 0, 1), (0.9, 0, 2)]
    argumentos = _argumentos(matriz, [0, 1, 2], aristas)
    eventos.clear()
    assert unir_grupos(*argumentos, 0.1, 0.8, 0.0) == [[0, 1, 2]]
    assert union_referencia(*argumentos, 0.1, 0.8, 0.0, eventos=eventos) == [[0, 1, 2]]
    assert eventos["ya_rechazado"] == 0 and eventos["mismo_grupo"] == 1
    # Rows 1 and 2 merge (0.95 against half their cohesion); row 0 meets the
    # group at 0.97 on average, below 0.99 of the group's new cohesion
    # (0.996): refused, then met again through the other member: skipped.
    aristas = [(0.95, 1, 2), (0.3, 0, 1), (0.2, 0, 2)]
    argumentos = _argumentos(matriz, [0, 1, 2], aristas, cohesion=[1.0, 0.5, 0.5])
    eventos.clear()
    assert unir_grupos(*argumentos, 0.1, 0.8, 0.99) == [[1, 2]]
    assert union_referencia(*argumentos, 0.1, 0.8, 0.99, eventos=eventos) == [[1, 2]]
    assert eventos["cohesion"] == 1 and eventos["ya_rechazado"] == 1


def _descendente(x: dict[int, float], y: dict[int, float]) -> float:
    """Return the dot product summed in descending column order (another rounding)."""
    total = 0.0
    for columna in sorted(x.keys() & y.keys(), reverse=True):
        total += x[columna] * y[columna]
    return total


def _como_antes(x: dict[int, float], y: dict[int, float]) -> float:
    """Return the dot product as the Python loop summed it, in the order of a set."""
    return sum([x[c] * y[c] for c in x.keys() & y.keys()])


def test_las_decisiones_en_el_umbral_coinciden_bit_a_bit() -> None:
    """Each threshold set exactly at the reference's value: the last bit decides.

    Three dense rows of 40 columns (spread over 10,000, so a set does not
    hold them in ascending order), where summing in another order gives
    another value: a kernel that rounded otherwise would merge or refuse
    on one side of each threshold where the reference does not.
    """
    rng = np.random.default_rng(26)
    columnas = np.sort(rng.choice(10_000, size=40, replace=False)).tolist()
    filas = [{c: float(rng.uniform(0.01, 1.0)) for c in columnas} for _ in range(3)]
    matriz = _matriz(filas, 10_000)
    sumas = _Sumas(matriz.indptr, matriz.indices, matriz.data.astype(np.float64))
    productos = [(sumas.fila(0), sumas.fila(2))]
    coseno = sumas.coseno(0, 2)
    sumas.unir(0, 1)
    productos += [(sumas.de(0), sumas.de(2)), (sumas.de(0), sumas.de(0))]
    promedio = sumas.producto(0, 2) / 2
    cohesion = (sumas.producto(0, 0) - 2) / 2
    for x, y in productos:
        assert _punto(x, y) != _descendente(x, y)
        assert _punto(x, y) != _como_antes(x, y)

    # Average similarity between groups {0, 1} and {2} against umbral_grupo.
    argumentos = _argumentos(matriz, [0, 1, 2], [(1.0, 0, 1), (0.5, 1, 2)])
    assert _ambas(*argumentos, promedio, 0.8, 0.0) == [[0, 1, 2]]
    assert _ambas(*argumentos, float(np.nextafter(promedio, np.inf)), 0.8, 0.0) == [[0, 1]]

    # Rows 0 and 2 of one garante against umbral_mismo_garante.
    argumentos = _argumentos(matriz, [0, 1, 0], [(1.0, 0, 1), (0.5, 1, 2)])
    assert _ambas(*argumentos, 0.0, coseno, 0.0) == [[0, 1, 2]]
    assert _ambas(*argumentos, 0.0, float(np.nextafter(coseno, np.inf)), 0.0) == [[0, 1]]

    # The average against a share of the merged group's cohesion: the
    # largest share that still lets row 2 in, and the next one up.
    parte = promedio / cohesion
    while parte * cohesion > promedio:
        parte = float(np.nextafter(parte, 0.0))
    while float(np.nextafter(parte, np.inf)) * cohesion <= promedio:
        parte = float(np.nextafter(parte, np.inf))
    argumentos = _argumentos(matriz, [0, 1, 2], [(1.0, 0, 1), (0.5, 1, 2)], [0.0, 0.0, 2.0])
    assert _ambas(*argumentos, 0.0, 0.8, parte) == [[0, 1, 2]]
    assert _ambas(*argumentos, 0.0, 0.8, float(np.nextafter(parte, np.inf))) == [[0, 1]]


@pytest.mark.parametrize(
    ("posicion", "tipo"),
    [
        (0, np.int32),  # puntero
        (1, np.int64),  # columnas
        (2, np.float32),  # valores
        (3, np.int32),  # codigo
        (4, np.float32),  # cohesion
        (5, np.float32),  # similitudes
        (6, np.int32),  # origen
        (7, np.float64),  # destino
    ],
)
def test_tipos_equivocados_se_rechazan(posicion: int, tipo: type) -> None:
    matriz = _matriz([{0: 1.0}, {0: 1.0}], 1)
    arreglos = _argumentos(matriz, [0, 1], [(1.0, 0, 1)])
    assert unir_grupos(*arreglos, 0.1, 0.8, 0.5) == [[0, 1]]
    cambiados = list(arreglos)
    cambiados[posicion] = cambiados[posicion].astype(tipo)
    with pytest.raises((ValueError, TypeError), match="dtype mismatch"):
        unir_grupos(*cast(_Arreglos, tuple(cambiados)), 0.1, 0.8, 0.5)


def test_arreglos_no_contiguos_se_rechazan() -> None:
    matriz = _matriz([{0: 1.0}, {0: 1.0}], 1)
    cambiados = list(_argumentos(matriz, [0, 1], [(1.0, 0, 1)]))
    cambiados[2] = np.repeat(cambiados[2], 2)[::2]
    with pytest.raises((ValueError, TypeError), match="contiguous"):
        unir_grupos(*cast(_Arreglos, tuple(cambiados)), 0.1, 0.8, 0.5)
