"""Mesas: the convocatoria's validation, numbering per year, states and public lists."""

from datetime import date, time

import pytest
from sqlmodel import select

from sesiones import ajustes, mesas
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Mesa, PuntoOrden
from tests.factories import crear_garante, crear_punto

FORMULARIO = {
    "titulo": "Primera mesa de análisis: plazos de respuesta",
    "fecha": "2026-12-10",
    "hora": "10:00",
    "modalidad": "virtual",
    "sede": "jal",
    "enlace": "https://reuniones.example.mx/crco",
    "direccion": "",
}


@pytest.fixture
def garantes(session):
    crear_garante(session, "jal", region="centro-occidente")
    crear_garante(session, "ags", region="centro-occidente")
    crear_garante(session, "cdmx", region="centro")


def _mesa(session, **cambios) -> Mesa:
    datos, errores = mesas.validar_mesa(session=session, formulario={**FORMULARIO, **cambios})
    assert not errores, errores
    mesa = mesas.crear_mesa(session=session, datos=datos, usuario_id=None)
    session.commit()
    return mesa


def _puntos(session, mesa):
    return session.exec(
        select(PuntoOrden.orden, PuntoOrden.clave_estandar, PuntoOrden.votable)
        .where(PuntoOrden.mesa_id == mesa.id)
        .order_by(PuntoOrden.orden)
    ).all()


def test_crear_mesa_guarda_la_convocatoria_en_borrador(session, garantes):
    mesa = _mesa(session)
    assert (mesa.anio, mesa.numero, mesa.estado) == (2026, 1, "borrador")
    assert (mesa.fecha, mesa.hora, mesa.modalidad) == (date(2026, 12, 10), time(10), "virtual")
    assert (mesa.sede_garante_id, mesa.region) == ("jal", "centro-occidente")
    assert mesa.enlace == "https://reuniones.example.mx/crco"
    assert mesa.direccion is None


def test_crear_mesa_agrega_los_puntos_de_tramite(session, garantes):
    mesa = _mesa(session)
    assert _puntos(session, mesa) == [
        (1, "asistencia_quorum", False),
        (2, "aprobacion_orden", True),
        (3, "asuntos_generales", False),
        (4, "clausura", False),
    ]
    titulos = session.exec(
        select(PuntoOrden.titulo).where(PuntoOrden.mesa_id == mesa.id).order_by(PuntoOrden.orden)
    ).all()
    assert titulos == [
        "Lista de asistencia y declaración de quórum",
        "Lectura y, en su caso, aprobación del orden del día",
        "Asuntos generales",
        "Clausura de la sesión",
    ]
    assert set(session.exec(select(PuntoOrden.tipo)).all()) == {"estandar"}


def test_la_numeracion_es_consecutiva_dentro_de_cada_anio(session, garantes):
    primera = _mesa(session, fecha="2026-03-01")
    segunda = _mesa(session, fecha="2026-11-30")
    otra_de_2027 = _mesa(session, fecha="2027-01-15")
    mesas.cancelar(session=session, mesa=segunda, motivo="Sin sede disponible.")
    session.commit()
    tercera = _mesa(session, fecha="2026-12-20")
    assert [(m.anio, m.numero) for m in (primera, segunda, otra_de_2027, tercera)] == [
        (2026, 1),
        (2026, 2),
        (2027, 1),
        (2026, 3),  # a cancelled mesa keeps its número
    ]


def test_la_regla_de_quorum_se_congela_al_crear_la_mesa(session, garantes):
    ajustes.guardar(session, ajustes.AJUSTE_QUORUM, {"fraccion": 2 / 3, "estricto": False})
    session.commit()
    mesa = _mesa(session)
    ajustes.guardar(session, ajustes.AJUSTE_QUORUM, {"fraccion": 0.5, "estricto": True})
    session.commit()
    session.refresh(mesa)
    assert (mesa.quorum_fraccion, mesa.quorum_estricto) == (pytest.approx(2 / 3), False)
    assert (_mesa(session).quorum_fraccion, _mesa(session).quorum_estricto) == (0.5, True)


def test_la_region_es_la_de_la_sede_salvo_que_se_elija_otra(session, garantes):
    assert _mesa(session, sede="cdmx").region == "centro"
    assert _mesa(session, sede="cdmx", region="centro-occidente").region == "centro-occidente"


@pytest.mark.parametrize(
    ("cambios", "enlace", "direccion"),
    [
        ({"modalidad": "presencial", "direccion": "Av. Juárez 1"}, None, "Av. Juárez 1"),
        ({"modalidad": "virtual", "direccion": "Av. Juárez 1"}, FORMULARIO["enlace"], None),
        ({"modalidad": "mixta", "direccion": "Av. Juárez 1"}, FORMULARIO["enlace"],
         "Av. Juárez 1"),
    ],
)  # fmt: skip
def test_solo_se_guarda_lo_que_la_modalidad_usa(session, garantes, cambios, enlace, direccion):
    mesa = _mesa(session, **cambios)
    assert (mesa.enlace, mesa.direccion) == (enlace, direccion)


@pytest.mark.parametrize(
    ("cambios", "campo", "mensaje"),
    [
        ({"titulo": "  "}, "titulo", "Escriba el título de la mesa."),
        ({"titulo": "x" * 301}, "titulo", "El título no puede pasar de 300 caracteres."),
        ({"fecha": ""}, "fecha", "Escriba la fecha de la mesa."),
        ({"fecha": "10/12/2026"}, "fecha", "La fecha «10/12/2026» no es válida; use AAAA-MM-DD."),
        ({"hora": ""}, "hora", "Escriba la hora de inicio."),
        ({"hora": "diez"}, "hora", "La hora «diez» no es válida; use HH:MM, p. ej. 10:00."),
        ({"modalidad": "hibrida"}, "modalidad", "Elija la modalidad: presencial, virtual o mixta."),
        ({"sede": ""}, "sede", "Elija el garante sede."),
        ({"sede": "xyz"}, "sede", "Ese garante no existe; elija uno de la lista."),
        ({"region": "norte"}, "region",
         "Elija una región de la lista (la de algún garante registrado)."),
        ({"enlace": ""}, "enlace", "Escriba el enlace de la reunión: la modalidad es virtual."),
        ({"modalidad": "mixta", "enlace": "", "direccion": "Av. Juárez 1"}, "enlace",
         "Escriba el enlace de la reunión: la modalidad es mixta."),
        ({"enlace": "reuniones.example.mx"}, "enlace", "El enlace debe empezar con https://."),
        ({"enlace": "https://" + "x" * 500}, "enlace",
         "El enlace no puede pasar de 500 caracteres."),
        ({"modalidad": "presencial"}, "direccion",
         "Escriba la dirección de la sede: la modalidad es presencial."),
        ({"modalidad": "mixta"}, "direccion",
         "Escriba la dirección de la sede: la modalidad es mixta."),
    ],
)  # fmt: skip
def test_validacion_por_campo(session, garantes, cambios, campo, mensaje):
    datos, errores = mesas.validar_mesa(session=session, formulario={**FORMULARIO, **cambios})
    assert datos is None
    assert errores == {campo: mensaje}


# --- Transitions -------------------------------------------------------------------------

ESTADOS = ("borrador", "convocada", "en_curso", "concluida", "cancelada")
PERMITIDAS = {
    ("borrador", "convocar"): "convocada",
    ("convocada", "iniciar"): "en_curso",
    ("en_curso", "concluir"): "concluida",
    ("borrador", "cancelar"): "cancelada",
    ("convocada", "cancelar"): "cancelada",
}
REQUIERE = {
    "convocar": "en borrador",
    "iniciar": "convocada",
    "concluir": "en curso",
    "cancelar": "en borrador o convocada",
}
EN_ESTADO = {"borrador": "en borrador", "convocada": "convocada", "en_curso": "en curso",
             "concluida": "concluida", "cancelada": "cancelada"}  # fmt: skip


def _hacer(session, mesa, accion):
    if accion == "cancelar":
        mesas.cancelar(session=session, mesa=mesa, motivo="La sede no está disponible.")
    else:
        getattr(mesas, accion)(session=session, mesa=mesa)


@pytest.mark.parametrize("accion", list(REQUIERE))
@pytest.mark.parametrize("estado", ESTADOS)
def test_transiciones(session, garantes, estado, accion):
    mesa = _mesa(session)
    crear_punto(session, mesa)
    mesa.estado = estado
    session.add(mesa)
    session.commit()
    destino = PERMITIDAS.get((estado, accion))
    if destino:
        _hacer(session, mesa, accion)
        session.commit()
        session.refresh(mesa)
        assert mesa.estado == destino
        marcas = {"convocar": mesa.convocada_en, "iniciar": mesa.iniciada_en,
                  "concluir": mesa.concluida_en, "cancelar": mesa.motivo_cancelacion}  # fmt: skip
        assert marcas[accion] is not None
        return
    with pytest.raises(TransicionNoPermitida) as error:
        _hacer(session, mesa, accion)
    assert str(error.value) == (
        f"Solo se puede {accion} una mesa {REQUIERE[accion]}; esta mesa está {EN_ESTADO[estado]}."
    )
    session.rollback()
    session.refresh(mesa)
    assert mesa.estado == estado


def test_convocar_requiere_un_punto_de_fondo(session, garantes):
    mesa = _mesa(session)
    with pytest.raises(TransicionNoPermitida) as error:
        mesas.convocar(session=session, mesa=mesa)
    assert str(error.value) == (
        "Agregue al menos un punto al orden del día, además de los puntos de trámite, "
        "antes de convocar."
    )
    assert mesa.estado == "borrador"
    assert mesas.impedimento(session=session, mesa=mesa, accion="convocar") == str(error.value)
    crear_punto(session, mesa)
    assert mesas.impedimento(session=session, mesa=mesa, accion="convocar") is None


def test_no_se_concluye_con_una_votacion_abierta(session, garantes):
    mesa = _mesa(session)
    crear_punto(session, mesa, titulo="Plazo de respuesta", estado="en_votacion")
    mesa.estado = "en_curso"
    session.add(mesa)
    session.commit()
    with pytest.raises(TransicionNoPermitida) as error:
        mesas.concluir(session=session, mesa=mesa)
    assert str(error.value) == (
        "No se puede concluir la mesa: sigue abierta la votación del punto 5. Plazo de "
        "respuesta. Ciérrela primero."
    )
    assert mesa.estado == "en_curso"


@pytest.mark.parametrize(
    ("motivo", "mensaje"),
    [
        ("   ", "Escriba el motivo de la cancelación; se publica con la mesa."),
        ("x" * 2001, "El motivo no puede pasar de 2000 caracteres."),
    ],
)
def test_cancelar_exige_motivo(session, garantes, motivo, mensaje):
    mesa = _mesa(session)
    assert mesas.error_de_motivo(motivo) == mensaje
    with pytest.raises(TransicionNoPermitida, match=mensaje[:20]):
        mesas.cancelar(session=session, mesa=mesa, motivo=motivo)
    assert (mesa.estado, mesa.motivo_cancelacion) == ("borrador", None)


# --- Editing -----------------------------------------------------------------------------


def test_editar_una_mesa_en_borrador_devuelve_los_cambios(session, garantes):
    mesa = _mesa(session)
    datos, _ = mesas.validar_mesa(
        session=session,
        formulario={**FORMULARIO, "hora": "11:30", "titulo": "Mesa sobre plazos"},
        mesa=mesa,
    )
    cambios = mesas.editar_mesa(session=session, mesa=mesa, datos=datos)
    assert cambios == {
        "titulo": ("Primera mesa de análisis: plazos de respuesta", "Mesa sobre plazos"),
        "hora": ("10:00:00", "11:30:00"),
    }
    assert mesa.hora == time(11, 30)


def test_un_borrador_que_cambia_de_anio_toma_el_siguiente_numero(session, garantes):
    _mesa(session, fecha="2027-02-01")
    mesa = _mesa(session)
    datos, _ = mesas.validar_mesa(
        session=session, formulario={**FORMULARIO, "fecha": "2027-03-01"}, mesa=mesa
    )
    mesas.editar_mesa(session=session, mesa=mesa, datos=datos)
    assert (mesa.anio, mesa.numero) == (2027, 2)


def test_una_mesa_convocada_no_cambia_de_anio(session, garantes):
    mesa = _mesa(session)
    mesa.estado = "convocada"
    datos, errores = mesas.validar_mesa(
        session=session, formulario={**FORMULARIO, "fecha": "2027-01-10"}, mesa=mesa
    )
    assert datos is None
    assert errores == {
        "fecha": "La mesa se convocó como la 1.ª de 2026; no puede pasar a otro año. "
        "Cancélela y cree una nueva."
    }


@pytest.mark.parametrize("estado", ["en_curso", "concluida", "cancelada"])
def test_una_mesa_iniciada_o_cerrada_no_se_edita(session, garantes, estado):
    mesa = _mesa(session)
    mesa.estado = estado
    session.add(mesa)
    session.commit()
    datos, _ = mesas.validar_mesa(session=session, formulario=FORMULARIO, mesa=mesa)
    with pytest.raises(TransicionNoPermitida) as error:
        mesas.editar_mesa(session=session, mesa=mesa, datos=datos)
    assert str(error.value) == (
        f"La mesa está {EN_ESTADO[estado]}: su convocatoria y su orden del día ya no se "
        "pueden cambiar."
    )


# --- Lists -------------------------------------------------------------------------------


def test_listas_publicas_y_borradores(session, garantes):
    _mesa(session, titulo="Borrador", fecha="2026-12-01")
    convocada = _mesa(session, titulo="Convocada", fecha="2026-12-20")
    en_curso = _mesa(session, titulo="En curso", fecha="2026-12-05")
    concluida = _mesa(session, titulo="Concluida", fecha="2026-10-01")
    cancelada_publica = _mesa(session, titulo="Cancelada tras convocar", fecha="2026-11-01")
    cancelada_en_borrador = _mesa(session, titulo="Cancelada en borrador", fecha="2026-11-02")
    for mesa in (convocada, en_curso, concluida, cancelada_publica):
        crear_punto(session, mesa)
        mesas.convocar(session=session, mesa=mesa)
    mesas.iniciar(session=session, mesa=en_curso)
    mesas.iniciar(session=session, mesa=concluida)
    mesas.concluir(session=session, mesa=concluida)
    mesas.cancelar(session=session, mesa=cancelada_publica, motivo="Sin quórum previsto.")
    mesas.cancelar(session=session, mesa=cancelada_en_borrador, motivo="Duplicada.")
    session.commit()

    def titulos(lista):
        return [m.titulo for m in lista]

    assert titulos(mesas.proximas(session=session)) == ["En curso", "Convocada"]
    assert titulos(mesas.proximas(session=session, con_borradores=True)) == [
        "Borrador",
        "En curso",
        "Convocada",
    ]
    assert titulos(mesas.anteriores(session=session).elementos) == [
        "Cancelada tras convocar",
        "Concluida",
    ]
    assert titulos(mesas.anteriores(session=session, con_borradores=True).elementos) == [
        "Cancelada en borrador",
        "Cancelada tras convocar",
        "Concluida",
    ]
    pagina = mesas.anteriores(session=session, pagina=2, por_pagina=1)
    assert (pagina.total, pagina.numero, pagina.paginas) == (2, 2, 2)
    assert titulos(pagina.elementos) == ["Concluida"]
    publicas = {m.titulo for m in session.exec(select(Mesa)) if mesas.es_publica(m)}
    assert publicas == {"Convocada", "En curso", "Concluida", "Cancelada tras convocar"}
