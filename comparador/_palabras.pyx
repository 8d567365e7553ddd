# cython: language_level=3, boundscheck=False, wraparound=False
"""The words of a text with their offsets, in one pass over its characters.

Every criterion of a corpus is read word by word to find its stance
signals (`comparador.rasgos`); splitting with a regular expression and
then measuring, slicing and classifying the pieces in Python was a fifth
of that reading.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM


cdef inline bint _de_palabra(Py_UCS4 c) noexcept:
    # What `\w` matches in a str pattern of Python's `re`.
    return Py_UNICODE_ISALNUM(c) or c == u"_"


def partir(str texto):
    """Return the words of `texto` (runs of what `\\w` matches) and what comes before each.

    Returns five lists: the words, their start and end offsets, and for
    the run of other characters before each word, 1 if it ends a sentence
    (it holds one of ``.;?!`` or a line break; a colon introduces what a
    sentence requires, so it does not) and 1 if it ends a clause (it ends a
    sentence or holds ``,``, ``(`` or ``)``), else 0.
    """
    cdef list palabras = [], inicios = [], fines = [], fin_oracion = [], fin_inciso = []
    cdef Py_ssize_t i = 0, inicio, n = len(texto)
    cdef Py_UCS4 c
    cdef bint oracion = False, inciso = False
    while i < n:
        c = texto[i]
        if not _de_palabra(c):
            if c == u"." or c == u";" or c == u"?" or c == u"!" or c == u"\n":
                oracion = True
            elif c == u"," or c == u"(" or c == u")":
                inciso = True
            i += 1
            continue
        inicio = i
        i += 1
        while i < n and _de_palabra(texto[i]):
            i += 1
        palabras.append(texto[inicio:i])
        inicios.append(inicio)
        fines.append(i)
        fin_oracion.append(1 if oracion else 0)
        fin_inciso.append(1 if oracion or inciso else 0)
        oracion = inciso = False
    return palabras, inicios, fines, fin_oracion, fin_inciso
