"""Propuestas de tema: presenting (free, from a divergencia, from a grupo), apoyos, and every
change of estado, allowed and forbidden."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from criterios.comparaciones import crear_comparacion, ejecutar_comparacion
from criterios.models import Divergencia, GrupoCriterio, GrupoTematico
from sesiones import propuestas
from sesiones.errores import TransicionNoPermitida
from sesiones.models import ESTADOS_PROPUESTA, ApoyoPropuesta, PropuestaTema
from tests.factories import contar, crear_criterio, crear_garante, crear_propuesta

RUBRO = "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN."
DIEZ = "El sujeto obligado debe responder la solicitud dentro de diez días hábiles."
VEINTE = "El sujeto obligado debe responder la solicitud dentro de veinte días hábiles."


@pytest.fixture
def comisionados(usuario):
    """Return two comisionados of jal and one of col."""
    return {clave: usuario("comisionado", clave[:3]) for clave in ("jal", "jal-2", "col")}


@pytest.fixture
def comparada(engine, session):
    """Run the comparator over three criterios on one topic: jal says ten days, ags and col
    say twenty; return the run's grupo."""
    for garante in ("jal", "ags", "col"):
        crear_garante(session, garante)
    crear_criterio(session, "jal", "jal-07", rubro=RUBRO, texto=DIEZ, temas=["plazos"])
    crear_criterio(session, "ags", "ags-01", rubro=RUBRO, texto=VEINTE, temas=["plazos"])
    crear_criterio(session, "col", "col-01", rubro=RUBRO, texto=VEINTE, temas=["plazos"])
    comparacion = crear_comparacion(session=session, iniciada_por="pruebas")
    assert comparacion.id is not None
    ejecutar_comparacion(engine, comparacion.id)
    session.expire_all()
    return session.exec(select(GrupoTematico)).one()


def _propuesta(session: Session, estado: str, autor=None) -> PropuestaTema:
    return crear_propuesta(
        session,
        estado=estado,
        autor_id=autor.id if autor else None,
        garante_id=autor.garante_id if autor else None,
    )


# --- Presenting ------------------------------------------------------------------------


def test_una_propuesta_libre_queda_a_nombre_del_garante_de_quien_la_presenta(session, comisionados):
    propuesta = propuestas.crear(
        session=session,
        titulo="  Plazos de respuesta en la región ",
        justificacion=" Cada garante cuenta los días de otra forma. ",
        autor=comisionados["col"],
    )
    session.commit()
    guardada = session.get(PropuestaTema, propuesta.id)
    assert guardada is not None
    assert (guardada.titulo, guardada.justificacion) == (
        "Plazos de respuesta en la región",
        "Cada garante cuenta los días de otra forma.",
    )
    assert (guardada.origen, guardada.estado, guardada.garante_id) == ("libre", "propuesta", "col")
    assert guardada.autor_id == comisionados["col"].id
    assert (guardada.divergencia_clave, guardada.grupo_clave, guardada.resumen_origen) == (
        None,
        None,
        None,
    )
    assert guardada.criterio_ids == []


def test_desde_una_divergencia_guarda_sus_claves_su_explicacion_y_ambos_criterios(
    session, comparada, comisionados
):
    divergencia = session.exec(
        select(Divergencia).where(
            Divergencia.garante_a.in_(["jal"]) | (Divergencia.garante_b == "jal")
        )  # type: ignore[attr-defined]
    ).first()
    assert divergencia is not None
    propuesta = propuestas.crear(
        session=session,
        titulo="Plazo de respuesta",
        justificacion="Jalisco da diez días; los demás, veinte.",
        autor=comisionados["jal"],
        divergencia=divergencia,
    )
    session.commit()
    assert propuesta.origen == "divergencia"
    assert propuesta.divergencia_clave == divergencia.clave
    assert propuesta.grupo_clave == comparada.clave
    assert propuesta.resumen_origen == divergencia.explicacion
    assert propuesta.criterio_ids == [divergencia.criterio_a_id, divergencia.criterio_b_id]
    assert propuesta.garante_id == "jal"


def test_desde_un_grupo_guarda_su_clave_su_tema_y_todos_sus_criterios(
    session, comparada, comisionados
):
    propuesta = propuestas.crear(
        session=session,
        titulo="Plazo de respuesta",
        justificacion="Tres garantes, dos plazos.",
        autor=comisionados["col"],
        grupo=comparada,
    )
    session.commit()
    miembros = session.exec(
        select(GrupoCriterio.criterio_id).where(GrupoCriterio.grupo_id == comparada.id)
    ).all()
    assert len(miembros) == 3
    assert propuesta.origen == "grupo"
    assert propuesta.grupo_clave == comparada.clave
    assert propuesta.divergencia_clave is None
    assert propuesta.resumen_origen == comparada.tema
    assert sorted(propuesta.criterio_ids) == sorted(miembros)


@pytest.mark.parametrize(
    ("titulo", "justificacion", "errores"),
    [
        ("Plazos", "Difieren.", {}),
        ("", "Difieren.", {"titulo": "Escriba el título del tema que propone."}),
        ("   ", "Difieren.", {"titulo": "Escriba el título del tema que propone."}),
        ("x" * 301, "Difieren.", {"titulo": "El título admite hasta 300 caracteres."}),
        ("Plazos", " ",
         {"justificacion": "Explique por qué conviene discutir este tema en una mesa."}),
        ("Plazos", "x" * 5001, {"justificacion": "La justificación admite hasta 5000 caracteres."}),
    ],
)  # fmt: skip
def test_validar(titulo, justificacion, errores):
    assert propuestas.validar(titulo=titulo, justificacion=justificacion) == errores


def test_crear_con_datos_invalidos_no_guarda_nada(session, comisionados):
    with pytest.raises(ValueError, match="Escriba el título"):
        propuestas.crear(session=session, titulo="", justificacion="J", autor=comisionados["jal"])
    assert contar(session, PropuestaTema) == 0


def test_titulo_sugerido(session, comparada):
    divergencia = session.exec(select(Divergencia)).first()
    assert divergencia is not None
    assert propuestas.titulo_sugerido(grupo=comparada) == comparada.tema
    assert (
        propuestas.titulo_sugerido(divergencia=divergencia, grupo=comparada)
        == f"{comparada.tema}: {divergencia.explicacion}"
    )
    assert propuestas.titulo_sugerido() == ""
    largo = GrupoTematico(comparacion_id=1, clave="g", tema="palabra " * 60)
    sugerido = propuestas.titulo_sugerido(grupo=largo)
    assert len(sugerido) <= 300 and sugerido.endswith(" palabra…")
    assert sugerido == ("palabra " * 37).strip() + "…"


# --- Changes of estado -----------------------------------------------------------------

TRANSICIONES = {
    "admitir": {"propuesta": "admitida"},
    "no_admitir": {"propuesta": "no_admitida"},
    "marcar_en_orden_del_dia": {"admitida": "en_orden_del_dia"},
    "devolver_a_admitida": {"en_orden_del_dia": "admitida"},
    "marcar_discutida": {"en_orden_del_dia": "discutida"},
}


def _aplicar(session, accion, propuesta, usuario):
    if accion == "admitir":
        propuestas.admitir(session=session, propuesta=propuesta, usuario=usuario)
    elif accion == "no_admitir":
        propuestas.no_admitir(
            session=session, propuesta=propuesta, usuario=usuario, motivo="Fuera de la región."
        )
    else:
        getattr(propuestas, accion)(session=session, propuesta=propuesta)


@pytest.mark.parametrize("estado", ESTADOS_PROPUESTA)
@pytest.mark.parametrize("accion", list(TRANSICIONES))
def test_transiciones(session, usuario, accion, estado):
    secretaria = usuario("secretaria")
    propuesta = _propuesta(session, estado)
    destino = TRANSICIONES[accion].get(estado)
    if destino is None:
        with pytest.raises(TransicionNoPermitida):
            _aplicar(session, accion, propuesta, secretaria)
        session.rollback()
        session.expire_all()
        assert session.get(PropuestaTema, propuesta.id).estado == estado
        return
    _aplicar(session, accion, propuesta, secretaria)
    session.commit()
    session.expire_all()
    assert session.get(PropuestaTema, propuesta.id).estado == destino


@pytest.mark.parametrize(
    ("accion", "estado", "mensaje"),
    [
        ("admitir", "admitida",
         "No se puede admitir: la propuesta está «Admitida» y tendría que estar «Propuesta»."),
        ("no_admitir", "en_orden_del_dia",
         "No se puede marcar como no admitida: la propuesta está «En orden del día» y tendría "
         "que estar «Propuesta»."),
        ("marcar_en_orden_del_dia", "propuesta",
         "No se puede llevarla al orden del día: la propuesta está «Propuesta» y tendría que "
         "estar «Admitida»."),
        ("marcar_discutida", "admitida",
         "No se puede darla por discutida: la propuesta está «Admitida» y tendría que estar "
         "«En orden del día»."),
    ],
)  # fmt: skip
def test_una_transicion_prohibida_dice_por_que(session, usuario, accion, estado, mensaje):
    propuesta = _propuesta(session, estado)
    with pytest.raises(TransicionNoPermitida) as error:
        _aplicar(session, accion, propuesta, usuario("secretaria"))
    assert str(error.value) == mensaje


def test_admitir_y_no_admitir_dicen_quien_y_cuando(session, usuario):
    secretaria = usuario("secretaria")
    admitida, rechazada = _propuesta(session, "propuesta"), _propuesta(session, "propuesta")
    propuestas.admitir(session=session, propuesta=admitida, usuario=secretaria)
    propuestas.no_admitir(
        session=session, propuesta=rechazada, usuario=secretaria, motivo="  Ya se discutió. "
    )
    session.commit()
    session.expire_all()
    admitida = session.get(PropuestaTema, admitida.id)
    rechazada = session.get(PropuestaTema, rechazada.id)
    assert (admitida.resuelta_por_id, admitida.motivo_no_admision) == (secretaria.id, None)
    assert admitida.resuelta_en is not None
    assert (rechazada.resuelta_por_id, rechazada.motivo_no_admision) == (
        secretaria.id,
        "Ya se discutió.",
    )


def test_no_admitir_exige_motivo(session, usuario):
    propuesta = _propuesta(session, "propuesta")
    with pytest.raises(ValueError, match="Escriba el motivo"):
        propuestas.no_admitir(
            session=session, propuesta=propuesta, usuario=usuario("secretaria"), motivo="  "
        )
    assert propuesta.estado == "propuesta"


@pytest.mark.parametrize(
    ("accion", "motivo", "errores"),
    [
        ("admitir", "", {}),
        ("no_admitir", "Ya se discutió.", {}),
        ("no_admitir", " ", {"motivo": "Escriba el motivo por el que no se admite la propuesta."}),
        ("", "", {"accion": "Elija si admite o no admite la propuesta."}),
        ("borrar", "", {"accion": "Elija si admite o no admite la propuesta."}),
        ("admitir", "x" * 5001, {"motivo": "El motivo admite hasta 5000 caracteres."}),
    ],
)  # fmt: skip
def test_validar_admision(accion, motivo, errores):
    assert propuestas.validar_admision(accion=accion, motivo=motivo) == errores


def test_dos_decisiones_a_la_vez_solo_vale_la_primera(engine, session, usuario):
    """Two secretarías open the same propuesta; the second decision finds it decided."""
    propuesta = _propuesta(session, "propuesta")
    secretaria = usuario("secretaria")
    with Session(engine) as otra:
        vista_por_la_otra = otra.get(PropuestaTema, propuesta.id)
        assert vista_por_la_otra is not None and vista_por_la_otra.estado == "propuesta"
        propuestas.admitir(session=session, propuesta=propuesta, usuario=secretaria)
        session.commit()
        # The other session's object still says "propuesta"; the stored row does not.
        assert vista_por_la_otra.estado == "propuesta"
        with pytest.raises(TransicionNoPermitida, match="está «Admitida»"):
            propuestas.no_admitir(
                session=otra, propuesta=vista_por_la_otra, usuario=secretaria, motivo="No."
            )
        otra.rollback()
    session.expire_all()
    guardada = session.get(PropuestaTema, propuesta.id)
    assert (guardada.estado, guardada.motivo_no_admision) == ("admitida", None)


def test_comprobar_admisible(session):
    propuestas.comprobar_admisible(_propuesta(session, "propuesta"))
    with pytest.raises(TransicionNoPermitida, match="No se puede decidir sobre su admisión"):
        propuestas.comprobar_admisible(_propuesta(session, "no_admitida"))


# --- Apoyos ----------------------------------------------------------------------------


def test_apoyar_y_retirar_el_apoyo(session, comisionados):
    propuesta = _propuesta(session, "propuesta", comisionados["jal"])
    otro = comisionados["col"]
    assert not propuestas.apoya(session=session, propuesta=propuesta, usuario=otro)
    propuestas.apoyar(session=session, propuesta=propuesta, usuario=otro)
    session.commit()
    assert propuestas.apoya(session=session, propuesta=propuesta, usuario=otro)
    assert contar(session, ApoyoPropuesta) == 1
    propuestas.retirar_apoyo(session=session, propuesta=propuesta, usuario=otro)
    session.commit()
    assert contar(session, ApoyoPropuesta) == 0


def test_un_apoyo_por_persona(session, comisionados):
    propuesta = _propuesta(session, "propuesta", comisionados["jal"])
    propuestas.apoyar(session=session, propuesta=propuesta, usuario=comisionados["col"])
    with pytest.raises(TransicionNoPermitida, match=r"^Ya apoya esta propuesta\.$"):
        propuestas.apoyar(session=session, propuesta=propuesta, usuario=comisionados["col"])
    # Another comisionado of the author's own garante may support it too.
    propuestas.apoyar(session=session, propuesta=propuesta, usuario=comisionados["jal-2"])
    session.commit()
    assert propuestas.numero_de_apoyos(session=session, propuesta_ids=[propuesta.id]) == {
        propuesta.id: 2
    }


def test_quien_la_presenta_no_puede_apoyarla(session, comisionados):
    propuesta = _propuesta(session, "propuesta", comisionados["jal"])
    with pytest.raises(TransicionNoPermitida) as error:
        propuestas.apoyar(session=session, propuesta=propuesta, usuario=comisionados["jal"])
    assert str(error.value) == "Quien presenta una propuesta no puede apoyarla."
    assert contar(session, ApoyoPropuesta) == 0


def test_retirar_un_apoyo_que_no_hay(session, comisionados):
    propuesta = _propuesta(session, "propuesta", comisionados["jal"])
    with pytest.raises(TransicionNoPermitida, match=r"^No apoya esta propuesta\.$"):
        propuestas.retirar_apoyo(session=session, propuesta=propuesta, usuario=comisionados["col"])


@pytest.mark.parametrize("estado", ESTADOS_PROPUESTA)
def test_los_apoyos_solo_cambian_mientras_esta_propuesta_o_admitida(session, comisionados, estado):
    abierta = estado in ("propuesta", "admitida")
    propuesta = _propuesta(session, estado, comisionados["jal"])
    # An apoyo given while it was open, to try withdrawing it in each estado.
    session.add(ApoyoPropuesta(propuesta_id=propuesta.id, usuario_id=comisionados["jal-2"].id))
    session.commit()
    mensaje = (
        f"La propuesta está «{propuestas.etiqueta_estado(estado)}»; solo se pueden dar o "
        "retirar apoyos mientras está propuesta o admitida."
    )
    if abierta:
        propuestas.apoyar(session=session, propuesta=propuesta, usuario=comisionados["col"])
        propuestas.retirar_apoyo(
            session=session, propuesta=propuesta, usuario=comisionados["jal-2"]
        )
        session.commit()
        assert contar(session, ApoyoPropuesta) == 1
        return
    with pytest.raises(TransicionNoPermitida) as error:
        propuestas.apoyar(session=session, propuesta=propuesta, usuario=comisionados["col"])
    assert str(error.value) == mensaje
    with pytest.raises(TransicionNoPermitida) as error:
        propuestas.retirar_apoyo(
            session=session, propuesta=propuesta, usuario=comisionados["jal-2"]
        )
    assert str(error.value) == mensaje
    session.rollback()
    assert contar(session, ApoyoPropuesta) == 1


# --- Queries ---------------------------------------------------------------------------


def test_buscar_las_mas_recientes_primero_con_filtros_y_apoyos(session, comisionados):
    primera = _propuesta(session, "admitida", comisionados["jal"])
    segunda = _propuesta(session, "propuesta", comisionados["col"])
    tercera = _propuesta(session, "propuesta", comisionados["jal"])
    session.add(ApoyoPropuesta(propuesta_id=primera.id, usuario_id=comisionados["col"].id))
    session.add(ApoyoPropuesta(propuesta_id=primera.id, usuario_id=comisionados["jal-2"].id))
    session.add(ApoyoPropuesta(propuesta_id=tercera.id, usuario_id=comisionados["col"].id))
    session.commit()

    def ids(**filtros):
        pagina = propuestas.buscar(session=session, **filtros)
        return [(p.id, apoyos) for p, apoyos in pagina.elementos]

    assert ids() == [(tercera.id, 1), (segunda.id, 0), (primera.id, 2)]
    assert ids(estado="propuesta") == [(tercera.id, 1), (segunda.id, 0)]
    assert ids(garante="jal") == [(tercera.id, 1), (primera.id, 2)]
    assert ids(estado="admitida", garante="col") == []
    pagina = propuestas.buscar(session=session, pagina=2, por_pagina=2)
    assert (pagina.total, pagina.paginas, pagina.numero) == (3, 2, 2)
    assert [p.id for p, _ in pagina.elementos] == [primera.id]


def test_de_origen(session):
    de_divergencia = crear_propuesta(
        session, origen="divergencia", divergencia_clave="d-1", grupo_clave="g-1"
    )
    del_grupo = crear_propuesta(session, origen="grupo", grupo_clave="g-1")
    crear_propuesta(session, origen="grupo", grupo_clave="g-2")
    assert [p.id for p in propuestas.de_origen(session=session, divergencia_clave="d-1")] == [
        de_divergencia.id
    ]
    assert [p.id for p in propuestas.de_origen(session=session, grupo_clave="g-1")] == [
        del_grupo.id,
        de_divergencia.id,
    ]
    assert propuestas.de_origen(session=session) == []
