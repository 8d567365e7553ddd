"""Attendance: recorded per garante con derecho while the mesa is en curso."""

from __future__ import annotations

import pytest
from sqlmodel import select

from sesiones.asistencia import (
    Registro,
    asistencia_de_mesa,
    registrar_asistencia,
    validar_asistencia,
)
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Asistencia
from sesiones.quorum import quorum_de_mesa
from tests.factories import crear_garante, crear_mesa, crear_punto


@pytest.fixture
def mesa(session):
    crear_garante(session, "ags", nombre="Aguascalientes", siglas="ITEA")
    crear_garante(session, "col", nombre="Colima")
    crear_garante(session, "jal", nombre="Jalisco")
    crear_garante(session, "cdmx", nombre="Ciudad de México", region="centro")
    return crear_mesa(session, estado="en_curso")


@pytest.fixture
def secretaria(usuario):
    return usuario("secretaria")


def _filas(session, mesa):
    return [
        (f.garante.id, f.presente, f.representantes, f.registrada)
        for f in asistencia_de_mesa(session=session, mesa=mesa)
    ]


def test_una_fila_por_garante_con_derecho(session, mesa):
    assert _filas(session, mesa) == [
        ("ags", False, "", False),
        ("col", False, "", False),
        ("jal", False, "", False),
    ]


def test_registrar_y_corregir_la_asistencia(session, mesa, secretaria):
    cambios = registrar_asistencia(
        session=session,
        mesa=mesa,
        registros={
            "ags": Registro(True, "  Comisionada Ana Pérez "),
            "col": Registro(False, "se ignora si no asiste"),
            "jal": Registro(True, "Comisionado Luis Gómez"),
        },
        usuario=secretaria,
    )
    session.commit()
    ana = {"presente": True, "representantes": "Comisionada Ana Pérez"}
    luis = {"presente": True, "representantes": "Comisionado Luis Gómez"}
    assert cambios == {
        "ags": {"antes": None, "despues": ana},
        "col": {"antes": None, "despues": {"presente": False, "representantes": None}},
        "jal": {"antes": None, "despues": luis},
    }
    assert _filas(session, mesa) == [
        ("ags", True, "Comisionada Ana Pérez", True),
        ("col", False, "", True),
        ("jal", True, "Comisionado Luis Gómez", True),
    ]
    fila = session.get(Asistencia, (mesa.id, "ags"))
    assert fila.registrada_por_id == secretaria.id
    assert quorum_de_mesa(session=session, mesa=mesa).presentes == 2

    # The same data again changes nothing; a correction changes only its garante.
    assert (
        registrar_asistencia(
            session=session,
            mesa=mesa,
            registros={"ags": Registro(True, "Comisionada Ana Pérez"), "col": Registro(False)},
            usuario=secretaria,
        )
        == {}
    )
    cambios = registrar_asistencia(
        session=session,
        mesa=mesa,
        registros={"ags": Registro(False, "Ana Pérez"), "jal": Registro(True, "Luis Gómez")},
        usuario=secretaria,
    )
    session.commit()
    assert cambios == {
        "ags": {"antes": ana, "despues": {"presente": False, "representantes": None}},
        "jal": {"antes": luis, "despues": {"presente": True, "representantes": "Luis Gómez"}},
    }
    assert quorum_de_mesa(session=session, mesa=mesa).presentes == 1


@pytest.mark.parametrize(
    ("estado", "mensaje"),
    [
        ("borrador", "la mesa está «Borrador»"),
        ("convocada", "la mesa está «Convocada»"),
        ("concluida", "la mesa está «Concluida»"),
        ("cancelada", "la mesa está «Cancelada»"),
    ],
)
def test_solo_con_la_mesa_en_curso(session, mesa, secretaria, estado, mensaje):
    mesa.estado = estado
    session.add(mesa)
    session.commit()
    with pytest.raises(TransicionNoPermitida) as error:
        registrar_asistencia(
            session=session, mesa=mesa, registros={"ags": Registro(True, "Ana")}, usuario=secretaria
        )
    assert str(error.value) == (
        f"No se puede registrar la asistencia: {mensaje} y tendría que estar «En curso»."
    )
    session.rollback()
    assert session.exec(select(Asistencia)).all() == []


def test_no_cambia_con_una_votacion_abierta(session, mesa, secretaria):
    crear_punto(session, mesa, titulo="Plazos", estado="en_votacion")
    with pytest.raises(TransicionNoPermitida, match="La votación del punto 1 está abierta"):
        registrar_asistencia(
            session=session, mesa=mesa, registros={"ags": Registro(True, "Ana")}, usuario=secretaria
        )


def test_garante_sin_derecho_se_rechaza(session, mesa, secretaria):
    crear_garante(session, "nay", nombre="Nayarit", vigente_hasta="2026-01-31")
    with pytest.raises(TransicionNoPermitida) as error:
        registrar_asistencia(
            session=session,
            mesa=mesa,
            registros={"cdmx": Registro(True, "X"), "nay": Registro(True, "Y")},
            usuario=secretaria,
        )
    assert str(error.value) == (
        "Sin derecho a asistir a esta mesa: cdmx, nay (no es un garante vigente de la región "
        "en la fecha de la mesa)."
    )


def test_validar_asistencia():
    nombres = {"ags": "ITEA", "col": "Colima"}
    assert (
        validar_asistencia({"ags": Registro(True, "Ana"), "col": Registro(False, "")}, nombres)
        == {}
    )
    assert validar_asistencia(
        {"ags": Registro(True, "   "), "col": Registro(True, "x" * 501)}, nombres
    ) == {
        "representantes-ags": "Escriba quién representa a ITEA en la mesa.",
        "representantes-col": "Los representantes de Colima admiten hasta 500 caracteres.",
    }
