"""TF-IDF vectors of criteria and their sparse top-k nearest neighbours."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from comparador.normalizacion import terminos
from comparador.sinonimos import canonizar

# Rows of the similarity product computed at once: bounds memory to
# about `_BLOQUE` x n floats whatever the corpus size.
_BLOQUE = 512


def _sin_cifras(palabras: list[str]) -> list[str]:
    """Return the terms with synonyms folded, numbers left out.

    Quantities belong to a criterion's stance, not to its topic: "15 días"
    and "10 días" must not pull two criteria apart or together.
    """
    return [p for p in canonizar(palabras) if not p.isdigit()]


def _identidad(terminos_doc: list[str]) -> list[str]:
    """Return the already analysed terms (sklearn analyzer hook)."""
    return terminos_doc


def vectorizar(
    rubros: Sequence[str], textos: Sequence[str], *, peso_rubro: float
) -> sparse.csr_matrix:
    """Return one L2-normalized TF-IDF row per criterion, rubro and texto blended.

    Rubro and texto share one vocabulary and one IDF (a word of one rubro
    should match the same word in another criterion's texto), are normalized
    apart so a long texto does not drown its rubro, then blended.
    """
    n = len(rubros)
    documentos = [_sin_cifras(terminos(r)) for r in rubros]
    documentos += [_sin_cifras(terminos(t)) for t in textos]
    conteos = CountVectorizer(analyzer=_identidad, dtype=np.float32).fit_transform(documentos)
    conteo_rubros, conteo_textos = conteos[:n], conteos[n:]
    # Document frequency counts a criterion once, whether the word is in its
    # rubro, its texto or both.
    combinados = (conteo_rubros + conteo_textos).tocsr()
    transformador = TfidfTransformer(sublinear_tf=True).fit(combinados)
    rubro = normalize(transformador.transform(conteo_rubros))
    texto = normalize(transformador.transform(conteo_textos))
    matriz = normalize(rubro * np.float32(peso_rubro) + texto).astype(np.float32)
    return sparse.csr_matrix(matriz)


def vecinos_cercanos(matriz: sparse.csr_matrix, *, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return, per row, the indices and cosine similarities of its k nearest other rows.

    Similarities are computed in blocks of rows, so memory stays linear in
    the number of rows; missing neighbours are index -1 with similarity 0.
    """
    n = matriz.shape[0]
    k = max(1, min(k, n - 1))
    indices = np.full((n, k), -1, dtype=np.int64)
    similitudes = np.zeros((n, k), dtype=np.float32)
    if n < 2:
        return indices, similitudes
    traspuesta = matriz.T.tocsc()
    for inicio in range(0, n, _BLOQUE):
        fin = min(n, inicio + _BLOQUE)
        bloque = (matriz[inicio:fin] @ traspuesta).toarray()
        filas = np.arange(fin - inicio)
        bloque[filas, filas + inicio] = -1.0
        # Ties are broken by index (stable sort) so runs are reproducible.
        candidatos = np.argpartition(-bloque, k - 1, axis=1)[:, :k]
        valores = np.take_along_axis(bloque, candidatos, axis=1)
        orden = np.lexsort((candidatos, -valores), axis=1)
        candidatos = np.take_along_axis(candidatos, orden, axis=1)
        valores = np.take_along_axis(valores, orden, axis=1)
        validos = valores > 0
        indices[inicio:fin] = np.where(validos, candidatos, -1)
        similitudes[inicio:fin] = np.where(validos, valores, 0.0)
    return indices, similitudes
