# distutils: language = c++
# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Average-linkage union of criteria into grupos temáticos, compiled.

This is the one stage of the comparator that cannot be shared between
processes: each edge is judged against the groups left by all the stronger
edges before it.  In Python it was a loop of dictionary products over
hundreds of thousands of edges (a third of the whole comparison of 40,000
criteria); here the same decisions are taken over plain arrays.

`tests/comparador/test_union.py` keeps a line-by-line Python version of the
algorithm and checks that both give the same groups.  Floating-point sums
are taken in ascending column order in both, and the module is compiled
without contracting products and sums into fused operations
(`-ffp-contract=off` in setup.py), so both round every value alike.
"""

from cython.operator cimport dereference as deref
from libc.stdint cimport int32_t, int64_t
from libcpp.algorithm cimport sort
from libcpp.unordered_map cimport unordered_map
from libcpp.utility cimport pair
from libcpp.vector cimport vector


cdef struct Vista:
    # A sparse vector: `n` (column, value) entries, columns ascending.
    const int32_t* columnas
    const double* valores
    Py_ssize_t n


cdef double _punto(Vista x, Vista y) noexcept nogil:
    """Return the dot product of two sparse vectors, summed in ascending column order."""
    cdef double total = 0.0
    cdef Py_ssize_t p = 0, q = 0
    while p < x.n and q < y.n:
        if x.columnas[p] == y.columnas[q]:
            total += x.valores[p] * y.valores[q]
            p += 1
            q += 1
        elif x.columnas[p] < y.columnas[q]:
            p += 1
        else:
            q += 1
    return total


cdef class _Union:
    """The state of the union: groups named by the row they started from."""

    cdef const int64_t[::1] puntero
    cdef const int32_t[::1] columnas
    cdef const double[::1] valores
    cdef const int64_t[::1] codigo
    cdef Py_ssize_t filas
    cdef vector[int64_t] grupo_de
    cdef vector[vector[int64_t]] miembros
    # Garante codes present in each group, ascending, without repeats.
    cdef vector[vector[int64_t]] garantes
    # The summed vector of each merged group (a single row has none).
    cdef vector[vector[int32_t]] suma_columnas
    cdef vector[vector[double]] suma_valores
    cdef vector[char] con_suma
    cdef vector[double] cohesion
    cdef vector[int64_t] version
    cdef unordered_map[int64_t, pair[int64_t, int64_t]] rechazados

    def __cinit__(self, const int64_t[::1] puntero, const int32_t[::1] columnas,
                  const double[::1] valores, const int64_t[::1] codigo,
                  const double[::1] cohesion):
        cdef Py_ssize_t i
        self.puntero, self.columnas, self.valores, self.codigo = puntero, columnas, valores, codigo
        self.filas = codigo.shape[0]
        self.grupo_de.resize(self.filas)
        self.miembros.resize(self.filas)
        self.garantes.resize(self.filas)
        self.suma_columnas.resize(self.filas)
        self.suma_valores.resize(self.filas)
        self.con_suma.resize(self.filas, 0)
        self.cohesion.resize(self.filas)
        self.version.resize(self.filas, 0)
        for i in range(self.filas):
            self.grupo_de[i] = i
            self.miembros[i].push_back(i)
            self.garantes[i].push_back(codigo[i])
            self.cohesion[i] = cohesion[i]

    cdef inline Vista _fila(self, int64_t i) noexcept nogil:
        cdef int64_t inicio = self.puntero[i]
        cdef Vista vista
        vista.columnas = &self.columnas[inicio] if self.puntero[i + 1] > inicio else NULL
        vista.valores = &self.valores[inicio] if self.puntero[i + 1] > inicio else NULL
        vista.n = self.puntero[i + 1] - inicio
        return vista

    cdef inline Vista _de(self, int64_t grupo) noexcept nogil:
        cdef Vista vista
        if not self.con_suma[grupo]:
            return self._fila(grupo)
        vista.columnas = self.suma_columnas[grupo].data()
        vista.valores = self.suma_valores[grupo].data()
        vista.n = <Py_ssize_t>self.suma_columnas[grupo].size()
        return vista

    cdef bint _casi_iguales(self, int64_t a, int64_t b, double umbral) noexcept nogil:
        """Return whether each garante in both groups has a near-identical pair across them.

        An empty intersection is handled by the caller (nothing to check).
        """
        cdef vector[int64_t]* de_a = &self.garantes[a]
        cdef vector[int64_t]* de_b = &self.garantes[b]
        cdef size_t p = 0, q = 0
        cdef int64_t garante, i, j
        cdef bint hallado
        while p < de_a.size() and q < de_b.size():
            if de_a[0][p] < de_b[0][q]:
                p += 1
            elif de_a[0][p] > de_b[0][q]:
                q += 1
            else:
                garante = de_a[0][p]
                hallado = False
                for i in self.miembros[a]:
                    if self.codigo[i] != garante:
                        continue
                    for j in self.miembros[b]:
                        if self.codigo[j] == garante and _punto(self._fila(i), self._fila(j)) >= umbral:
                            hallado = True
                            break
                    if hallado:
                        break
                if not hallado:
                    return False
                p += 1
                q += 1
        return True

    cdef bint _comparten_garante(self, int64_t a, int64_t b) noexcept nogil:
        cdef size_t p = 0, q = 0
        while p < self.garantes[a].size() and q < self.garantes[b].size():
            if self.garantes[a][p] == self.garantes[b][q]:
                return True
            if self.garantes[a][p] < self.garantes[b][q]:
                p += 1
            else:
                q += 1
        return False

    cdef void _unir(self, int64_t a, int64_t b) noexcept nogil:
        """Merge group b into group a: members, summed vector and garantes."""
        cdef Vista x = self._de(a), y = self._de(b)
        cdef vector[int32_t] columnas
        cdef vector[double] valores
        cdef Py_ssize_t p = 0, q = 0
        columnas.reserve(x.n + y.n)
        valores.reserve(x.n + y.n)
        while p < x.n or q < y.n:
            if q >= y.n or (p < x.n and x.columnas[p] < y.columnas[q]):
                columnas.push_back(x.columnas[p])
                valores.push_back(x.valores[p])
                p += 1
            elif p >= x.n or y.columnas[q] < x.columnas[p]:
                columnas.push_back(y.columnas[q])
                valores.push_back(y.valores[q])
                q += 1
            else:
                columnas.push_back(x.columnas[p])
                valores.push_back(x.valores[p] + y.valores[q])
                p += 1
                q += 1
        self.suma_columnas[a].swap(columnas)
        self.suma_valores[a].swap(valores)
        self.con_suma[a] = 1
        vector[int32_t]().swap(self.suma_columnas[b])
        vector[double]().swap(self.suma_valores[b])
        self.con_suma[b] = 0

        cdef int64_t k
        for k in self.miembros[b]:
            self.grupo_de[k] = a
            self.miembros[a].push_back(k)
        vector[int64_t]().swap(self.miembros[b])

        cdef vector[int64_t] garantes
        garantes.reserve(self.garantes[a].size() + self.garantes[b].size())
        p = q = 0
        cdef Py_ssize_t na = self.garantes[a].size(), nb = self.garantes[b].size()
        while p < na or q < nb:
            if q >= nb or (p < na and self.garantes[a][p] < self.garantes[b][q]):
                garantes.push_back(self.garantes[a][p])
                p += 1
            elif p >= na or self.garantes[b][q] < self.garantes[a][p]:
                garantes.push_back(self.garantes[b][q])
                q += 1
            else:
                garantes.push_back(self.garantes[a][p])
                p += 1
                q += 1
        self.garantes[a].swap(garantes)
        vector[int64_t]().swap(self.garantes[b])

    cdef void recorrer(self, const double[::1] similitudes, const int64_t[::1] origen,
                       const int64_t[::1] destino, double umbral, double umbral_mismo_garante,
                       double proporcion_cohesion) noexcept nogil:
        cdef Py_ssize_t e, tam
        cdef int64_t a, b, menor, mayor, clave, pares
        cdef double promedio
        cdef pair[int64_t, int64_t] estado
        cdef unordered_map[int64_t, pair[int64_t, int64_t]].iterator visto
        for e in range(similitudes.shape[0]):
            a, b = self.grupo_de[origen[e]], self.grupo_de[destino[e]]
            if a == b:
                continue
            menor, mayor = a, b
            if b < a:
                menor, mayor = b, a
            clave = menor * self.filas + mayor
            estado.first, estado.second = self.version[menor], self.version[mayor]
            # A pair refused stays refused until one of its groups grows.
            visto = self.rechazados.find(clave)
            if visto != self.rechazados.end() and deref(visto).second == estado:
                continue
            self.rechazados[clave] = estado
            if self._comparten_garante(a, b) and not self._casi_iguales(a, b, umbral_mismo_garante):
                continue
            pares = <int64_t>self.miembros[a].size() * <int64_t>self.miembros[b].size()
            if pares == 1:
                promedio = similitudes[e]
            else:
                promedio = _punto(self._de(a), self._de(b)) / <double>pares
            if promedio < umbral:
                continue
            if promedio < proporcion_cohesion * min(self.cohesion[a], self.cohesion[b]):
                continue
            self.rechazados.erase(clave)
            self.version[a] += 1
            self.version[b] += 1
            if self.miembros[a].size() < self.miembros[b].size():
                a, b = b, a
            self._unir(a, b)
            tam = self.miembros[a].size()
            self.cohesion[a] = (_punto(self._de(a), self._de(a)) - <double>tam) / <double>(tam * (tam - 1))

    cdef list grupos(self):
        cdef list resultado = []
        cdef int64_t g
        cdef vector[int64_t] miembros
        for g in range(self.filas):
            if self.grupo_de[g] != g or self.garantes[g].size() < 2:
                continue
            miembros = self.miembros[g]
            sort(miembros.begin(), miembros.end())
            resultado.append([m for m in miembros])
        resultado.sort()
        return resultado


def unir_grupos(puntero, columnas, valores, codigo, cohesion, similitudes, origen, destino,
                double umbral, double umbral_mismo_garante, double proporcion_cohesion):
    """Return the groups (sorted lists of rows, two or more garantes each), sorted.

    The matrix comes as CSR arrays with each row's columns ascending
    (`puntero` int64, `columnas` int32, `valores` float64); `codigo` is each
    row's garante as an int64, `cohesion` each row's best similarity; the
    edges (`similitudes` float64, `origen` and `destino` int64) come
    strongest first and are judged in that order.
    """
    union = _Union(puntero, columnas, valores, codigo, cohesion)
    union.recorrer(similitudes, origen, destino, umbral, umbral_mismo_garante,
                   proporcion_cohesion)
    return union.grupos()
