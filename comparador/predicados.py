"""Predicates of a criterion's text: what it denies, requires, affirms, and its scope words.

Works on the word lists of `rasgos.palabras`.  Negations, conditions and
scope words are looked for only at the words that can start them, found
with one set lookup per word; affirmed predicates are read on demand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from comparador.normalizacion import STOPWORDS, sin_acentos
from comparador.sinonimos import canonizar

if TYPE_CHECKING:
    from comparador.rasgos import Palabras


@dataclass(frozen=True, slots=True)
class Predicado:
    """A predicate (verb, adjective or modal class) with its polarity and object words."""

    clave: str
    positivo: bool
    objeto: frozenset[str]
    inicio: int
    fin: int


@dataclass(frozen=True, slots=True)
class Alcance:
    """A scope word ("únicamente", "cualquier", "salvo") and the words it bears on."""

    clase: str
    objeto: frozenset[str]
    inicio: int
    fin: int


# Negation cues; "no obstante", "no solo ... sino" are not negations.
_NEGACIONES = frozenset({"no", "nunca", "jamas", "tampoco"})
_NO_NIEGAN = frozenset({"obstante", "solo", "solamente", "unicamente", "sino"})
# Words that carry their own negation: the stem they deny and its class.
_ANTONIMOS: dict[str, str] = {
    "improcedente": "proced", "improcedentes": "proced", "innecesario": "necesari",
    "innecesaria": "necesari", "invalido": "val", "invalida": "val", "ineficaz": "eficaz",
    "inadmisible": "admit", "insuficiente": "suficient", "insuficientes": "suficient",
    "ilegal": "legal", "infundado": "fund", "infundados": "fund",
    "carece": "", "carecen": "", "carezca": "", "carezcan": "", "excluye": "inclu",
    "excluyen": "inclu", "exento": "oblig", "exenta": "oblig", "prohibido": "permit",
    "optativo": "oblig", "potestativo": "oblig", "facultativo": "oblig",
}  # fmt: skip
# Stems that express the same predicate, folded to one class.
_CLASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "deb",
            "deber",
            "oblig",
            "obligatori",
            "necesari",
            "requier",
            "requer",
            "requerir",
            "requisit",
            "indispens",
            "exig",
            "precis",
            "imprescind",
            "condicion",
        ],
        "DEBER",
    ),
    **dict.fromkeys(["bast", "suficient"], "BASTAR"),
    **dict.fromkeys(["proced", "procedent", "admit", "admis", "admisibl"], "PROCEDER"),
    **dict.fromkeys(["val", "valid", "validez", "eficaz", "eficaci", "surt"], "VALER"),
    **dict.fromkeys(["comprend", "inclu", "abarc", "exclu"], "COMPRENDER"),
    **dict.fromkeys(["pued", "podr", "pod", "facult", "permit"], "PODER"),
}
# Words that never stand as the predicate a negation applies to.
_AUXILIARES = frozenset(
    {"se", "le", "les", "lo", "la", "los", "las", "me", "nos", "es", "son", "sera", "seran",
     "esta", "estan", "resulta", "resultan", "ha", "han", "habra", "sea", "sean", "debe",
     "deben", "podra", "puede", "pueden", "deba", "deban", "haya", "hayan", "que", "de"}
)  # fmt: skip
_REQUISITOS = frozenset(
    {"previa", "previo", "siempre", "condicion", "requiere", "requieren", "requisito"}
)

# Scope words and their class.
_ALCANCES: dict[str, str] = {
    **dict.fromkeys(["unicamente", "solamente", "exclusivamente", "solo"], "restringe"),
    **dict.fromkeys(["salvo", "excepto", "excepcion"], "exceptua"),
    **dict.fromkeys(["cualquier", "cualquiera", "todo", "toda", "todos", "todas", "incluso",
                     "inclusive", "independientemente", "independencia", "importar"],
                    "amplia"),
}  # fmt: skip

_MODALES = frozenset({"DEBER", "PODER", "BASTAR"})
_RAICES_DE_CLASE: dict[str, frozenset[str]] = {
    clase: frozenset(r for r, c in _CLASES.items() if c == clase) for clase in set(_CLASES.values())
}
_RESTRICTIVAS = frozenset({"solo", "unicamente", "solamente", "exclusivamente"})
_PREVIAS = frozenset({"previa", "previo", "mediante"})
_ARTICULOS = frozenset({"un", "una", "unos", "unas", "el"})
_CLITICOS = frozenset({"se", "le", "les", "lo", "la", "los", "las", "me", "nos", "te"})
# After these a word is a verb ("la confirme", "se notifique").
_CLITICOS_VERBALES = frozenset({"se", "le", "les", "lo", "la", "los", "las"})
_INFINITIVO = re.compile(r"(?:ar|er|ir)(?:se|la|lo|las|los|le|les)?$")
# Words that can start a negation, a condition or a scope.
_NIEGAN = _NEGACIONES | {"sin"} | frozenset(_ANTONIMOS)
_CONDICIONAN = _RESTRICTIVAS | _PREVIAS | {"siempre"}
_DE_ALCANCE = frozenset(_ALCANCES)

_VENTANA_OBJETO = 6
_VENTANA_NEGACION = 4
_VENTANA_SUJETO = 3


def _en(ps: Palabras, palabras: frozenset[str]) -> list[int]:
    """Return the positions of the words of `ps` that are in `palabras`."""
    if palabras.isdisjoint(ps.formas):
        return []
    return [i for i, forma in enumerate(ps.formas) if forma in palabras]


def _objeto(ps: Palabras, desde: int, hasta: int, oracion: int) -> frozenset[str]:
    """Return the canonical content stems of words desde..hasta that stay in the clause."""
    formas, oraciones, valores = ps.formas, ps.oraciones, ps.valores
    raices = [
        ps.raices[k]
        for k in range(max(desde, 0), min(hasta, len(formas)))
        if oraciones[k] == oracion and formas[k] not in STOPWORDS and valores[k] is None
    ]
    return frozenset(canonizar(raices))


def _clave(ps: Palabras, i: int) -> str:
    """Return the predicate key of a word: its class if it has one, else its stem."""
    raiz = ps.raices[i]
    return _CLASES.get(raiz, raiz)


def _negada_tras_no(ps: Palabras, i: int) -> int | None:
    """Return the word "no" (at i) denies: the verb after clitics and auxiliaries."""
    formas, incisos = ps.formas, ps.incisos
    for j in range(i + 1, min(len(formas), i + 1 + _VENTANA_NEGACION)):
        if incisos[j] != incisos[i]:
            return None
        forma = formas[j]
        if forma in _CLITICOS or forma in _ARTICULOS:
            continue
        if forma in _AUXILIARES and _clave(ps, j) not in _MODALES:
            continue
        return j
    return None


def _negada_tras_sin(ps: Palabras, i: int) -> int | None:
    """Return the word "sin" (at i) denies: an infinitive, or the verb of "sin que ..."."""
    formas, incisos = ps.formas, ps.incisos
    if i + 1 >= len(formas):
        return None
    # An infinitive, clitics allowed ("ofrecer", "entregarla").
    if _INFINITIVO.search(formas[i + 1]):
        return i + 1
    if formas[i + 1] != "que":
        return None  # "sin costo": a noun, not a stance
    for j in range(i + 2, min(len(formas), i + 2 + _VENTANA_OBJETO)):
        if incisos[j] != incisos[i]:
            return None
        # Modals, or a verb right after a pronoun clitic ("la confirme").
        if _clave(ps, j) in _MODALES or formas[j - 1] in _CLITICOS_VERBALES:
            return j
    return None


def condiciones(ps: Palabras, neutras: set[int]) -> list[Predicado]:
    """Return requirements stated as conditions: "sólo es válida si X", "previa X", "siempre que X".

    They affirm that X is needed, as "debe X" does.
    """
    resultado: list[Predicado] = []
    formas, oraciones, n = ps.formas, ps.oraciones, len(ps)
    for i in _en(ps, _CONDICIONAN):
        forma = formas[i]
        inicio = None
        if forma in _RESTRICTIVAS:
            for j in range(i + 1, min(n, i + 1 + _VENTANA_NEGACION)):
                if formas[j] in ("si", "cuando") and oraciones[j] == oraciones[i]:
                    inicio = j + 1
                    break
        elif forma in _PREVIAS:
            inicio = i + 1
        elif forma == "siempre" and i + 1 < n and formas[i + 1] in ("que", "y"):
            inicio = i + 2
        if inicio is None or i in neutras:
            continue
        objeto = _objeto(ps, inicio, inicio + _VENTANA_OBJETO, oraciones[i])
        if objeto:
            fin = ps.fines[min(inicio, n - 1)]
            resultado.append(Predicado("DEBER", True, objeto, ps.inicios[i], fin))
    return resultado


def negados(ps: Palabras) -> tuple[list[Predicado], set[int]]:
    """Return the denied predicates of the text and the words within a negation's reach.

    Words inside a negation's reach are neither affirmed nor denied on
    their own: in "no es necesario que el Comité la confirme" the text does
    not affirm that the Comité confirms.
    """
    resultado: list[Predicado] = []
    neutras: set[int] = set()
    candidatos = _en(ps, _NIEGAN)
    if not candidatos:
        return resultado, neutras
    formas, raices, oraciones, incisos, n = ps.formas, ps.raices, ps.oraciones, ps.incisos, len(ps)
    con_negacion = {oraciones[i] for i in candidatos if formas[i] in _NEGACIONES}
    for i in candidatos:
        forma = formas[i]
        negada = None
        if forma in _NEGACIONES:
            siguiente = formas[i + 1] if i + 1 < n else ""
            # "exista o no", "no obstante", "no sólo ... sino" deny nothing.
            if siguiente in _NO_NIEGAN or (i > 0 and formas[i - 1] == "o"):
                continue
            negada = _negada_tras_no(ps, i)
        elif forma == "sin":
            # "sin ofrecer las demás, no satisface": two negations in one
            # sentence; leave the stance to the main one.
            if oraciones[i] in con_negacion:
                continue
            negada = _negada_tras_sin(ps, i)
        else:
            negada = i
        if negada is None:
            continue
        # The clause is the denied word's, even when "carece de X" moves the
        # predicate to X.
        palabra = negada
        raiz = _ANTONIMOS.get(formas[negada], raices[negada])
        if not raiz:  # "carece de X" denies X itself
            objeto_k = next((k for k in range(negada + 1, n) if formas[k] not in STOPWORDS), None)
            if objeto_k is None or oraciones[objeto_k] != oraciones[palabra]:
                continue
            negada, raiz = objeto_k, raices[objeto_k]
        clave = _CLASES.get(raiz, raiz)
        # A denied modal reaches into its complement, commas and all ("no es
        # necesario que el Comité, en ese caso, confirme"); a denied plain
        # verb stops at its clause ("no existe, el Comité debe ...").
        fin_objeto = negada + 1
        while fin_objeto < min(n, negada + 1 + _VENTANA_OBJETO) and (
            clave in _MODALES or incisos[fin_objeto] == incisos[palabra]
        ):
            fin_objeto += 1
        objeto = _objeto(ps, negada + 1, fin_objeto, oraciones[palabra])
        if not objeto or clave in _MODALES:
            objeto |= _objeto(ps, i - _VENTANA_SUJETO, i, oraciones[palabra])
        neutras.update(range(i, fin_objeto))
        resultado.append(Predicado(clave, False, objeto, ps.inicios[i], ps.fines[negada]))
    return resultado, neutras


def afirmado(ps: Palabras, i: int, clave: str) -> Predicado:
    """Return word i as an affirmed predicate with its object words."""
    oracion = ps.oraciones[i]
    objeto = _objeto(ps, i + 1, i + 1 + _VENTANA_OBJETO, oracion)
    if not objeto or clave in _MODALES:
        # The subject of a modal is part of the claim ("el Comité debe").
        objeto |= _objeto(ps, i - _VENTANA_SUJETO, i, oracion)
    return Predicado(clave, True, objeto, ps.inicios[i], ps.fines[i])


def posiciones(ps: Palabras, clave: str) -> list[int]:
    """Return the positions of the words that can affirm the predicate `clave`, in order.

    A class key ("DEBER") is affirmed by the stems of its class; any other
    key is a stem outside every class.  Only the stems of the key are
    looked at, with one set lookup per word: a text is asked for the few
    keys other texts deny.
    """
    raices = _RAICES_DE_CLASE.get(clave)
    if raices is None:
        if clave in _CLASES:  # a class stem stands for its class, never for itself
            return []
        raices = frozenset((clave,))
    if raices.isdisjoint(ps.raices):
        return []
    formas, valores = ps.formas, ps.valores
    modal = clave in _MODALES
    return [
        i
        for i, raiz in enumerate(ps.raices)
        if raiz in raices
        and valores[i] is None
        and formas[i] not in _ANTONIMOS
        and (modal or formas[i] not in STOPWORDS)
    ]


def alcances(ps: Palabras) -> list[Alcance]:
    """Return the scope words of the text with the words they bear on."""
    resultado: list[Alcance] = []
    formas = ps.formas
    for i in _en(ps, _DE_ALCANCE):
        forma = formas[i]
        # "por sí sola", "ella sola": "solo" restricts only before what it bears on.
        if forma == "solo" and i > 0 and formas[i - 1] in ("si", "por"):
            continue
        objeto = _objeto(ps, i + 1, i + 1 + _VENTANA_OBJETO, ps.oraciones[i])
        resultado.append(Alcance(_ALCANCES[forma], objeto, ps.inicios[i], ps.fines[i]))
    return resultado


def es_requisito(predicado: Predicado, texto: str) -> bool:
    """Return whether a deontic predicate reads as a requirement ("requiere", "previa")."""
    frase = sin_acentos(texto[predicado.inicio : predicado.fin])
    return any(palabra in _REQUISITOS for palabra in frase.split()) or "necesari" in frase
