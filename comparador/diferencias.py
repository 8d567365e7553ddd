"""Word-level diff of two texts, for side-by-side views."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

IGUAL = "igual"
ELIMINADO = "eliminado"
INSERTADO = "insertado"

# Words and punctuation marks are separate tokens so that "días," and "días"
# share the word; whitespace is carried after each token.
_TOKEN = re.compile(r"(\w+|[^\w\s]+)(\s*)")
_INICIO = re.compile(r"\s*")


def _tokens(texto: str) -> tuple[str, list[str], list[str]]:
    """Return the leading whitespace, the tokens and the whitespace after each token."""
    inicio = _INICIO.match(texto)
    espacio_inicial = inicio.group(0) if inicio else ""
    palabras: list[str] = []
    espacios: list[str] = []
    for m in _TOKEN.finditer(texto, len(espacio_inicial)):
        palabras.append(m.group(1))
        espacios.append(m.group(2))
    return espacio_inicial, palabras, espacios


def _compactar(fragmentos: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the fragments without empty ones; each change run as one deletion, one insertion."""
    resultado: list[tuple[str, str]] = []
    eliminado: list[str] = []
    insertado: list[str] = []

    def volcar() -> None:
        if eliminado:
            resultado.append((ELIMINADO, "".join(eliminado)))
            eliminado.clear()
        if insertado:
            resultado.append((INSERTADO, "".join(insertado)))
            insertado.clear()

    for op, texto in fragmentos:
        if not texto:
            continue
        if op == ELIMINADO:
            eliminado.append(texto)
        elif op == INSERTADO:
            insertado.append(texto)
        else:
            volcar()
            if resultado and resultado[-1][0] == IGUAL:
                resultado[-1] = (IGUAL, resultado[-1][1] + texto)
            else:
                resultado.append((IGUAL, texto))
    volcar()
    return resultado


def diferencias_palabras(a: str, b: str) -> list[tuple[str, str]]:
    """Return the word diff of `a` and `b` as (op, fragment) pairs, op in igual/eliminado/insertado.

    Joining the "igual" and "eliminado" fragments in order gives `a` back
    exactly; "igual" and "insertado" give `b`.
    """
    inicio_a, palabras_a, espacios_a = _tokens(a)
    inicio_b, palabras_b, espacios_b = _tokens(b)
    fragmentos: list[tuple[str, str]] = []
    if inicio_a == inicio_b:
        fragmentos.append((IGUAL, inicio_a))
    else:
        fragmentos += [(ELIMINADO, inicio_a), (INSERTADO, inicio_b)]
    # autojunk would treat frequent words ("de", "la") as noise on long texts
    # and give worse alignments.
    matcher = SequenceMatcher(None, palabras_a, palabras_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                fragmentos.append((IGUAL, palabras_a[i1 + k]))
                espacio_a, espacio_b = espacios_a[i1 + k], espacios_b[j1 + k]
                if espacio_a == espacio_b:
                    fragmentos.append((IGUAL, espacio_a))
                else:
                    fragmentos += [(ELIMINADO, espacio_a), (INSERTADO, espacio_b)]
        else:
            for k in range(i1, i2):
                fragmentos.append((ELIMINADO, palabras_a[k] + espacios_a[k]))
            for k in range(j1, j2):
                fragmentos.append((INSERTADO, palabras_b[k] + espacios_b[k]))
    return _compactar(fragmentos)
