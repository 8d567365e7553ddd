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
