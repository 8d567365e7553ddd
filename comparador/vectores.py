"""TF-IDF vectors of criteria and their sparse top-k nearest neighbours."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from comparador._vecinos import mejores_productos, productos_por_pares
from comparador.normalizacion import terminos
from comparador.paralelo import repartir
from comparador.sinonimos import canonizar
from comparador.tfidf import Idf, contar, normalizar_filas

# Rows of the neighbour search handed out at once to one process.
_BLOQUE = 1024
# Work allowed per criterion in the neighbour search (pairs of criteria
# sharing a word); beyond it the commonest words are left out of the search.
_PRESUPUESTO = 4000
_PARES_POR_LOTE = 200_000


def terminos_tema(texto: str) -> list[str]:
    """Return the terms that say what a text is about: stems, synonyms folded, no numbers.

    Quantities belong to a criterion's stance, not to its topic: "15 días"
    and "10 días" must not pull two criteria apart or together.
    """
    return [p for p in canonizar(terminos(texto)) if not p.isdigit()]


def vectorizar(
    rubros: Sequence[list[str]], textos: Sequence[list[str]], *, peso_rubro: float
) -> sparse.csr_matrix:
    """Return one L2-normalized TF-IDF row per criterion from its rubro and texto terms.

    Rubro and texto share one vocabulary and one IDF (a word of one rubro
    should match the same word in another criterion's texto), are normalized
    apart so a long texto does not drown its rubro, then blended.
    """
    n = len(rubros)
    documentos = [*rubros, *textos]
    if not any(documentos):  # nothing to compare (no criteria, or only numbers)
        return sparse.csr_matrix((n, 0), dtype=np.float32)
    conteos = contar(documentos)
    conteo_rubros, conteo_textos = conteos[:n], conteos[n:]
    # Document frequency counts a criterion once, whether the word is in its
    # rubro, its texto or both.
    idf = Idf((conteo_rubros + conteo_textos).tocsr())
    # Normalized twice, as the scikit-learn pipeline this replaced did (its
    # transformer normalized, then `normalize`): the second pass moves some
    # values by a unit in the last place, and the vectors must not change.
    rubro = normalizar_filas(idf.sublineal(conteo_rubros))
    texto = normalizar_filas(idf.sublineal(conteo_textos))
    matriz = normalizar_filas(sparse.csr_matrix(rubro * np.float32(peso_rubro) + texto))
    return sparse.csr_matrix(matriz.astype(np.float32))


def _para_buscar(matriz: sparse.csr_matrix) -> sparse.csr_matrix:
    """Return the matrix used to find candidate neighbours: the commonest words dropped.

    The sparse product costs the sum, over words, of the square of how many
    criteria use each; words are kept from the rarest up while that cost
    stays within `_PRESUPUESTO` per criterion, so the search stays linear.
    The commonest words add least to a cosine; candidates are then scored
    with the full vectors.  Small corpora keep every word.
    """
    n = matriz.shape[0]
    df = np.bincount(matriz.indices, minlength=matriz.shape[1]).astype(np.float64)
    costo = df * df
    if costo.sum() <= _PRESUPUESTO * n:
        return matriz
    orden = np.argsort(df, kind="stable")
    dentro = np.cumsum(costo[orden]) <= _PRESUPUESTO * n
    columnas = np.sort(orden[dentro])
    return normalizar_filas(sparse.csr_matrix(matriz[:, columnas]))


def _mejores_por_fila(
    izquierda: sparse.csr_matrix, derecha: sparse.csr_matrix, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the k best columns and values of each row of ``izquierda @ derecha``.

    Best means highest value, then lowest column; rows with fewer than k
    positive values are padded with column -1 and value 0.  The product is
    never built (`comparador/_vecinos.pyx`): each row is summed as SciPy
    would sum it and only its best entries are kept.
    """
    return mejores_productos(
        izquierda.indptr.astype(np.int64, copy=False),
        izquierda.indices.astype(np.int32, copy=False),
        izquierda.data.astype(np.float32, copy=False),
        derecha.indptr.astype(np.int64, copy=False),
        derecha.indices.astype(np.int32, copy=False),
        derecha.data.astype(np.float32, copy=False),
        derecha.shape[1],
        k,
    )


def _exactas(matriz: sparse.csr_matrix, indices: np.ndarray) -> np.ndarray:
    """Return the cosine of each row with each of its candidate rows (0 where none).

    The sums are SciPy's (`comparador/_vecinos.pyx`, `productos_por_pares`),
    and so are the lots: SciPy multiplies a lot whose rows all have sorted
    columns by another method, which orders each row's products, and so
    rounds their sum, differently.
    """
    n, k = indices.shape
    filas = np.repeat(np.arange(n, dtype=np.int64), k)
    columnas = indices.ravel().astype(np.int64, copy=False)
    validos = np.flatnonzero(columnas >= 0)
    puntero = matriz.indptr.astype(np.int64, copy=False)
    indices_columna = matriz.indices.astype(np.int32, copy=False)
    valores = matriz.data.astype(np.float32, copy=False)
    # Rows whose columns strictly increase (SciPy's canonical format).
    baja = np.zeros(len(indices_columna) + 1, dtype=np.int64)
    np.cumsum(indices_columna[1:] <= indices_columna[:-1], out=baja[2:])
    # A step down counts only inside a row, not from one row to the next.
    bajas = baja[puntero[1:]] - baja[np.minimum(puntero[:-1] + 1, puntero[1:])]
    ordenada = bajas == 0
    inicios = range(0, len(validos), _PARES_POR_LOTE)

    def lote(numero: int) -> np.ndarray:
        elegidos = validos[inicios[numero] : inicios[numero] + _PARES_POR_LOTE]
        izquierdas, derechas = filas[elegidos], columnas[elegidos]
        canonico = bool(ordenada[izquierdas].all() and ordenada[derechas].all())
        return productos_por_pares(
            puntero, indices_columna, valores, izquierdas, derechas, matriz.shape[1], canonico
        )

    plano = np.zeros(n * k, dtype=np.float32)
    if len(validos):
        plano[validos] = np.concatenate(repartir(lote, len(inicios), lote=1, minimo=2))
    return plano.reshape(n, k)


def _filas_distintas(matriz: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Return the first row of each distinct row, and for each row the number of its distinct row.

    Rows are the same when they hold the same values in the same columns,
    in the same order: then their products with any matrix are the same,
    bit for bit.  Texts written from one template often keep the same
    search words (40,000 synthetic criteria: 27,800 distinct rows).
    """
    n = matriz.shape[0]
    if matriz.dtype != np.float32:  # `vectorizar` gives float32; other values are not packed
        return np.arange(n), np.arange(n)
    largos = np.diff(matriz.indptr)
    # One int64 per entry (column, then the value's bits), rows padded with -1.
    tabla = np.full((n, int(largos.max(initial=0))), -1, dtype=np.int64)
    tabla[
        np.repeat(np.arange(n), largos),
        np.arange(matriz.nnz) - np.repeat(matriz.indptr[:-1], largos),
    ] = (matriz.indices.astype(np.int64) << 32) | matriz.data.view(np.uint32)
    # A stable sort of the rows: the first of equal rows is the lowest.
    orden = np.lexsort(tabla.T[::-1]) if tabla.shape[1] else np.arange(n)
    ordenada = tabla[orden]
    nueva = np.ones(n, dtype=bool)
    nueva[1:] = (ordenada[1:] != ordenada[:-1]).any(axis=1)
    cual = np.empty(n, dtype=np.int64)
    cual[orden] = np.cumsum(nueva) - 1
    return orden[nueva], cual


def _sin_si_misma(
    indices: np.ndarray, similitudes: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's first k candidates other than itself, from k + 1 candidates."""
    propia = indices == np.arange(len(indices))[:, None]
    # A stable sort keeps the others in order and puts the row itself (if
    # there) last; without it, the last candidate goes.
    orden = np.argsort(propia, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(indices, orden, axis=1), np.take_along_axis(
        similitudes, orden, axis=1
    )


def vecinos_cercanos(matriz: sparse.csr_matrix, *, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return, per row, the indices and cosine similarities of its k nearest other rows.

    Similarities are computed in blocks of rows on sparse products, so
    memory stays linear in the number of rows; missing neighbours are index
    -1 with similarity 0.  Rows are sorted best first.
    """
    n = matriz.shape[0]
    k = max(1, min(k, n - 1))
    if n < 2:
        return np.full((n, k), -1, dtype=np.int64), np.zeros((n, k), dtype=np.float32)
    busqueda = _para_buscar(matriz)
    podada = busqueda is not matriz
    # A pruned search may rank a little differently: keep more candidates
    # and let the exact cosines choose.
    candidatos_k = min(n - 1, 2 * k) if podada else k
    traspuesta = busqueda.T.tocsr()
    # Equal rows have equal products: each distinct row is multiplied once,
    # keeping one candidate more, since each of its rows then leaves itself out.
    primeras, cual = _filas_distintas(busqueda)
    distintas = busqueda[primeras]

    def bloque(numero: int) -> tuple[np.ndarray, np.ndarray]:
        inicio = numero * _BLOQUE
        return _mejores_por_fila(distintas[inicio : inicio + _BLOQUE], traspuesta, candidatos_k + 1)

    # Blocks are independent (each row's products are summed in the same
    # order whichever block holds it), so they are shared between processes.
    partes = repartir(bloque, -(-len(primeras) // _BLOQUE), lote=1, minimo=4)
    indices, similitudes = _sin_si_misma(
        np.vstack([i for i, _ in partes])[cual],
        np.vstack([s for _, s in partes])[cual],
        candidatos_k,
    )
    if podada:
        similitudes = _exactas(matriz, indices)
        similitudes[indices < 0] = -1.0
        orden = np.lexsort((indices, -similitudes), axis=1)[:, :k]
        indices = np.take_along_axis(indices, orden, axis=1)
        similitudes = np.take_along_axis(similitudes, orden, axis=1)
        indices[similitudes <= 0] = -1
        similitudes[similitudes <= 0] = 0.0
    return indices, similitudes
