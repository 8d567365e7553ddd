"""Linguistic signals of a criterion's stance: quantities, negated predicates, scope words.

Everything is read from the original text, word by word, keeping character
offsets so that a divergence can quote the fragment that shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from comparador.normalizacion import STOPWORDS, _stemmer, sin_acentos
from comparador.numeros import segmentos_numericos
from comparador.sinonimos import canonizar


@dataclass(frozen=True, slots=True)
class Palabra:
    """A word of the original text: normalized form, stem, offsets, clause."""

    forma: str
    raiz: str
    inicio: int
    fin: int
    oracion: int
    inciso: int
    valor: int | None = None


@dataclass(frozen=True, slots=True)
class Cantidad:
    """A quantity with its unit ("15 días hábiles"), in the unit's base."""

    valor: int
    unidad: str
    inicio: int
    fin: int


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


@dataclass(slots=True)
class Rasgos:
    """Signals read from one criterion.

    Denied predicates are read up front (they are few); affirmed ones only
    when a contrast asks for a predicate some other text denies, since
    nearly every content word is one.
    """

    texto: str
    palabras: list[Palabra] = field(default_factory=list)
    cantidades: list[Cantidad] = field(default_factory=list)
    negados: list[Predicado] = field(default_factory=list)
    condiciones: list[Predicado] = field(default_factory=list)
    alcances: list[Alcance] = field(default_factory=list)
    neutras: frozenset[int] = frozenset()
    posiciones: dict[str, list[int]] = field(default_factory=dict)
    _afirmados: dict[str, list[Predicado]] = field(default_factory=dict)

    def afirmados(self, clave: str) -> list[Predicado]:
        """Return the affirmed predicates of this key (conditions included)."""
        encontrados = self._afirmados.get(clave)
        if encontrados is None:
            encontrados = [c for c in self.condiciones if c.clave == clave]
            for i in self.posiciones.get(clave, ()):
                if i not in self.neutras:
                    encontrados.append(_afirmado(self.palabras, i, clave))
            self._afirmados[clave] = encontrados
        return encontrados


_PALABRA = re.compile(r"\w+")
# A colon introduces what a sentence requires ("se requiere: a) ..."), so it
# does not end it.
_FIN_ORACION = re.compile(r"[.;?!\n]")
_SUJETOS = frozenset({"sujeto", "sujetos", "ente", "entes"})
_FIN_INCISO = re.compile(r"[,()]")

# Units: normalized word -> (unit, factor to its base).  Months and years
# convert to each other; business and calendar days never do.
_UNIDADES: dict[str, tuple[str, int]] = {
    "dia": ("dias", 1), "dias": ("dias", 1),
    "semana": ("dias_naturales", 7), "semanas": ("dias_naturales", 7),
    "mes": ("meses", 1), "meses": ("meses", 1),
    "ano": ("meses", 12), "anos": ("meses", 12),
    "hora": ("horas", 1), "horas": ("horas", 1),
    "hoja": ("hojas", 1), "hojas": ("hojas", 1), "foja": ("hojas", 1),
    "fojas": ("hojas", 1), "pagina": ("hojas", 1), "paginas": ("hojas", 1),
    "copia": ("hojas", 1), "copias": ("hojas", 1),
}  # fmt: skip
_HABILES = frozenset({"habil", "habiles"})
_NATURALES = frozenset({"natural", "naturales", "calendario"})

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
_RESTRICTIVAS = frozenset({"solo", "unicamente", "solamente", "exclusivamente"})
_ARTICULOS = frozenset({"un", "una", "unos", "unas", "el"})
_CLITICOS = frozenset({"se", "le", "les", "lo", "la", "los", "las", "me", "nos", "te"})
# After these a word is a verb ("la confirme", "se notifique").
_CLITICOS_VERBALES = frozenset({"se", "le", "les", "lo", "la", "los", "las"})
_INFINITIVO = re.compile(r"(?:ar|er|ir)(?:se|la|lo|las|los|le|les)?$")

_VENTANA_OBJETO = 6
_VENTANA_NEGACION = 4
_VENTANA_SUJETO = 3


def palabras(texto: str) -> list[Palabra]:
    """Return the words of `texto` with offsets, clause numbers and number values."""
    crudas = list(_PALABRA.finditer(texto))
    plano = sin_acentos(texto)
    if len(plano) == len(texto):
        # The common case: one character for one, so offsets carry over.
        formas = [plano[m.start() : m.end()] for m in crudas]
    else:
        formas = [sin_acentos(m.group(0)) for m in crudas]
    raices = _stemmer().stemWords(formas)
    valores: dict[int, tuple[int, int]] = {}
    for inicio, fin, valor in segmentos_numericos(formas):
        valores[inicio] = (fin, valor)
    resultado: list[Palabra] = []
    oracion = inciso = 0
    anterior = 0
    i = 0
    while i < len(crudas):
        m = crudas[i]
        entre = texto[anterior : m.start()]
        if _FIN_ORACION.search(entre):
            oracion += 1
            inciso += 1
        elif _FIN_INCISO.search(entre):
            inciso += 1
        fin, valor = i + 1, None
        if i in valores:
            fin, valor = valores[i]
        elif formas[i].isdigit():
            valor = int(formas[i])
        ultimo = crudas[fin - 1]
        forma = formas[i] if fin == i + 1 else str(valor)
        raiz = raices[i]
        # "sujeto obligado" is who acts, not an obligation.
        if forma.startswith("obligad") and i > 0 and formas[i - 1] in _SUJETOS:
            raiz = "sujeto_obligado"
        resultado.append(Palabra(forma, raiz, m.start(), ultimo.end(), oracion, inciso, valor))
        anterior = ultimo.end()
        i = fin
    return resultado


def _cantidades(ps: list[Palabra]) -> list[Cantidad]:
    """Return the quantities followed by a unit ("15 (quince) días hábiles", "veinte hojas")."""
    resultado: list[Cantidad] = []
    for i, p in enumerate(ps):
        if p.valor is None or (i > 0 and ps[i - 1].valor == p.valor):
            continue
        j = i + 1
        # "quince (15) días": the repeated figure is the same quantity.
        if j < len(ps) and ps[j].valor == p.valor:
            j += 1
        if j >= len(ps) or ps[j].forma not in _UNIDADES:
            continue
        unidad, factor = _UNIDADES[ps[j].forma]
        fin = ps[j].fin
        if unidad == "dias":
            for k in (j + 1, j + 2):
                if k < len(ps) and ps[k].forma in _HABILES:
                    unidad, fin = "dias_habiles", ps[k].fin
                    break
                if k < len(ps) and ps[k].forma in _NATURALES:
                    unidad, fin = "dias_naturales", ps[k].fin
                    break
        resultado.append(Cantidad(p.valor * factor, unidad, p.inicio, fin))
    return resultado


def _objeto(ps: list[Palabra], desde: int, hasta: int, oracion: int) -> frozenset[str]:
    """Return the canonical content stems of words desde..hasta that stay in the clause."""
    raices = [
        p.raiz
        for p in ps[desde:hasta]
        if p.oracion == oracion and p.forma not in STOPWORDS and p.valor is None
    ]
    return frozenset(canonizar(raices))


def _clave(p: Palabra) -> str:
    """Return the predicate key of a word: its class if it has one, else its stem."""
    return _CLASES.get(p.raiz, p.raiz)


def _es_infinitivo(forma: str) -> bool:
    """Return whether a word looks like an infinitive, clitics allowed ("ofrecer", "entregarla")."""
    return bool(_INFINITIVO.search(forma))


def _negada_tras_no(ps: list[Palabra], i: int) -> int | None:
    """Return the word "no" (at i) denies: the verb after clitics and auxiliaries."""
    for j in range(i + 1, min(len(ps), i + 1 + _VENTANA_NEGACION)):
        q = ps[j]
        if q.inciso != ps[i].inciso:
            return None
        if q.forma in _CLITICOS or q.forma in _ARTICULOS:
            continue
        if q.forma in _AUXILIARES and _clave(q) not in _MODALES:
            continue
        return j
    return None


def _negada_tras_sin(ps: list[Palabra], i: int) -> int | None:
    """Return the word "sin" (at i) denies: an infinitive, or the verb of "sin que ..."."""
    if i + 1 >= len(ps):
        return None
    if _es_infinitivo(ps[i + 1].forma):
        return i + 1
    if ps[i + 1].forma != "que":
        return None  # "sin costo": a noun, not a stance
    for j in range(i + 2, min(len(ps), i + 2 + _VENTANA_OBJETO)):
        q = ps[j]
        if q.inciso != ps[i].inciso:
            return None
        # Modals, or a verb right after a pronoun clitic ("la confirme").
        if _clave(q) in _MODALES or ps[j - 1].forma in _CLITICOS_VERBALES:
            return j
    return None


def _condiciones(ps: list[Palabra], neutras: set[int]) -> list[Predicado]:
    """Return requirements stated as conditions: "sólo es válida si X", "previa X", "siempre que X".

    They affirm that X is needed, as "debe X" does.
    """
    resultado: list[Predicado] = []
    for i, p in enumerate(ps):
        inicio = None
        if p.forma in _RESTRICTIVAS:
            for j in range(i + 1, min(len(ps), i + 1 + _VENTANA_NEGACION)):
                if ps[j].forma in ("si", "cuando") and ps[j].oracion == p.oracion:
                    inicio = j + 1
                    break
        elif p.forma in ("previa", "previo", "mediante"):
            inicio = i + 1
        elif p.forma == "siempre" and i + 1 < len(ps) and ps[i + 1].forma in ("que", "y"):
            inicio = i + 2
        if inicio is None or i in neutras:
            continue
        objeto = _objeto(ps, inicio, inicio + _VENTANA_OBJETO, p.oracion)
        if objeto:
            fin = ps[min(inicio, len(ps) - 1)].fin
            resultado.append(Predicado("DEBER", True, objeto, p.inicio, fin))
    return resultado


def _negados(ps: list[Palabra]) -> tuple[list[Predicado], set[int]]:
    """Return the denied predicates of the text and the words within a negation's reach.

    Words inside a negation's reach are neither affirmed nor denied on
    their own: in "no es necesario que el Comité la confirme" the text does
    not affirm that the Comité confirms.
    """
    resultado: list[Predicado] = []
    neutras: set[int] = set()
    con_negacion = {p.oracion for p in ps if p.forma in _NEGACIONES}
    for i, p in enumerate(ps):
        negada = None
        if p.forma in _NEGACIONES:
            siguiente = ps[i + 1].forma if i + 1 < len(ps) else ""
            # "exista o no", "no obstante", "no sólo ... sino" deny nothing.
            if siguiente in _NO_NIEGAN or (i > 0 and ps[i - 1].forma == "o"):
                continue
            negada = _negada_tras_no(ps, i)
        elif p.forma == "sin":
            # "sin ofrecer las demás, no satisface": two negations in one
            # sentence; leave the stance to the main one.
            if p.oracion in con_negacion:
                continue
            negada = _negada_tras_sin(ps, i)
        elif p.forma in _ANTONIMOS:
            negada = i
        if negada is None:
            continue
        q = ps[negada]
        raiz = _ANTONIMOS.get(q.forma, q.raiz)
        if not raiz:  # "carece de X" denies X itself
            siguiente = next(
                (k for k in range(negada + 1, len(ps)) if ps[k].forma not in STOPWORDS), None
            )
            if siguiente is None or ps[siguiente].oracion != q.oracion:
                continue
            negada, raiz = siguiente, ps[siguiente].raiz
        clave = _CLASES.get(raiz, raiz)
        # A denied modal reaches into its complement, commas and all ("no es
        # necesario que el Comité, en ese caso, confirme"); a denied plain
        # verb stops at its clause ("no existe, el Comité debe ...").
        fin_objeto = negada + 1
        while fin_objeto < min(len(ps), negada + 1 + _VENTANA_OBJETO) and (
            clave in _MODALES or ps[fin_objeto].inciso == q.inciso
        ):
            fin_objeto += 1
        objeto = _objeto(ps, negada + 1, fin_objeto, q.oracion)
        if not objeto or clave in _MODALES:
            objeto |= _objeto(ps, max(0, i - _VENTANA_SUJETO), i, q.oracion)
        neutras.update(range(i, fin_objeto))
        resultado.append(Predicado(clave, False, objeto, p.inicio, ps[negada].fin))
    return resultado, neutras


def _afirmado(ps: list[Palabra], i: int, clave: str) -> Predicado:
    """Return word i as an affirmed predicate with its object words."""
    p = ps[i]
    objeto = _objeto(ps, i + 1, i + 1 + _VENTANA_OBJETO, p.oracion)
    if not objeto or clave in _MODALES:
        # The subject of a modal is part of the claim ("el Comité debe").
        objeto |= _objeto(ps, max(0, i - _VENTANA_SUJETO), i, p.oracion)
    return Predicado(clave, True, objeto, p.inicio, p.fin)


def _posiciones(ps: list[Palabra]) -> dict[str, list[int]]:
    """Return predicate key -> positions of the words that can affirm it."""
    posiciones: dict[str, list[int]] = {}
    for i, p in enumerate(ps):
        if p.valor is not None or p.forma in _ANTONIMOS:
            continue
        clave = _clave(p)
        if p.forma in STOPWORDS and clave not in _MODALES:
            continue
        posiciones.setdefault(clave, []).append(i)
    return posiciones


def _alcances(ps: list[Palabra]) -> list[Alcance]:
    """Return the scope words of the text with the words they bear on."""
    resultado: list[Alcance] = []
    for i, p in enumerate(ps):
        clase = _ALCANCES.get(p.forma)
        if clase is None:
            continue
        # "por sí sola", "ella sola": "solo" restricts only before what it bears on.
        if p.forma == "solo" and i > 0 and ps[i - 1].forma in ("si", "por"):
            continue
        objeto = _objeto(ps, i + 1, i + 1 + _VENTANA_OBJETO, p.oracion)
        resultado.append(Alcance(clase, objeto, p.inicio, p.fin))
    return resultado


def leer_rasgos(texto: str) -> Rasgos:
    """Return the stance signals of a criterion's text (rubro and texto joined)."""
    ps = palabras(texto)
    negados, neutras = _negados(ps)
    return Rasgos(
        texto,
        palabras=ps,
        cantidades=_cantidades(ps),
        negados=negados,
        condiciones=_condiciones(ps, neutras),
        alcances=_alcances(ps),
        neutras=frozenset(neutras),
        posiciones=_posiciones(ps),
    )


def es_requisito(predicado: Predicado, texto: str) -> bool:
    """Return whether a deontic predicate reads as a requirement ("requiere", "previa")."""
    frase = sin_acentos(texto[predicado.inicio : predicado.fin])
    return any(palabra in _REQUISITOS for palabra in frase.split()) or "necesari" in frase
