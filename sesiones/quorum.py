"""Quórum and voting rules of a mesa: who is entitled, how many must attend, who won.

The rules are plain functions over numbers and dicts (tested with tables of cases); only
``garantes_con_derecho``, ``garantes_presentes`` and ``quorum_de_mesa`` read the database.

- **Con derecho**: the garantes of the mesa's región that are vigente on the mesa's fecha.
  Institutions change (one body replaced by several), so this is always data, never "nine".
- **Quórum**: of N garantes con derecho, a *strict* rule needs more than ``fraccion``·N
  present (the default, "más de la mitad": 0.5), a non-strict one at least ``fraccion``·N
  (e.g. "al menos dos terceras partes": 2/3). With no garante con derecho there is never
  quórum. The rule is frozen on the mesa when it is created (``Mesa.quorum_*``).
- **Resultado**: ``mayoria_simple`` approves when the votes a favor are more than half of
  the garantes present (an abstention or a missing vote counts against); ``unanimidad``
  approves when every garante present voted a favor.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, func, select

from criterios.models import Garante
from sesiones.models import Asistencia, Mesa

ETIQUETAS_REGLA = {
    "mayoria_simple": "Mayoría simple de los garantes presentes",
    "unanimidad": "Unanimidad de los garantes presentes",
}
ETIQUETAS_SENTIDO = {"a_favor": "A favor", "en_contra": "En contra", "abstencion": "Abstención"}
ETIQUETAS_RESULTADO = {"aprobado": "Aprobado", "rechazado": "Rechazado"}

# Fractions people say in words; any other is written as a percentage.
_FRACCIONES_EN_PALABRAS = {
    Fraction(1, 2): "la mitad",
    Fraction(1, 3): "la tercera parte",
    Fraction(2, 3): "las dos terceras partes",
    Fraction(1, 4): "la cuarta parte",
    Fraction(3, 4): "las tres cuartas partes",
}


def _fraccion_exacta(fraccion: float) -> Fraction:
    # 2/3 is stored as 0.666…; a small denominator gives back the fraction people meant,
    # so that 2/3 of 3 garantes is exactly 2 and not 2.0000000000000004.
    return Fraction(fraccion).limit_denominator(1000)


def requeridos(con_derecho: int, fraccion: float, estricto: bool) -> int:
    """Return how many garantes present make quórum (never fewer than one).

    Strict: the smallest whole number greater than ``fraccion``·N; otherwise the smallest
    one that reaches it. 9 garantes, "más de la mitad": 5; 8 garantes: 5; 6 garantes, "al
    menos dos terceras partes": 4.
    """
    limite = _fraccion_exacta(fraccion) * con_derecho
    necesarios = math.floor(limite) + 1 if estricto else math.ceil(limite)
    return max(necesarios, 1)


def describir_regla_quorum(fraccion: float, estricto: bool) -> str:
    """Return the quórum rule in words: 'más de la mitad …', 'al menos el 60 % …'."""
    exacta = _fraccion_exacta(fraccion)
    if exacta == 1 and not estricto:
        return "todos los garantes con derecho"
    en_palabras = _FRACCIONES_EN_PALABRAS.get(exacta)
    if en_palabras is None:
        porcentaje = f"{float(exacta) * 100:g} %"
        cantidad = f"del {porcentaje}" if estricto else f"el {porcentaje}"
    else:
        cantidad = f"de {en_palabras}" if estricto else en_palabras
    return f"{'más' if estricto else 'al menos'} {cantidad} de los garantes con derecho"


@dataclass(frozen=True)
class Quorum:
    """The quórum of a mesa at one moment: entitled, present, required, and whether it holds."""

    con_derecho: int
    presentes: int
    requeridos: int
    hay: bool
    fraccion: float = 0.5
    estricto: bool = True

    @classmethod
    def calcular(
        cls, *, con_derecho: int, presentes: int, fraccion: float, estricto: bool
    ) -> Quorum:
        """Return the quórum of ``presentes`` out of ``con_derecho`` under the given rule."""
        necesarios = requeridos(con_derecho, fraccion, estricto)
        return cls(
            con_derecho=con_derecho,
            presentes=presentes,
            requeridos=necesarios,
            hay=con_derecho > 0 and presentes >= necesarios,
            fraccion=fraccion,
            estricto=estricto,
        )

    @property
    def regla(self) -> str:
        """Return the rule in words (see ``describir_regla_quorum``)."""
        return describir_regla_quorum(self.fraccion, self.estricto)

    def como_dict(self) -> dict[str, Any]:
        """Return the quórum as plain data, to freeze in a votación's result or an acta."""
        return {**asdict(self), "regla": self.regla}


def resultado_votacion(votos: Mapping[str, str], presentes: Collection[str], regla: str) -> str:
    """Return "aprobado" or "rechazado" for ``votos`` (garante → sentido) under ``regla``.

    Only the votes of garantes in ``presentes`` count. ``mayoria_simple``: a favor > half of
    the presentes (abstentions and missing votes count against; a tie rejects).
    ``unanimidad``: every garante present voted a favor. With nobody present, rejected.
    """
    a_favor = sum(1 for g in presentes if votos.get(g) == "a_favor")
    total = len(presentes)
    if regla == "mayoria_simple":
        aprobado = 2 * a_favor > total
    elif regla == "unanimidad":
        aprobado = total > 0 and a_favor == total
    else:
        raise ValueError(f"regla de votación desconocida: {regla}")
    return "aprobado" if aprobado else "rechazado"


def contar_votos(votos: Mapping[str, str], presentes: Collection[str]) -> dict[str, int]:
    """Return the counts a favor, en contra, abstención and sin voto among ``presentes``."""
    conteo = {"a_favor": 0, "en_contra": 0, "abstencion": 0, "sin_voto": 0}
    for garante in presentes:
        conteo[votos.get(garante, "sin_voto")] += 1
    return conteo


# --- The database side -----------------------------------------------------------------


def garantes_con_derecho(*, session: Session, mesa: Mesa) -> list[Garante]:
    """Return the garantes of the mesa's región vigente on its fecha, by name."""
    candidatos = session.exec(
        select(Garante)
        .where(Garante.region == mesa.region)
        .order_by(func.lower(col(Garante.nombre)))
    ).all()
    return [g for g in candidatos if g.vigente_en(mesa.fecha)]


def garantes_presentes(
    *, session: Session, mesa: Mesa, con_derecho: list[Garante] | None = None
) -> list[str]:
    """Return the ids of the garantes con derecho recorded as present, in name order.

    Pass ``con_derecho`` when it is already at hand, to avoid reading it again.
    """
    if con_derecho is None:
        con_derecho = garantes_con_derecho(session=session, mesa=mesa)
    presentes = set(
        session.exec(
            select(Asistencia.garante_id).where(
                Asistencia.mesa_id == mesa.id, col(Asistencia.presente).is_(True)
            )
        ).all()
    )
    return [g.id for g in con_derecho if g.id in presentes]


def quorum_de_mesa(
    *, session: Session, mesa: Mesa, con_derecho: list[Garante] | None = None
) -> Quorum:
    """Return the mesa's quórum now, under the rule frozen on the mesa.

    Pass ``con_derecho`` when it is already at hand, to avoid reading it again.
    """
    if con_derecho is None:
        con_derecho = garantes_con_derecho(session=session, mesa=mesa)
    presentes = garantes_presentes(session=session, mesa=mesa, con_derecho=con_derecho)
    return Quorum.calcular(
        con_derecho=len(con_derecho),
        presentes=len(presentes),
        fraccion=mesa.quorum_fraccion,
        estricto=mesa.quorum_estricto,
    )
