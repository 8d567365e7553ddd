"""Votaciones, notes and deferral: every transition allowed and forbidden."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from sesiones.asistencia import Registro, registrar_asistencia
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Acta, Asistencia, PropuestaTema, PuntoOrden, Voto
from sesiones.quorum import quorum_de_mesa
from sesiones.votaciones import (
    abrir_votacion,
    cerrar_votacion,
    diferir_punto,
    emitir_voto,
    guardar_notas,
    historial,
    impedimento_para_diferir,
    mesas_destino,
    registro_editable,
)
from tests.factories import crear_garante, crear_mesa, crear_propuesta, crear_punto

GARANTES = ("ags", "col", "jal", "mich", "nay")


@pytest.fixture
def mesa(session):
    for garante in GARANTES:
        crear_garante(session, garante, nombre=f"Garante {garante.upper()}")
    return crear_mesa(session, estado="en_curso")


@pytest.fixture
def secretaria(usuario):
    return usuario("secretaria")


def _presentes(session, mesa, *garantes):
    for garante in garantes:
        session.add(Asistencia(mesa_id=mesa.id, garante_id=garante, presente=True))
    session.commit()


def _votar(session, punto, garante, sentido, usuario=None, por_secretaria=False):
    voto, anterior = emitir_voto(
        session=session,
        punto=punto,
        garante_id=garante,
        sentido=sentido,
        usuario=usuario,
        por_secretaria=por_secretaria,
    )
    session.commit()
    return voto, anterior


def _en_votacion(session, mesa, **campos):
    punto = crear_punto(session, mesa, **campos)
    abrir_votacion(session=session, punto=punto, usuario=None)
    session.commit()
    return punto


# --- Abrir ---------------------------------------------------------------------------


def test_abrir_votacion(session, mesa, secretaria):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = crear_punto(session, mesa)
    abrir_votacion(session=session, punto=punto, usuario=secretaria)
    session.commit()
    session.refresh(punto)
    assert punto.estado == "en_votacion"
    assert punto.votacion_abierta_en is not None


@pytest.mark.parametrize(
    ("estado_mesa", "campos_punto", "presentes", "mensaje"),
    [
        ("convocada", {}, 3, "No se puede abrir la votación: la mesa está «Convocada» y "
         "tendría que estar «En curso»."),
        ("concluida", {}, 3, "No se puede abrir la votación: la mesa está «Concluida» y "
         "tendría que estar «En curso»."),
        ("en_curso", {"votable": False}, 3, "Este punto no se somete a votación."),
        ("en_curso", {"estado": "votado"}, 3, "No se puede abrir la votación: el punto está "
         "«Votado» y tendría que estar «Pendiente»."),
        ("en_curso", {"estado": "diferido"}, 3, "No se puede abrir la votación: el punto está "
         "«Diferido» y tendría que estar «Pendiente»."),
        ("en_curso", {"estado": "en_votacion"}, 3, "No se puede abrir la votación: el punto "
         "está «En votación» y tendría que estar «Pendiente»."),
        # 5 garantes con derecho: more than half is 3.
        ("en_curso", {}, 2, "No se puede abrir la votación sin quórum: hay 2 de 5 garantes con "
         "derecho presentes y se requieren 3."),
        ("en_curso", {}, 0, "No se puede abrir la votación sin quórum: hay 0 de 5 garantes con "
         "derecho presentes y se requieren 3."),
    ],
)  # fmt: skip
def test_abrir_votacion_no_permitida(session, mesa, estado_mesa, campos_punto, presentes, mensaje):
    _presentes(session, mesa, *GARANTES[:presentes])
    mesa.estado = estado_mesa
    session.add(mesa)
    session.commit()
    punto = crear_punto(session, mesa, **campos_punto)
    estado_antes = punto.estado
    with pytest.raises(TransicionNoPermitida) as error:
        abrir_votacion(session=session, punto=punto, usuario=None)
    assert str(error.value) == mensaje
    session.rollback()
    session.refresh(punto)
    assert punto.estado == estado_antes


def test_una_votacion_a_la_vez(session, mesa):
    _presentes(session, mesa, "ags", "col", "jal")
    _en_votacion(session, mesa, titulo="Plazos de respuesta")
    segundo = crear_punto(session, mesa, titulo="Costos de reproducción")
    with pytest.raises(TransicionNoPermitida) as error:
        abrir_votacion(session=session, punto=segundo, usuario=None)
    assert str(error.value) == (
        "Ya está abierta la votación del punto 1 («Plazos de respuesta»); "
        "ciérrela antes de abrir otra."
    )


# --- Votar ---------------------------------------------------------------------------


def test_votar_y_cambiar_el_voto_hasta_el_cierre(session, mesa, usuario):
    comisionado = usuario("comisionado", "ags")
    _presentes(session, mesa, "ags", "col", "jal")
    punto = _en_votacion(session, mesa)
    voto, anterior = _votar(session, punto, "ags", "en_contra", comisionado)
    assert anterior is None
    assert (voto.sentido, voto.usuario_id, voto.por_secretaria) == (
        "en_contra",
        comisionado.id,
        False,
    )
    voto, anterior = _votar(session, punto, "ags", "a_favor", comisionado)
    assert anterior == "en_contra"
    votos = session.exec(select(Voto)).all()
    assert [(v.garante_id, v.sentido) for v in votos] == [("ags", "a_favor")]


def test_voto_registrado_por_la_secretaria_queda_como_tal(session, mesa, secretaria):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = _en_votacion(session, mesa)
    voto, _ = _votar(session, punto, "col", "abstencion", secretaria, por_secretaria=True)
    assert (voto.garante_id, voto.usuario_id, voto.por_secretaria) == ("col", secretaria.id, True)


def test_garante_ausente_no_vota(session, mesa):
    _presentes(session, mesa, "ags", "col", "jal")
    session.add(Asistencia(mesa_id=mesa.id, garante_id="mich", presente=False))
    session.commit()
    punto = _en_votacion(session, mesa)
    for garante in ("mich", "nay"):
        with pytest.raises(TransicionNoPermitida) as error:
            emitir_voto(
                session=session, punto=punto, garante_id=garante, sentido="a_favor",
                usuario=None, por_secretaria=False,
            )  # fmt: skip
        assert str(error.value) == (
            f"Garante {garante.upper()} no está registrado como presente en la mesa; "
            "solo votan los garantes presentes."
        )
        session.rollback()
    assert session.exec(select(Voto)).all() == []


@pytest.mark.parametrize(
    ("estado", "mensaje"),
    [
        ("pendiente", "No se puede votar: el punto está «Pendiente» y tendría que estar "
         "«En votación»."),
        ("votado", "No se puede votar: el punto está «Votado» y tendría que estar «En votación»."),
        ("diferido", "No se puede votar: el punto está «Diferido» y tendría que estar "
         "«En votación»."),
    ],
)  # fmt: skip
def test_votar_fuera_de_la_votacion(session, mesa, estado, mensaje):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = crear_punto(session, mesa, estado=estado)
    with pytest.raises(TransicionNoPermitida) as error:
        _votar(session, punto, "ags", "a_favor")
    assert str(error.value) == mensaje


def test_votar_con_la_mesa_concluida(session, mesa):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = crear_punto(session, mesa, estado="en_votacion")
    mesa.estado = "concluida"
    session.add(mesa)
    session.commit()
    with pytest.raises(TransicionNoPermitida, match="la mesa está «Concluida»"):
        _votar(session, punto, "ags", "a_favor")


def test_sentido_desconocido(session, mesa):
    punto = crear_punto(session, mesa, estado="en_votacion")
    with pytest.raises(ValueError, match="sentido de voto desconocido: si"):
        _votar(session, punto, "ags", "si")


# --- Cerrar --------------------------------------------------------------------------


def test_cerrar_congela_el_resultado(session, mesa, usuario, secretaria):
    comisionado = usuario("comisionado", "ags")
    _presentes(session, mesa, "ags", "col", "jal", "mich")
    propuesta = crear_propuesta(session, estado="en_orden_del_dia")
    punto = _en_votacion(session, mesa, propuesta_id=propuesta.id)
    a, _ = _votar(session, punto, "ags", "a_favor", comisionado)
    b, _ = _votar(session, punto, "col", "a_favor", secretaria, por_secretaria=True)
    c, _ = _votar(session, punto, "jal", "abstencion", secretaria, por_secretaria=True)
    assert cerrar_votacion(session=session, punto=punto, usuario=secretaria) == "rechazado"
    session.commit()
    session.refresh(punto)
    assert (punto.estado, punto.resultado) == ("votado", "rechazado")
    assert punto.votacion_cerrada_en is not None
    detalle = punto.resultado_detalle
    assert detalle == {
        "regla": "mayoria_simple",
        "quorum": {"con_derecho": 5, "presentes": 4, "requeridos": 3, "hay": True,
                   "fraccion": 0.5, "estricto": True,
                   "regla": "más de la mitad de los garantes con derecho"},
        "con_derecho": ["ags", "col", "jal", "mich"],
        "garantes": {"ags": "Garante AGS", "col": "Garante COL", "jal": "Garante JAL",
                     "mich": "Garante MICH"},
        "votos": {
            "ags": {"sentido": "a_favor", "usuario": comisionado.id, "por_secretaria": False,
                    "emitido_en": a.emitido_en.isoformat()},
            "col": {"sentido": "a_favor", "usuario": secretaria.id, "por_secretaria": True,
                    "emitido_en": b.emitido_en.isoformat()},
            "jal": {"sentido": "abstencion", "usuario": secretaria.id, "por_secretaria": True,
                    "emitido_en": c.emitido_en.isoformat()},
        },
        "sin_voto": ["mich"],
        "conteo": {"a_favor": 2, "en_contra": 0, "abstencion": 1, "sin_voto": 1},
        "cerrada_por": secretaria.id,
        "cerrada_en": punto.votacion_cerrada_en.isoformat(),
    }  # fmt: skip
    assert session.get(PropuestaTema, propuesta.id).estado == "discutida"


def test_el_resultado_congelado_no_cambia_con_la_asistencia(session, mesa, secretaria):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = _en_votacion(session, mesa)
    for garante in ("ags", "col"):
        _votar(session, punto, garante, "a_favor", secretaria, por_secretaria=True)
    assert cerrar_votacion(session=session, punto=punto, usuario=secretaria) == "aprobado"
    session.commit()
    congelado = dict(punto.resultado_detalle)

    registrar_asistencia(
        session=session,
        mesa=mesa,
        registros={
            "ags": Registro(False),
            "mich": Registro(True, "Ana"),
            "nay": Registro(True, "E"),
        },
        usuario=secretaria,
    )
    session.commit()
    session.expire_all()
    punto = session.get(PuntoOrden, punto.id)
    assert quorum_de_mesa(session=session, mesa=mesa).presentes == 4
    assert (punto.resultado, punto.resultado_detalle) == ("aprobado", congelado)
    assert punto.resultado_detalle["con_derecho"] == ["ags", "col", "jal"]


def test_unanimidad_por_punto(session, mesa):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = _en_votacion(session, mesa, regla_votacion="unanimidad")
    for garante, sentido in (("ags", "a_favor"), ("col", "a_favor"), ("jal", "abstencion")):
        _votar(session, punto, garante, sentido)
    assert cerrar_votacion(session=session, punto=punto, usuario=None) == "rechazado"
    assert punto.resultado_detalle["regla"] == "unanimidad"


@pytest.mark.parametrize("estado", ["pendiente", "votado", "diferido"])
def test_cerrar_solo_en_votacion(session, mesa, estado):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = crear_punto(session, mesa, estado=estado)
    with pytest.raises(TransicionNoPermitida) as error:
        cerrar_votacion(session=session, punto=punto, usuario=None)
    etiqueta = {"pendiente": "Pendiente", "votado": "Votado", "diferido": "Diferido"}[estado]
    assert str(error.value) == (
        f"No se puede cerrar la votación: el punto está «{etiqueta}» y tendría que estar "
        "«En votación»."
    )


def test_cerrar_sin_quorum(session, mesa):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = _en_votacion(session, mesa)
    # A garante's vigencia was cut short meanwhile (attendance itself cannot change now).
    for garante in ("col", "jal"):
        asistencia = session.get(Asistencia, (mesa.id, garante))
        asistencia.presente = False
        session.add(asistencia)
    session.commit()
    with pytest.raises(TransicionNoPermitida) as error:
        cerrar_votacion(session=session, punto=punto, usuario=None)
    assert str(error.value) == (
        "No se puede cerrar la votación sin quórum: hay 1 de 5 garantes con derecho presentes "
        "y se requieren 3."
    )
    session.rollback()
    session.refresh(punto)
    assert punto.estado == "en_votacion"


def test_cerrar_con_la_mesa_concluida(session, mesa):
    _presentes(session, mesa, "ags", "col", "jal")
    punto = _en_votacion(session, mesa)
    mesa.estado = "concluida"
    session.add(mesa)
    session.commit()
    with pytest.raises(TransicionNoPermitida, match="la mesa está «Concluida»"):
        cerrar_votacion(session=session, punto=punto, usuario=None)


# --- Registro editable y notas ---------------------------------------------------------


@pytest.mark.parametrize(
    ("estado", "actas", "editable"),
    [
        ("borrador", [], False),
        ("convocada", [], False),
        ("en_curso", [], True),
        ("cancelada", [], False),
        ("concluida", [], True),
        ("concluida", ["borrador"], True),
        ("concluida", ["aprobada"], False),
        ("concluida", ["aprobada", "borrador"], True),  # a correction reopens the record
        ("concluida", ["aprobada", "aprobada"], False),
    ],
)
def test_registro_editable(session, mesa, estado, actas, editable):
    mesa.estado = estado
    session.add(mesa)
    for version, estado_acta in enumerate(actas, start=1):
        session.add(Acta(mesa_id=mesa.id, version=version, estado=estado_acta))
    session.commit()
    assert registro_editable(session=session, mesa=mesa) is editable


def test_notas_de_deliberacion(session, mesa):
    punto = crear_punto(session, mesa)
    assert guardar_notas(session=session, punto=punto, notas="  AGS y COL a favor.  ") is None
    session.commit()
    assert punto.notas_deliberacion == "AGS y COL a favor."
    assert guardar_notas(session=session, punto=punto, notas="  ") == "AGS y COL a favor."
    assert punto.notas_deliberacion is None


@pytest.mark.parametrize(
    ("estado", "actas", "mensaje"),
    [
        ("convocada", [], "Las notas de deliberación se escriben durante la sesión; la mesa "
         "está «Convocada»."),
        ("concluida", ["aprobada"], "Las notas ya no pueden cambiar: el acta de la mesa está "
         "aprobada."),
    ],
)  # fmt: skip
def test_notas_no_editables(session, mesa, estado, actas, mensaje):
    mesa.estado = estado
    session.add(mesa)
    for version, estado_acta in enumerate(actas, start=1):
        session.add(Acta(mesa_id=mesa.id, version=version, estado=estado_acta))
    session.commit()
    punto = crear_punto(session, mesa, notas_deliberacion="Antes.")
    with pytest.raises(TransicionNoPermitida) as error:
        guardar_notas(session=session, punto=punto, notas="Después.")
    assert str(error.value) == mensaje
    session.rollback()
    session.refresh(punto)
    assert punto.notas_deliberacion == "Antes."


# --- Diferir -------------------------------------------------------------------------


def _orden(session, mesa):
    puntos = session.exec(
        select(PuntoOrden).where(PuntoOrden.mesa_id == mesa.id).order_by(PuntoOrden.orden)
    ).all()
    return [(p.orden, p.titulo) for p in puntos]


def test_diferir_a_una_mesa_posterior(session, mesa, secretaria):
    propuesta = crear_propuesta(session, estado="en_orden_del_dia")
    punto = crear_punto(
        session, mesa, titulo="Costos de reproducción", descripcion="Cobro por copia.",
        tipo="propuesta", propuesta_id=propuesta.id, divergencia_clave="d-01",
        regla_votacion="unanimidad", notas_deliberacion="Falta la opinión de JAL.",
    )  # fmt: skip
    siguiente = crear_mesa(session, fecha=date(2027, 1, 20), estado="convocada")
    for titulo, clave in (
        ("Lista de asistencia y quórum", "asistencia_quorum"),
        ("Plazos de respuesta", None),
        ("Asuntos generales", "asuntos_generales"),
        ("Clausura", "clausura"),
    ):
        crear_punto(
            session, siguiente, titulo=titulo, clave_estandar=clave,
            tipo="estandar" if clave else "libre",
        )  # fmt: skip

    nuevo = diferir_punto(session=session, punto=punto, destino=siguiente, usuario=secretaria)
    session.commit()
    session.refresh(punto)
    assert (punto.estado, punto.diferido_a_id) == ("diferido", nuevo.id)
    assert (nuevo.mesa_id, nuevo.diferido_de_id, nuevo.estado) == (
        siguiente.id,
        punto.id,
        "pendiente",
    )
    assert (nuevo.titulo, nuevo.descripcion, nuevo.tipo, nuevo.propuesta_id) == (
        "Costos de reproducción",
        "Cobro por copia.",
        "propuesta",
        propuesta.id,
    )
    assert (nuevo.divergencia_clave, nuevo.regla_votacion, nuevo.notas_deliberacion) == (
        "d-01",
        "unanimidad",
        None,
    )
    assert _orden(session, siguiente) == [
        (1, "Lista de asistencia y quórum"),
        (2, "Plazos de respuesta"),
        (3, "Costos de reproducción"),
        (4, "Asuntos generales"),
        (5, "Clausura"),
    ]
    # The propuesta is still on an orden del día (now the later one's).
    assert session.get(PropuestaTema, propuesta.id).estado == "en_orden_del_dia"


def test_diferir_a_una_mesa_sin_puntos_de_tramite_va_al_final(session, mesa):
    punto = crear_punto(session, mesa, titulo="Costos")
    siguiente = crear_mesa(session, fecha=date(2027, 1, 20))
    crear_punto(session, siguiente, titulo="Plazos")
    diferir_punto(session=session, punto=punto, destino=siguiente, usuario=None)
    session.commit()
    assert _orden(session, siguiente) == [(1, "Plazos"), (2, "Costos")]


def test_historial_de_un_punto_diferido_dos_veces(session, mesa):
    primero = crear_punto(session, mesa, titulo="Costos", notas_deliberacion="Se pidió estudio.")
    segunda = crear_mesa(session, fecha=date(2027, 1, 20))
    tercera = crear_mesa(session, fecha=date(2027, 3, 3))
    continuacion = diferir_punto(session=session, punto=primero, destino=segunda, usuario=None)
    session.commit()
    segunda.estado = "en_curso"
    session.add(segunda)
    session.commit()
    guardar_notas(session=session, punto=continuacion, notas="El estudio sigue en curso.")
    ultimo = diferir_punto(session=session, punto=continuacion, destino=tercera, usuario=None)
    session.commit()
    cadena = historial(session=session, punto=ultimo)
    assert [
        (a.mesa.id, a.punto.id, a.punto.estado, a.punto.notas_deliberacion) for a in cadena
    ] == [
        (mesa.id, primero.id, "diferido", "Se pidió estudio."),
        (segunda.id, continuacion.id, "diferido", "El estudio sigue en curso."),
    ]
    assert historial(session=session, punto=primero) == []


def test_mesas_destino(session, mesa):
    crear_mesa(session, fecha=date(2026, 11, 1), titulo="Anterior")
    crear_mesa(session, fecha=date(2027, 2, 1), titulo="Convocada", estado="convocada")
    crear_mesa(session, fecha=date(2027, 1, 1), titulo="Borrador")
    crear_mesa(session, fecha=date(2026, 12, 10), titulo="Mismo día")
    crear_mesa(session, fecha=date(2027, 1, 5), titulo="Cancelada", estado="cancelada")
    crear_mesa(session, fecha=date(2027, 1, 6), titulo="En curso", estado="en_curso")
    crear_mesa(session, fecha=date(2027, 1, 7), titulo="Otra región", region="centro")
    assert [m.titulo for m in mesas_destino(session=session, mesa=mesa)] == [
        "Mismo día", "Borrador", "Convocada"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("campos_punto", "campos_destino", "mensaje"),
    [
        ({"tipo": "estandar", "clave_estandar": "asuntos_generales"}, {},
         "Los puntos de trámite (asistencia, orden del día, asuntos generales, clausura) no se "
         "difieren."),
        ({"estado": "votado"}, {},
         "No se puede diferir el punto: el punto está «Votado» y tendría que estar «Pendiente»."),
        ({"estado": "en_votacion"}, {},
         "No se puede diferir el punto: el punto está «En votación» y tendría que estar "
         "«Pendiente»."),
        ({"estado": "diferido"}, {},
         "No se puede diferir el punto: el punto está «Diferido» y tendría que estar "
         "«Pendiente»."),
        ({}, {"fecha": date(2026, 12, 9)},
         "Un punto solo se difiere a una mesa posterior de la misma región."),
        ({}, {"region": "centro"},
         "Un punto solo se difiere a una mesa posterior de la misma región."),
        ({}, {"estado": "en_curso"},
         "No se puede diferir el punto: la mesa está «En curso» y tendría que estar "
         "«Borrador» o «Convocada»."),
        ({}, {"estado": "concluida"},
         "No se puede diferir el punto: la mesa está «Concluida» y tendría que estar "
         "«Borrador» o «Convocada»."),
        ({}, {"estado": "cancelada"},
         "No se puede diferir el punto: la mesa está «Cancelada» y tendría que estar "
         "«Borrador» o «Convocada»."),
    ],
)  # fmt: skip
def test_diferir_no_permitido(session, mesa, campos_punto, campos_destino, mensaje):
    punto = crear_punto(session, mesa, **campos_punto)
    destino = crear_mesa(session, **{"fecha": date(2027, 1, 20), **campos_destino})
    with pytest.raises(TransicionNoPermitida) as error:
        diferir_punto(session=session, punto=punto, destino=destino, usuario=None)
    assert str(error.value) == mensaje
    session.rollback()
    assert session.exec(select(PuntoOrden).where(PuntoOrden.mesa_id == destino.id)).all() == []


def test_diferir_a_la_misma_mesa(session, mesa):
    punto = crear_punto(session, mesa)
    with pytest.raises(TransicionNoPermitida, match="Elija otra mesa: el punto ya está en esta"):
        diferir_punto(session=session, punto=punto, destino=mesa, usuario=None)


@pytest.mark.parametrize(
    ("estado", "actas", "motivo"),
    [
        ("en_curso", [], None),
        ("concluida", [], None),
        ("concluida", ["aprobada", "borrador"], None),
        ("concluida", ["aprobada"], "No se puede diferir el punto: el acta de la mesa ya está "
         "aprobada."),
        ("convocada", [], "No se puede diferir el punto: la mesa está «Convocada» y tendría que "
         "estar «En curso» o «Concluida»."),
        ("borrador", [], "No se puede diferir el punto: la mesa está «Borrador» y tendría que "
         "estar «En curso» o «Concluida»."),
        ("cancelada", [], "No se puede diferir el punto: la mesa está «Cancelada» y tendría que "
         "estar «En curso» o «Concluida»."),
    ],
)  # fmt: skip
def test_diferir_segun_el_estado_de_la_mesa_de_origen(session, mesa, estado, actas, motivo):
    mesa.estado = estado
    session.add(mesa)
    for version, estado_acta in enumerate(actas, start=1):
        session.add(Acta(mesa_id=mesa.id, version=version, estado=estado_acta))
    session.commit()
    punto = crear_punto(session, mesa)
    destino = crear_mesa(session, fecha=date(2027, 1, 20))
    assert impedimento_para_diferir(session=session, punto=punto) == motivo
    if motivo is None:
        diferir_punto(session=session, punto=punto, destino=destino, usuario=None)
        assert punto.estado == "diferido"
        return
    with pytest.raises(TransicionNoPermitida) as error:
        diferir_punto(session=session, punto=punto, destino=destino, usuario=None)
    assert str(error.value) == motivo
