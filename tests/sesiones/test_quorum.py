"""Quórum and voting rules: tables of cases, and who is entitled on the mesa's fecha."""

from __future__ import annotations

from datetime import date

import pytest

from sesiones.models import Asistencia
from sesiones.quorum import (
    Quorum,
    contar_votos,
    describir_regla_quorum,
    garantes_con_derecho,
    garantes_presentes,
    quorum_de_mesa,
    requeridos,
    resultado_votacion,
)
from tests.factories import crear_garante, crear_mesa

MITAD, DOS_TERCIOS = 0.5, 2 / 3


@pytest.mark.parametrize(
    ("con_derecho", "fraccion", "estricto", "necesarios"),
    [
        (0, MITAD, True, 1),  # nobody entitled: never quórum (at least one is needed)
        (0, MITAD, False, 1),
        (1, MITAD, True, 1),
        (2, MITAD, True, 2),  # more than 1
        (3, MITAD, True, 2),
        (8, MITAD, True, 5),  # more than 4: a tie is not enough
        (9, MITAD, True, 5),
        (8, MITAD, False, 4),  # at least 4
        (9, MITAD, False, 5),
        (3, DOS_TERCIOS, False, 2),  # exactly 2, no rounding error
        (6, DOS_TERCIOS, False, 4),
        (6, DOS_TERCIOS, True, 5),
        (9, DOS_TERCIOS, False, 6),
        (10, DOS_TERCIOS, False, 7),
        (9, 1.0, False, 9),  # everyone
        (10, 0.6, False, 6),
        (10, 0.6, True, 7),
    ],
)
def test_requeridos(con_derecho, fraccion, estricto, necesarios):
    assert requeridos(con_derecho, fraccion, estricto) == necesarios


@pytest.mark.parametrize(
    ("con_derecho", "presentes", "fraccion", "estricto", "hay"),
    [
        (0, 0, MITAD, True, False),
        (0, 0, MITAD, False, False),
        (9, 4, MITAD, True, False),
        (9, 5, MITAD, True, True),
        (8, 4, MITAD, True, False),  # half is not more than half
        (8, 4, MITAD, False, True),
        (8, 5, MITAD, True, True),
        (1, 1, MITAD, True, True),
        (1, 0, MITAD, True, False),
        (3, 2, DOS_TERCIOS, False, True),
        (3, 2, DOS_TERCIOS, True, False),
        (6, 3, DOS_TERCIOS, False, False),
        (6, 4, DOS_TERCIOS, False, True),
        (9, 9, 1.0, False, True),
        (9, 8, 1.0, False, False),
    ],
)
def test_hay_quorum(con_derecho, presentes, fraccion, estricto, hay):
    quorum = Quorum.calcular(
        con_derecho=con_derecho, presentes=presentes, fraccion=fraccion, estricto=estricto
    )
    assert quorum.hay is hay
    assert (quorum.con_derecho, quorum.presentes) == (con_derecho, presentes)


@pytest.mark.parametrize(
    ("fraccion", "estricto", "texto"),
    [
        (MITAD, True, "más de la mitad de los garantes con derecho"),
        (MITAD, False, "al menos la mitad de los garantes con derecho"),
        (DOS_TERCIOS, False, "al menos las dos terceras partes de los garantes con derecho"),
        (0.6, True, "más del 60 % de los garantes con derecho"),
        (0.6, False, "al menos el 60 % de los garantes con derecho"),
        (1.0, False, "todos los garantes con derecho"),
    ],
)
def test_regla_de_quorum_en_palabras(fraccion, estricto, texto):
    assert describir_regla_quorum(fraccion, estricto) == texto


def test_quorum_como_datos_para_congelar():
    quorum = Quorum.calcular(con_derecho=9, presentes=6, fraccion=MITAD, estricto=True)
    assert quorum.como_dict() == {
        "con_derecho": 9,
        "presentes": 6,
        "requeridos": 5,
        "hay": True,
        "fraccion": 0.5,
        "estricto": True,
        "regla": "más de la mitad de los garantes con derecho",
    }


PRESENTES_5 = ["a", "b", "c", "d", "e"]
PRESENTES_4 = ["a", "b", "c", "d"]


def _votos(*sentidos: str) -> dict[str, str]:
    return {g: s for g, s in zip("abcdefghi", sentidos, strict=False) if s}


@pytest.mark.parametrize(
    ("votos", "presentes", "regla", "resultado"),
    [
        # Mayoría simple: a favor > half of the garantes present.
        (_votos("a_favor", "a_favor", "a_favor"), PRESENTES_5, "mayoria_simple", "aprobado"),
        (_votos("a_favor", "a_favor", "en_contra", "en_contra", "en_contra"), PRESENTES_5,
         "mayoria_simple", "rechazado"),
        # 2 a favor, 1 en contra, 2 abstentions: abstentions count against.
        (_votos("a_favor", "a_favor", "en_contra", "abstencion", "abstencion"), PRESENTES_5,
         "mayoria_simple", "rechazado"),
        # 2 a favor, 0 en contra, 3 without vote: missing votes count against.
        (_votos("a_favor", "a_favor"), PRESENTES_5, "mayoria_simple", "rechazado"),
        # Even N: a tie rejects; one more approves.
        (_votos("a_favor", "a_favor", "en_contra", "en_contra"), PRESENTES_4, "mayoria_simple",
         "rechazado"),
        (_votos("a_favor", "a_favor", "a_favor", "en_contra"), PRESENTES_4, "mayoria_simple",
         "aprobado"),
        # A vote of a garante not present does not count.
        ({"a": "a_favor", "b": "a_favor", "x": "a_favor"}, PRESENTES_4, "mayoria_simple",
         "rechazado"),
        ({}, [], "mayoria_simple", "rechazado"),
        # Unanimidad: every garante present a favor.
        (_votos("a_favor", "a_favor", "a_favor", "a_favor"), PRESENTES_4, "unanimidad",
         "aprobado"),
        (_votos("a_favor", "a_favor", "a_favor", "abstencion"), PRESENTES_4, "unanimidad",
         "rechazado"),
        (_votos("a_favor", "a_favor", "a_favor"), PRESENTES_4, "unanimidad", "rechazado"),
        (_votos("a_favor"), ["a"], "unanimidad", "aprobado"),
        ({}, [], "unanimidad", "rechazado"),
    ],
)  # fmt: skip
def test_resultado_votacion(votos, presentes, regla, resultado):
    assert resultado_votacion(votos, presentes, regla) == resultado


def test_regla_de_votacion_desconocida():
    with pytest.raises(ValueError, match="regla de votación desconocida: dos_tercios"):
        resultado_votacion({}, ["a"], "dos_tercios")


def test_contar_votos_solo_de_presentes():
    votos = {"a": "a_favor", "b": "en_contra", "c": "abstencion", "x": "a_favor"}
    assert contar_votos(votos, PRESENTES_4) == {
        "a_favor": 1,
        "en_contra": 1,
        "abstencion": 1,
        "sin_voto": 1,
    }


def test_con_derecho_los_vigentes_de_la_region_en_la_fecha_de_la_mesa(session):
    crear_garante(session, "ags", nombre="Aguascalientes")
    crear_garante(session, "col", nombre="Colima", vigente_hasta="2026-06-30")
    crear_garante(session, "jal", nombre="Jalisco", vigente_desde="2026-07-01")
    crear_garante(session, "nay", nombre="Nayarit", vigente_desde="2027-01-01")
    crear_garante(session, "cdmx", nombre="Ciudad de México", region="centro")
    mesa = crear_mesa(session, fecha=date(2026, 12, 10))
    assert [g.id for g in garantes_con_derecho(session=session, mesa=mesa)] == ["ags", "jal"]
    anterior = crear_mesa(session, fecha=date(2026, 3, 5))
    assert [g.id for g in garantes_con_derecho(session=session, mesa=anterior)] == ["ags", "col"]


def test_quorum_de_mesa_cuenta_solo_presentes_con_derecho(session):
    for garante in ("ags", "col", "jal"):
        crear_garante(session, garante)
    crear_garante(session, "cdmx", region="centro")
    mesa = crear_mesa(session)
    session.add(Asistencia(mesa_id=mesa.id, garante_id="ags", presente=True))
    session.add(Asistencia(mesa_id=mesa.id, garante_id="col", presente=False))
    session.add(Asistencia(mesa_id=mesa.id, garante_id="cdmx", presente=True))
    session.commit()
    assert garantes_presentes(session=session, mesa=mesa) == ["ags"]
    quorum = quorum_de_mesa(session=session, mesa=mesa)
    assert (quorum.con_derecho, quorum.presentes, quorum.requeridos, quorum.hay) == (3, 1, 2, False)
    session.add(Asistencia(mesa_id=mesa.id, garante_id="jal", presente=True))
    session.commit()
    assert quorum_de_mesa(session=session, mesa=mesa).hay is True


def test_quorum_de_mesa_usa_la_regla_congelada_en_la_mesa(session):
    for garante in ("ags", "col", "jal"):
        crear_garante(session, garante)
    mesa = crear_mesa(session, quorum_fraccion=1.0, quorum_estricto=False)
    for garante in ("ags", "col"):
        session.add(Asistencia(mesa_id=mesa.id, garante_id=garante, presente=True))
    session.commit()
    quorum = quorum_de_mesa(session=session, mesa=mesa)
    assert (quorum.requeridos, quorum.hay) == (3, False)
    assert quorum.regla == "todos los garantes con derecho"


def test_los_garantes_con_derecho_se_ordenan_sin_distinguir_mayusculas(session):
    from sesiones.quorum import garantes_con_derecho
    from tests.factories import crear_garante, crear_mesa

    crear_garante(session, "zac", nombre="Instituto Zacatecano de Transparencia")
    crear_garante(session, "ags", nombre="Instituto de Transparencia de Aguascalientes")
    mesa = crear_mesa(session)
    nombres = [g.nombre for g in garantes_con_derecho(session=session, mesa=mesa)]
    assert nombres == [
        "Instituto de Transparencia de Aguascalientes",
        "Instituto Zacatecano de Transparencia",
    ]
