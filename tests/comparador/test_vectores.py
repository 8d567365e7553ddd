import numpy as np
import pytest
from scipy import sparse

from comparador.vectores import _exactas, _filas_distintas, _mejores_por_fila, vecinos_cercanos


def _aleatoria(
    filas: int, columnas: int, semilla: int, *, duplicadas: int = 0
) -> sparse.csr_matrix:
    """Return a sparse float32 matrix of eighths, with its first rows repeated at the end.

    Eighths keep every product and sum exact, so a dense reference gives
    the same values whatever order it adds them in; few distinct values
    give many ties.
    """
    rng = np.random.default_rng(semilla)
    densa = rng.integers(0, 4, size=(filas, columnas)) * (rng.random((filas, columnas)) < 0.3)
    densa = np.vstack([densa, densa[:duplicadas]]).astype(np.float32) / 8
    return sparse.csr_matrix(densa)


def _mejores_densos(densa: np.ndarray, k: int, *, sin_diagonal: bool):
    """Return the k best columns per row by value, then column, as a loop over rows would."""
    indices = np.full((len(densa), k), -1, dtype=np.int64)
    similitudes = np.zeros((len(densa), k), dtype=np.float32)
    for fila, valores in enumerate(densa):
        candidatos = [
            (-valor, columna)
            for columna, valor in enumerate(valores)
            if valor > 0 and not (sin_diagonal and columna == fila)
        ]
        for puesto, (valor, columna) in enumerate(sorted(candidatos)[:k]):
            indices[fila, puesto] = columna
            similitudes[fila, puesto] = -valor
    return indices, similitudes


@pytest.mark.parametrize(
    ("filas", "k", "semilla"), [(50, 3, 1), (200, 24, 2), (300, 1, 3), (5, 10, 4)]
)
def test_mejores_por_fila_como_ordenar_cada_fila_del_producto(filas, k, semilla):
    # Long rows (hundreds of entries, many ties); eighths keep the sums exact.
    izquierda, derecha = _aleatoria(filas, 600, semilla), _aleatoria(600, 600, semilla + 10)
    esperado = _mejores_densos((izquierda @ derecha).toarray(), k, sin_diagonal=False)
    obtenido = _mejores_por_fila(izquierda, derecha, k)
    np.testing.assert_array_equal(obtenido[0], esperado[0])
    np.testing.assert_array_equal(obtenido[1], esperado[1])


@pytest.mark.parametrize("semilla", [11, 12, 13])
def test_mejores_por_fila_suma_como_scipy(semilla):
    # Values that do not sum exactly: each row must be summed in SciPy's
    # order (float32, in the order of the left row's entries), bit for bit.
    rng = np.random.default_rng(semilla)
    izquierda = sparse.random(
        300, 400, density=0.05, format="csr", dtype=np.float32, random_state=rng
    )
    derecha = sparse.random(
        400, 500, density=0.05, format="csr", dtype=np.float32, random_state=rng
    )
    producto = (izquierda @ derecha).tocsr()
    esperado = _mejores_densos(producto.toarray(), 7, sin_diagonal=False)
    obtenido = _mejores_por_fila(izquierda, derecha, 7)
    np.testing.assert_array_equal(obtenido[0], esperado[0])
    np.testing.assert_array_equal(obtenido[1], esperado[1])
    assert (obtenido[0] >= 0).sum() > 300  # rows do have neighbours to choose


def test_mejores_por_fila_sin_productos_ni_filas():
    vacia = sparse.csr_matrix((4, 6), dtype=np.float32)
    indices, similitudes = _mejores_por_fila(vacia, sparse.csr_matrix((6, 3), dtype=np.float32), 2)
    assert indices.tolist() == [[-1, -1]] * 4
    assert similitudes.tolist() == [[0.0, 0.0]] * 4
    indices, similitudes = _mejores_por_fila(
        sparse.csr_matrix((0, 6), dtype=np.float32), _aleatoria(6, 5, 1), 3
    )
    assert indices.shape == (0, 3) and similitudes.shape == (0, 3)


def test_filas_distintas_agrupa_las_filas_iguales():
    matriz = _aleatoria(30, 12, 5, duplicadas=10)
    primeras, cual = _filas_distintas(matriz)
    densa = matriz.toarray()
    for fila in range(len(densa)):
        np.testing.assert_array_equal(densa[primeras[cual[fila]]], densa[fila])
        # The representative is the first of its equal rows.
        assert primeras[cual[fila]] == next(
            otra for otra in range(len(densa)) if np.array_equal(densa[otra], densa[fila])
        )
    assert len(primeras) == len({fila.tobytes() for fila in densa})


@pytest.mark.parametrize("semilla", [6, 7, 8])
def test_vecinos_cercanos_sin_la_propia_fila(semilla):
    # Repeated rows share their products; each must still leave out only itself.
    matriz = _aleatoria(120, 40, semilla, duplicadas=40)
    esperado = _mejores_densos((matriz @ matriz.T).toarray(), 12, sin_diagonal=True)
    indices, similitudes = vecinos_cercanos(matriz, k=12)
    np.testing.assert_array_equal(indices, esperado[0])
    np.testing.assert_array_equal(similitudes, esperado[1])


def _desordenada(matriz: sparse.csr_matrix, filas: np.ndarray, semilla: int) -> sparse.csr_matrix:
    """Return a copy of `matriz` with the entries of the given rows in a random order."""
    rng = np.random.default_rng(semilla)
    copia = matriz.copy()
    for fila in filas:
        inicio, fin = copia.indptr[fila], copia.indptr[fila + 1]
        orden = inicio + rng.permutation(fin - inicio)
        copia.indices[inicio:fin] = copia.indices[orden]
        copia.data[inicio:fin] = copia.data[orden]
    copia.has_sorted_indices = False
    return copia


@pytest.mark.parametrize("desordenadas", ["ninguna", "una", "todas"])
@pytest.mark.parametrize("semilla", [21, 22])
def test_exactas_suma_como_scipy(desordenadas, semilla):
    # Whether every row of a lot has sorted columns decides SciPy's order of
    # summing (ascending columns, or the reverse of the left row's order).
    rng = np.random.default_rng(semilla)
    matriz = sparse.random(200, 60, density=0.3, format="csr", dtype=np.float32, random_state=rng)
    matriz.data += np.float32(0.01)  # no stored zeros
    filas = {"ninguna": [], "una": [7], "todas": range(200)}[desordenadas]
    matriz = _desordenada(matriz, np.asarray(filas, dtype=int), semilla)
    indices = rng.integers(-1, 200, size=(200, 9))
    obtenido = _exactas(matriz, indices)

    esperado = np.zeros(indices.shape, dtype=np.float32)
    validos = np.flatnonzero(indices.ravel() >= 0)
    izquierdas = np.repeat(np.arange(200), 9)[validos]
    derechas = indices.ravel()[validos]
    productos = matriz[izquierdas].multiply(matriz[derechas])
    esperado.ravel()[validos] = np.asarray(productos.sum(axis=1), dtype=np.float32).ravel()
    np.testing.assert_array_equal(obtenido, esperado)
    assert (obtenido > 0).sum() > 1000
    # The orders do round differently here, so the test can tell them apart.
    ascendente = _exactas(matriz.sorted_indices(), indices)
    assert desordenadas == "ninguna" or not np.array_equal(ascendente, obtenido)


def test_exactas_con_filas_vacias_al_final():
    matriz = sparse.csr_matrix(
        np.array([[0.5, 0, 0.5], [0, 1, 0], [0, 0, 0], [0, 0, 0]], dtype=np.float32)
    )
    indices = np.array([[1, 0], [0, 3], [0, -1], [2, -1]])
    assert _exactas(matriz, indices).tolist() == [[0.0, 0.5], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
