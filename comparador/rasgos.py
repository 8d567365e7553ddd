"""Signals of a criterion's stance, read from its original text: its words and quantities.

Words keep their character offsets so that a divergence can quote the
fragment that shows it.  Predicates and scope words are in `predicados`.
A text is read in a few passes over whole lists (no object per word), and
each signal is looked for only at the words that can start it, since every
criterion of a large corpus is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from comparador._palabras import partir
from comparador.normalizacion import raices, sin_acentos
from comparador.numeros import segmentos_numericos
from comparador.predicados import (
    Alcance,
    Predicado,
    afirmado,
    alcances,
    condiciones,
    negados,
    posiciones,
)

_DIGITO = re.compile(r"\d")
_SUJETOS = frozenset({"sujeto", "sujetos", "ente", "entes"})

# A raw word's normalized form, kept across texts (words repeat).
_FORMAS: dict[str, str] = {}
_MAX_CACHE = 200_000


class Palabras:
    """The words of a text as parallel lists: normalized form, stem, offsets, clause, value.

    `oraciones` and `incisos` number the sentence and the clause of each
    word; `valores` holds the value of number words ("quince", "35"), a
    run of number words being one word ("treinta y cinco").
    """

    __slots__ = ("fines", "formas", "incisos", "inicios", "oraciones", "raices", "valores")

    def __init__(
        self,
        formas: list[str],
        raices: list[str],
        inicios: list[int],
        fines: list[int],
        oraciones: list[int],
        incisos: list[int],
        valores: list[int | None],
    ) -> None:
        self.formas = formas
        self.raices = raices
        self.inicios = inicios
        self.fines = fines
        self.oraciones = oraciones
        self.incisos = incisos
        self.valores = valores

    def __len__(self) -> int:
        return len(self.formas)


@dataclass(frozen=True, slots=True)
class Cantidad:
    """A quantity with its unit ("15 días hábiles"), in the unit's base."""

    valor: int
    unidad: str
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
    palabras: Palabras
    cantidades: list[Cantidad] = field(default_factory=list)
    # Each quantity as (value, unit): most pairs of a group state the same
    # ones, and then no plazo signal needs looking for.
    medidas: frozenset[tuple[int, str]] = frozenset()
    negados: list[Predicado] = field(default_factory=list)
    condiciones: list[Predicado] = field(default_factory=list)
    alcances: list[Alcance] = field(default_factory=list)
    neutras: frozenset[int] = frozenset()
    _afirmados: dict[str, list[Predicado]] = field(default_factory=dict)

    def afirmados(self, clave: str) -> list[Predicado]:
        """Return the affirmed predicates of this key (conditions included)."""
        encontrados = self._afirmados.get(clave)
        if encontrados is None:
            encontrados = [c for c in self.condiciones if c.clave == clave]
            for i in posiciones(self.palabras, clave):
                if i not in self.neutras:
                    encontrados.append(afirmado(self.palabras, i, clave))
            self._afirmados[clave] = encontrados
        return encontrados


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


def _formas(crudas: list[str]) -> list[str]:
    """Return each raw word lowercased and without accents (one call per distinct word)."""
    try:
        return list(map(_FORMAS.__getitem__, crudas))
    except KeyError:
        pass
    if len(_FORMAS) > _MAX_CACHE:
        _FORMAS.clear()
    for cruda in crudas:
        if cruda not in _FORMAS:
            _FORMAS[cruda] = sin_acentos(cruda)
    return [_FORMAS[c] for c in crudas]


def palabras(texto: str) -> Palabras:
    """Return the words of `texto` with offsets, clause numbers and number values."""
    crudas, inicios, fines, fin_oracion, fin_inciso = partir(texto)
    formas = _formas(crudas)
    stems = raices(formas)
    if not _SUJETOS.isdisjoint(formas):
        # "sujeto obligado" is who acts, not an obligation.
        for i in range(1, len(formas)):
            if formas[i - 1] in _SUJETOS and formas[i].startswith("obligad"):
                stems[i] = "sujeto_obligado"
    segmentos = segmentos_numericos(formas)
    valores: list[int | None] = [None] * len(formas)
    # Digits are looked for in the words only when the text has some (after
    # normalization, which turns "²" and the like into digits).
    if _DIGITO.search(sin_acentos(texto)):
        for i in [k for k, forma in enumerate(formas) if forma.isdigit()]:
            valores[i] = int(formas[i])
    # A run of number words is one word with its value and the run's end;
    # separators inside the run do not end a clause.
    dentro: list[int] = []
    for inicio, fin, valor in segmentos:
        valores[inicio] = valor
        if fin > inicio + 1:
            formas[inicio] = str(valor)
            fines[inicio] = fines[fin - 1]
            dentro += range(inicio + 1, fin)
    if dentro:
        quedan = sorted(set(range(len(formas))).difference(dentro))
        formas = [formas[i] for i in quedan]
        stems = [stems[i] for i in quedan]
        inicios = [inicios[i] for i in quedan]
        fines = [fines[i] for i in quedan]
        valores = [valores[i] for i in quedan]
        fin_oracion = [fin_oracion[i] for i in quedan]
        fin_inciso = [fin_inciso[i] for i in quedan]
    return Palabras(
        formas,
        stems,
        inicios,
        fines,
        list(accumulate(fin_oracion)),
        list(accumulate(fin_inciso)),
        valores,
    )


def _cantidades(ps: Palabras) -> list[Cantidad]:
    """Return the quantities followed by a unit ("15 (quince) días hábiles", "veinte hojas")."""
    resultado: list[Cantidad] = []
    formas, valores, n = ps.formas, ps.valores, len(ps)
    for i in [k for k, v in enumerate(valores) if v is not None]:
        valor = valores[i]
        if valor is None or (i > 0 and valores[i - 1] == valor):
            continue
        j = i + 1
        # "quince (15) días": the repeated figure is the same quantity.
        if j < n and valores[j] == valor:
            j += 1
        if j >= n or formas[j] not in _UNIDADES:
            continue
        unidad, factor = _UNIDADES[formas[j]]
        fin = ps.fines[j]
        if unidad == "dias":
            for k in (j + 1, j + 2):
                if k < n and formas[k] in _HABILES:
                    unidad, fin = "dias_habiles", ps.fines[k]
                    break
                if k < n and formas[k] in _NATURALES:
                    unidad, fin = "dias_naturales", ps.fines[k]
                    break
        resultado.append(Cantidad(valor * factor, unidad, ps.inicios[i], fin))
    return resultado


def leer_rasgos(texto: str) -> Rasgos:
    """Return the stance signals of a criterion's text (rubro and texto joined)."""
    ps = palabras(texto)
    negaciones, neutras = negados(ps)
    cantidades = _cantidades(ps)
    return Rasgos(
        texto,
        palabras=ps,
        cantidades=cantidades,
        medidas=frozenset((c.valor, c.unidad) for c in cantidades),
        negados=negaciones,
        condiciones=condiciones(ps, neutras),
        alcances=alcances(ps),
        neutras=frozenset(neutras),
    )
