"""Contrast of two criteria on the same topic: the signals that show they hold different stances.

A signal needs evidence in both texts: two quantities of the same kind that
differ, the same predicate affirmed in one and denied in the other about the
same thing, or opposite scope words about the same thing.  A detail one
text leaves out is not a signal: paraphrases omit things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from comparador.normalizacion import terminos
from comparador.plazos import describir, unidades_compatibles
from comparador.predicados import Alcance, Predicado, es_requisito
from comparador.rasgos import Cantidad, Rasgos
from comparador.sinonimos import canonizar

# Which signal names a divergence when there are several.
PRIORIDAD = ("sentido", "plazo", "requisito", "alcance", "otro")

# Words too common in this domain to show two predicates are about the
# same thing.
_GENERICAS: frozenset[str] = frozenset(
    canonizar(
        terminos(
            "sujeto obligado solicitud solicitante información respuesta persona caso ley "
            "artículo plazo días hábiles forma efecto manera materia derecho acceso"
        )
    )
)

_CLASES_MODALES = frozenset({"DEBER", "BASTAR", "PODER", "PROCEDER", "VALER", "COMPRENDER"})

_LIMITES = re.compile(r"[.;:\n]")
# Up to four words after a predicate, punctuation within a clause included.
_PALABRAS_SIGUIENTES = re.compile(r"(?:[^\w.;:,\n]*\w+){0,4}")
_MAX_EVIDENCIA = 220


@dataclass(frozen=True, slots=True)
class Senal:
    """One difference between two criteria, with what each text says."""

    tipo: str
    dice_a: str
    dice_b: str
    evidencia_a: str
    evidencia_b: str
    puntaje: float


def fragmento(texto: str, inicio: int, fin: int) -> str:
    """Return the clause of `texto` around offsets inicio..fin, trimmed to a readable length."""
    # Just past the last limit before the words (0 if none): what
    # `_LIMITES` finds, looked for from the end.
    desde = 1 + max(
        texto.rfind(".", 0, inicio),
        texto.rfind(";", 0, inicio),
        texto.rfind(":", 0, inicio),
        texto.rfind("\n", 0, inicio),
    )
    corte = _LIMITES.search(texto, fin)
    hasta = corte.start() + 1 if corte else len(texto)
    if hasta - desde > _MAX_EVIDENCIA:
        desde = max(desde, inicio - _MAX_EVIDENCIA // 2)
        hasta = min(hasta, max(fin, desde + _MAX_EVIDENCIA))
    return texto[desde:hasta].strip()


def _frase(texto: str, inicio: int, fin: int) -> str:
    """Return the words at inicio..fin plus a few following ones, for an explanation."""
    extra = _PALABRAS_SIGUIENTES.match(texto, fin)
    return (texto[inicio:fin] + (extra.group(0) if extra else "")).strip()


def _familia(unidad: str) -> str:
    """Return the kind of a unit: all kinds of days are one family."""
    return "dias" if unidad.startswith("dias") else unidad


def _plazos(a: Rasgos, b: Rasgos, *, estricto: bool) -> list[Senal]:
    """Return plazo signals: quantities of one family in both texts that do not match."""
    senales: list[Senal] = []
    familias = sorted(
        {_familia(c.unidad) for c in a.cantidades} & {_familia(c.unidad) for c in b.cantidades}
    )
    for familia in familias:
        de_a = [c for c in a.cantidades if _familia(c.unidad) == familia]
        de_b = [c for c in b.cantidades if _familia(c.unidad) == familia]

        def sin_par(propias: list[Cantidad], ajenas: list[Cantidad]) -> list[Cantidad]:
            return [
                c
                for c in propias
                if not any(
                    c.valor == o.valor and unidades_compatibles(c.unidad, o.unidad) for o in ajenas
                )
            ]

        solo_a, solo_b = sin_par(de_a, de_b), sin_par(de_b, de_a)
        if estricto and not (solo_a and solo_b):
            continue
        if not (solo_a or solo_b):
            continue
        # Pair the same figure in different units first ("15 días hábiles"
        # against "15 días naturales"), else the first of each.
        x = solo_a[0] if solo_a else de_a[0]
        y = solo_b[0] if solo_b else de_b[0]
        for c in solo_a:
            igual = next((o for o in solo_b if o.valor == c.valor), None)
            if igual:
                x, y = c, igual
                break
        senales.append(
            Senal(
                "plazo",
                describir(x.valor, x.unidad),
                describir(y.valor, y.unidad),
                fragmento(a.texto, x.inicio, x.fin),
                fragmento(b.texto, y.inicio, y.fin),
                0.9 if estricto else 0.5,
            )
        )
    return senales


def _pueden_diferir(
    a: frozenset[tuple[int, str]], b: frozenset[tuple[int, str]], *, estricto: bool
) -> bool:
    """Return whether two texts' (value, unit) quantities can give a plazo signal.

    A quantity matched by the same value and unit in the other text is
    never unpaired (`_plazos`), so equal sets give no signal, and a strict
    signal needs unpaired quantities on both sides, so neither set may hold
    the other.
    """
    if estricto:
        return not (a <= b or b <= a)
    return a != b


def _comun(a: frozenset[str], b: frozenset[str]) -> int:
    """Return how many distinctive words two objects share."""
    return len((a & b) - _GENERICAS)


def _polaridad(a: Rasgos, b: Rasgos) -> list[Senal]:
    """Return signals of a predicate denied in one text, affirmed in the other."""
    senales: list[Senal] = []
    for negado_en, afirmado_en, invertir in ((a, b, False), (b, a, True)):
        for neg in negado_en.negados:
            minimo = 1 if neg.clave in _CLASES_MODALES else 2
            # The other text denies it too, about the same thing: they agree.
            if any(
                otro.clave == neg.clave and _comun(neg.objeto, otro.objeto) >= minimo
                for otro in afirmado_en.negados
            ):
                continue
            mejor: tuple[int, Predicado] | None = None
            for pos in afirmado_en.afirmados(neg.clave):
                comun = _comun(neg.objeto, pos.objeto)
                # A plain verb ("paga", "ofrece") needs more shared context than
                # a modal ("debe", "basta") to be the same claim.
                if comun >= minimo and (mejor is None or comun > mejor[0]):
                    mejor = (comun, pos)
            if mejor is None:
                continue
            comun, pos = mejor
            if neg.clave == "COMPRENDER":
                tipo = "alcance"
            elif neg.clave in ("DEBER", "BASTAR") and (
                es_requisito(neg, negado_en.texto) or es_requisito(pos, afirmado_en.texto)
            ):
                tipo = "requisito"
            else:
                tipo = "sentido"
            dice_neg = _frase(negado_en.texto, neg.inicio, neg.fin)
            dice_pos = _frase(afirmado_en.texto, pos.inicio, pos.fin)
            ev_neg = fragmento(negado_en.texto, neg.inicio, neg.fin)
            ev_pos = fragmento(afirmado_en.texto, pos.inicio, pos.fin)
            puntaje = min(0.85, 0.55 + 0.1 * comun)
            if invertir:
                senales.append(Senal(tipo, dice_pos, dice_neg, ev_pos, ev_neg, puntaje))
            else:
                senales.append(Senal(tipo, dice_neg, dice_pos, ev_neg, ev_pos, puntaje))
    return senales


def _alcances(a: Rasgos, b: Rasgos) -> list[Senal]:
    """Return alcance signals: opposite scope words about the same thing."""
    senales: list[Senal] = []
    for x in a.alcances:
        for y in b.alcances:
            if x.clase == y.clase or _comun(x.objeto, y.objeto) == 0:
                continue
            senales.append(_senal_alcance(a, b, x, y))
    return senales


def _senal_alcance(a: Rasgos, b: Rasgos, x: Alcance, y: Alcance) -> Senal:
    """Return the alcance signal for two scope words."""
    return Senal(
        "alcance",
        _frase(a.texto, x.inicio, x.fin),
        _frase(b.texto, y.inicio, y.fin),
        fragmento(a.texto, x.inicio, x.fin),
        fragmento(b.texto, y.inicio, y.fin),
        min(0.8, 0.5 + 0.1 * _comun(x.objeto, y.objeto)),
    )


def contrastar(a: Rasgos, b: Rasgos, *, estricto: bool = True) -> list[Senal]:
    """Return the signals that set two criteria apart, most telling first (empty if they agree).

    With `estricto=False` a quantity one text has and the other lacks also
    counts; used only to explain pairs already known to be in different
    stances.
    """
    # Most pairs have nothing to compare on some signal; the calls are skipped.
    senales = _polaridad(a, b) if a.negados or b.negados else []
    if a.cantidades and b.cantidades and _pueden_diferir(a.medidas, b.medidas, estricto=estricto):
        senales += _plazos(a, b, estricto=estricto)
    if a.alcances and b.alcances:
        senales += _alcances(a, b)
    if not senales:
        return senales
    return sorted(senales, key=lambda s: (PRIORIDAD.index(s.tipo), -s.puntaje, s.dice_a, s.dice_b))
