# distutils: language = c++
# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The best entries of each row of a sparse product, without building the product.

The neighbour search multiplies blocks of criteria by the transposed
matrix: tens of millions of products per block on large corpora, of which
each row keeps a dozen.  SciPy builds the whole product (and numpy then
has to pass over it several times to choose); here each row is summed into
one dense accumulator and only its best entries are kept.

Each row's sums are formed exactly as SciPy's `csr_matmat` forms them:
float32 products added in float32, in the order of the left row's
entries, an entry that sums to zero being no entry.  The module is compiled
without fused multiply-adds (`-ffp-contract=off` in setup.py), so the
values, and with them the choices, are the same bit for bit.
"""

from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.string cimport memcpy
from libcpp.algorithm cimport nth_element, sort
from libcpp.vector cimport vector

import numpy as np


cdef inline uint64_t _clave(float valor, int32_t columna) noexcept nogil:
    """Return a key that sorts by value (highest first), then column (lowest first).

    A non-negative float32 orders as its bit pattern does.
    """
    cdef uint32_t bits
    memcpy(&bits, &valor, 4)
    return ((<uint64_t>(~bits)) << 32) | <uint32_t>columna


def mejores_productos(const int64_t[::1] a_puntero, const int32_t[::1] a_columnas,
                      const float[::1] a_valores, const int64_t[::1] b_puntero,
                      const int32_t[::1] b_columnas, const float[::1] b_valores,
                      Py_ssize_t columnas, Py_ssize_t k):
    """Return the k best columns and values of each row of A @ B (CSR arrays of both).

    Best means highest value, then lowest column; only positive values
    count, and rows with fewer than k leave column -1 and value 0.
    Returns (indices int64, similitudes float32), each rows x k.
    """
    cdef Py_ssize_t filas = a_puntero.shape[0] - 1
    indices_np = np.full((filas, k), -1, dtype=np.int64)
    similitudes_np = np.zeros((filas, k), dtype=np.float32)
    cdef int64_t[:, ::1] indices = indices_np
    cdef float[:, ::1] similitudes = similitudes_np
    cdef vector[float] suma
    cdef vector[char] tocada
    cdef vector[int32_t] tocadas
    cdef vector[uint64_t] claves
    cdef Py_ssize_t fila, p, q, puesto, tomar
    cdef int32_t columna
    cdef float valor, total
    cdef uint64_t clave
    cdef uint32_t bits
    if k <= 0:
        return indices_np, similitudes_np
    suma.resize(columnas, 0)
    tocada.resize(columnas, 0)
    with nogil:
        for fila in range(filas):
            for p in range(a_puntero[fila], a_puntero[fila + 1]):
                valor = a_valores[p]
                for q in range(b_puntero[a_columnas[p]], b_puntero[a_columnas[p] + 1]):
                    columna = b_columnas[q]
                    suma[columna] += valor * b_valores[q]
                    if not tocada[columna]:
                        tocada[columna] = 1
                        tocadas.push_back(columna)
            claves.clear()
            for columna in tocadas:
                total = suma[columna]
                if total > 0:
                    claves.push_back(_clave(total, columna))
                suma[columna] = 0
                tocada[columna] = 0
            tocadas.clear()
            tomar = k if <Py_ssize_t>claves.size() > k else <Py_ssize_t>claves.size()
            if <Py_ssize_t>claves.size() > k:
                nth_element(claves.begin(), claves.begin() + k, claves.end())
            sort(claves.begin(), claves.begin() + tomar)
            for puesto in range(tomar):
                clave = claves[puesto]
                bits = ~(<uint32_t>(clave >> 32))
                memcpy(&total, &bits, 4)
                indices[fila, puesto] = <int32_t>(<uint32_t>clave)
                similitudes[fila, puesto] = total
    return indices_np, similitudes_np


cdef float _por_pares(const float* a, Py_ssize_t n) noexcept nogil:
    """Return the sum of n float32 values as numpy's pairwise summation adds them."""
    cdef float r[8]
    cdef float res = 0
    cdef Py_ssize_t i, j, n2
    if n < 8:
        for i in range(n):
            res += a[i]
        return res
    if n <= 128:
        for j in range(8):
            r[j] = a[j]
        i = 8
        while i < n - (n % 8):
            for j in range(8):
                r[j] += a[i + j]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            res += a[i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return _por_pares(a, n2) + _por_pares(a + n2, n - n2)


cdef float _suma_de_fila(vector[float]& productos) noexcept nogil:
    """Return a row's sum as ``np.add.reduceat`` gives it: the first value, plus the rest."""
    if productos.size() == 0:
        return 0
    return productos[0] + _por_pares(productos.data() + 1, <Py_ssize_t>productos.size() - 1)


def productos_por_pares(const int64_t[::1] puntero, const int32_t[::1] columnas,
                        const float[::1] valores, const int64_t[::1] izquierdas,
                        const int64_t[::1] derechas, Py_ssize_t ancho, bint ordenado):
    """Return the dot product of row izquierdas[p] with row derechas[p] of a CSR matrix.

    Computed as SciPy computes ``(M[izquierdas].multiply(M[derechas])).sum(axis=1)``,
    bit for bit: the float32 products of the common columns, in ascending
    column order when every row of the lot has its columns sorted
    (`ordenado`, SciPy's canonical method) and otherwise in the reverse of
    their order in the left row (the order its general method leaves them
    in), a product that rounds to zero being no entry; then each row
    summed by ``np.add.reduceat`` (the first product plus numpy's pairwise
    sum of the others).  `ancho` is the number of columns of the matrix.
    """
    cdef Py_ssize_t pares = izquierdas.shape[0], par, p, q, fin_p, fin_q
    resultado_np = np.zeros(pares, dtype=np.float32)
    cdef float[::1] resultado = resultado_np
    cdef vector[float] derecha
    cdef vector[char] en_derecha
    cdef vector[float] productos
    cdef float producto
    cdef int64_t i, j
    if not ordenado:
        derecha.resize(ancho, 0)
        en_derecha.resize(ancho, 0)
    with nogil:
        for par in range(pares):
            i, j = izquierdas[par], derechas[par]
            productos.clear()
            if ordenado:
                p, fin_p = puntero[i], puntero[i + 1]
                q, fin_q = puntero[j], puntero[j + 1]
                while p < fin_p and q < fin_q:
                    if columnas[p] == columnas[q]:
                        producto = valores[p] * valores[q]
                        if producto != 0:
                            productos.push_back(producto)
                        p += 1
                        q += 1
                    elif columnas[p] < columnas[q]:
                        p += 1
                    else:
                        q += 1
            else:
                for q in range(puntero[j], puntero[j + 1]):
                    derecha[columnas[q]] = valores[q]
                    en_derecha[columnas[q]] = 1
                p = puntero[i + 1] - 1
                while p >= puntero[i]:
                    if en_derecha[columnas[p]]:
                        producto = valores[p] * derecha[columnas[p]]
                        if producto != 0:
                            productos.push_back(producto)
                    p -= 1
                for q in range(puntero[j], puntero[j + 1]):
                    en_derecha[columnas[q]] = 0
            resultado[par] = _suma_de_fila(productos)
    return resultado_np
