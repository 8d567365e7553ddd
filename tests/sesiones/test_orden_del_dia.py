"""The orden del día: where puntos go, moving them, what they carry and give back."""

from datetime import date

import pytest
from sqlmodel import select

from criterios.models import Comparacion, Divergencia, GrupoTematico
from sesiones import mesas, orden_del_dia
from sesiones.errores import TransicionNoPermitida
from sesiones.models import CriterioHomologado, PropuestaTema, PuntoOrden
from tests.factories import crear_criterio, crear_garante, crear_propuesta, crear_proyecto

APERTURA = [
    "Lista de asistencia y declaración de quórum",
    "Lectura y, en su caso, aprobación del orden del día",
]
CIERRE = ["Asuntos generales", "Clausura de la sesión"]


@pytest.fixture
def mesa(session):
    crear_garante(session, "jal", siglas="ITEI")
    crear_garante(session, "col")
    datos, _ = mesas.validar_mesa(
        session=session,
        formulario={"titulo": "Mesa 1", "fecha": "2026-12-10", "hora": "10:00",
                    "modalidad": "virtual", "sede": "jal",
                    "enlace": "https://reuniones.example.mx/crco"},
    )  # fmt: skip
    mesa = mesas.crear_mesa(session=session, datos=datos, usuario_id=None)
    session.commit()
    return mesa


def _titulos(session, mesa):
    session.expire_all()
    return [p.titulo for p in orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)]


def _libre(session, mesa, titulo, regla="mayoria_simple"):
    punto = orden_del_dia.agregar_libre(
        session=session, mesa=mesa, titulo=titulo, descripcion=None, regla=regla
    )
    session.commit()
    return punto


def test_los_puntos_nuevos_van_antes_de_asuntos_generales(session, mesa):
    _libre(session, mesa, "Plazos de respuesta")
    _libre(session, mesa, "Datos personales")
    assert _titulos(session, mesa) == [*APERTURA, "Plazos de respuesta", "Datos personales",
                                       *CIERRE]  # fmt: skip
    ordenes = [p.orden for p in orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)]
    assert ordenes == [1, 2, 3, 4, 5, 6]


def test_mover_arriba_y_abajo(session, mesa):
    a = _libre(session, mesa, "A")
    _libre(session, mesa, "B")
    c = _libre(session, mesa, "C")
    orden_del_dia.mover(session=session, mesa=mesa, punto=c, direccion="arriba")
    session.commit()
    assert _titulos(session, mesa)[2:5] == ["A", "C", "B"]
    orden_del_dia.mover(session=session, mesa=mesa, punto=a, direccion="abajo")
    session.commit()
    assert _titulos(session, mesa) == [*APERTURA, "C", "A", "B", *CIERRE]


@pytest.mark.parametrize(
    ("cual", "direccion", "mensaje"),
    [
        ("primero", "arriba", "El punto ya es el primero que se puede mover."),
        ("ultimo", "abajo", "El punto ya es el último que se puede mover."),
        ("estandar", "abajo", "Los puntos de trámite no cambian de lugar."),
        ("primero", "a un lado", "Indique si el punto sube o baja."),
    ],
)
def test_los_puntos_de_tramite_no_se_mueven_ni_se_rebasan(session, mesa, cual, direccion, mensaje):
    primero = _libre(session, mesa, "A")
    ultimo = _libre(session, mesa, "B")
    estandar = orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)[0]
    punto = {"primero": primero, "ultimo": ultimo, "estandar": estandar}[cual]
    with pytest.raises(TransicionNoPermitida) as error:
        orden_del_dia.mover(session=session, mesa=mesa, punto=punto, direccion=direccion)
    assert str(error.value) == mensaje
    assert _titulos(session, mesa) == [*APERTURA, "A", "B", *CIERRE]


def test_quitar_renumera_y_no_quita_los_de_tramite(session, mesa):
    a = _libre(session, mesa, "A")
    _libre(session, mesa, "B")
    orden_del_dia.quitar(session=session, mesa=mesa, punto=a)
    session.commit()
    puntos = orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)
    assert [(p.orden, p.titulo) for p in puntos] == list(
        enumerate([*APERTURA, "B", *CIERRE], start=1)
    )
    with pytest.raises(TransicionNoPermitida) as error:
        orden_del_dia.quitar(session=session, mesa=mesa, punto=puntos[-1])
    assert str(error.value) == "Los puntos de trámite no se pueden quitar del orden del día."


@pytest.mark.parametrize("estado", ["en_curso", "concluida", "cancelada"])
def test_el_orden_del_dia_solo_cambia_en_borrador_o_convocada(session, mesa, estado):
    punto = _libre(session, mesa, "A")
    mesa.estado = estado
    session.add(mesa)
    session.commit()
    mensaje = (
        f"La mesa está {mesas.EN_ESTADO[estado]}: su convocatoria y su orden del día ya no se "
        "pueden cambiar."
    )
    intentos = [
        lambda: _libre(session, mesa, "B"),
        lambda: orden_del_dia.mover(session=session, mesa=mesa, punto=punto, direccion="arriba"),
        lambda: orden_del_dia.quitar(session=session, mesa=mesa, punto=punto),
        lambda: orden_del_dia.editar_punto(
            session=session, mesa=mesa, punto=punto,
            datos=orden_del_dia.DatosPunto("Otro", None, "unanimidad"),
        ),
    ]  # fmt: skip
    for intento in intentos:
        with pytest.raises(TransicionNoPermitida) as error:
            intento()
        assert str(error.value) == mensaje
    assert _titulos(session, mesa) == [*APERTURA, "A", *CIERRE]


def test_en_una_mesa_convocada_el_orden_del_dia_aun_cambia(session, mesa):
    _libre(session, mesa, "A")
    mesas.convocar(session=session, mesa=mesa)
    session.commit()
    _libre(session, mesa, "B")
    assert _titulos(session, mesa) == [*APERTURA, "A", "B", *CIERRE]


# --- What a punto carries ----------------------------------------------------------------


def test_una_propuesta_admitida_va_al_orden_del_dia_y_vuelve_al_quitarla(session, mesa):
    propuesta = crear_propuesta(session, estado="admitida", titulo="Prueba de daño")
    punto = orden_del_dia.agregar_propuesta(session=session, mesa=mesa, propuesta=propuesta)
    session.commit()
    assert (punto.tipo, punto.propuesta_id, punto.titulo) == (
        "propuesta",
        propuesta.id,
        "Prueba de daño",
    )
    assert session.get(PropuestaTema, propuesta.id).estado == "en_orden_del_dia"
    devueltos = orden_del_dia.quitar(session=session, mesa=mesa, punto=punto)
    session.commit()
    assert devueltos == [f"La propuesta {propuesta.id} vuelve a estar admitida."]
    session.expire_all()
    assert session.get(PropuestaTema, propuesta.id).estado == "admitida"


@pytest.mark.parametrize("estado", ["propuesta", "no_admitida", "en_orden_del_dia", "discutida"])
def test_solo_van_propuestas_admitidas(session, mesa, estado):
    propuesta = crear_propuesta(session, estado=estado)
    with pytest.raises(TransicionNoPermitida, match="tendría que estar «Admitida»"):
        orden_del_dia.agregar_propuesta(session=session, mesa=mesa, propuesta=propuesta)
    assert _titulos(session, mesa) == [*APERTURA, *CIERRE]


@pytest.mark.parametrize("estado", ["proyecto", "rechazado"])
def test_un_proyecto_va_al_orden_del_dia_y_vuelve_a_redaccion(session, mesa, estado):
    proyecto = crear_proyecto(session, estado=estado, rubro="PLAZO DE RESPUESTA.")
    punto = orden_del_dia.agregar_proyecto(session=session, mesa=mesa, proyecto=proyecto)
    session.commit()
    assert (punto.tipo, punto.proyecto_id, punto.titulo) == (
        "proyecto",
        proyecto.id,
        "Proyecto de criterio homologado: PLAZO DE RESPUESTA.",
    )
    assert session.get(CriterioHomologado, proyecto.id).estado == "en_orden_del_dia"
    orden_del_dia.quitar(session=session, mesa=mesa, punto=punto)
    session.commit()
    session.expire_all()
    assert session.get(CriterioHomologado, proyecto.id).estado == "proyecto"


@pytest.mark.parametrize("estado", ["en_orden_del_dia", "aprobado", "publicado"])
def test_un_proyecto_aprobado_o_ya_en_una_mesa_no_va(session, mesa, estado):
    proyecto = crear_proyecto(session, estado=estado)
    with pytest.raises(TransicionNoPermitida, match="en redacción o rechazado"):
        orden_del_dia.agregar_proyecto(session=session, mesa=mesa, proyecto=proyecto)


@pytest.fixture
def corridas(session):
    """An older finished run, the latest finished run and a later one still running."""
    jal = crear_criterio(session, "jal", "jal-01")
    col = crear_criterio(session, "col", "col-01")
    for numero, (estado, tema) in enumerate(
        [("terminada", "tema anterior"), ("terminada", "plazo de respuesta"),
         ("en_curso", "tema en curso")], start=1,
    ):  # fmt: skip
        comparacion = Comparacion(estado=estado)
        session.add(comparacion)
        session.flush()
        grupo = GrupoTematico(
            comparacion_id=comparacion.id, clave="g-plazo", tema=tema, garantes=["jal", "col"],
            n_criterios=2, n_posturas=2, n_divergencias=1,
        )  # fmt: skip
        session.add(grupo)
        session.flush()
        session.add(
            Divergencia(
                comparacion_id=comparacion.id, clave="d-plazo", grupo_id=grupo.id,
                criterio_a_id=jal.id, criterio_b_id=col.id, garante_a="jal", garante_b="col",
                version_a=1, version_b=1, tipo="plazo", explicacion=f"Plazos distintos ({numero}).",
            )
        )  # fmt: skip
    session.commit()


def test_grupo_y_divergencia_de_la_ultima_comparacion_terminada(session, mesa, corridas):
    grupo = orden_del_dia.grupo_vigente(session=session, clave="g-plazo")
    divergencia = orden_del_dia.divergencia_vigente(session=session, clave="d-plazo")
    p_grupo = orden_del_dia.agregar_grupo(session=session, mesa=mesa, grupo=grupo)
    p_div = orden_del_dia.agregar_divergencia(session=session, mesa=mesa, divergencia=divergencia)
    session.commit()
    assert (p_grupo.tipo, p_grupo.grupo_clave, p_grupo.titulo) == (
        "grupo",
        "g-plazo",
        "Plazo de respuesta",
    )
    assert p_grupo.descripcion.startswith("Grupo temático g-plazo de la comparación 2")
    assert p_grupo.descripcion.endswith(": 2 criterios de 2 garantes, 2 posturas y 1 divergencia.")
    assert (p_div.tipo, p_div.divergencia_clave, p_div.grupo_clave) == (
        "divergencia",
        "d-plazo",
        "g-plazo",
    )
    assert (
        p_div.titulo == "Plazo de respuesta: divergencia de plazo entre ITEI y Órgano Garante COL"
    )
    assert p_div.descripcion == "Plazos distintos (2)."


def test_el_mismo_grupo_o_divergencia_no_se_repite_en_una_mesa(session, mesa, corridas):
    grupo = orden_del_dia.grupo_vigente(session=session, clave="g-plazo")
    divergencia = orden_del_dia.divergencia_vigente(session=session, clave="d-plazo")
    orden_del_dia.agregar_grupo(session=session, mesa=mesa, grupo=grupo)
    orden_del_dia.agregar_divergencia(session=session, mesa=mesa, divergencia=divergencia)
    with pytest.raises(TransicionNoPermitida, match="Ese grupo temático ya está"):
        orden_del_dia.agregar_grupo(session=session, mesa=mesa, grupo=grupo)
    with pytest.raises(TransicionNoPermitida, match="Esa divergencia ya está"):
        orden_del_dia.agregar_divergencia(session=session, mesa=mesa, divergencia=divergencia)


# --- The "agregar" form and editing ------------------------------------------------------


def test_formulario_libre(session, mesa):
    punto, errores = orden_del_dia.agregar_desde_formulario(
        session=session,
        mesa=mesa,
        formulario={"tipo": "libre", "titulo": " Informe  de la secretaría ",
                    "descripcion": "Avance de acuerdos.", "regla": "unanimidad"},
    )  # fmt: skip
    assert errores == {}
    assert (punto.titulo, punto.descripcion, punto.regla_votacion, punto.orden) == (
        "Informe de la secretaría",
        "Avance de acuerdos.",
        "unanimidad",
        3,
    )


@pytest.mark.parametrize(
    ("formulario", "errores"),
    [
        ({"tipo": "libre", "titulo": ""}, {"titulo": "Escriba el título del punto."}),
        ({"tipo": "libre", "titulo": "x" * 301},
         {"titulo": "El título no puede pasar de 300 caracteres."}),
        ({"tipo": "libre", "titulo": "A", "regla": "mayoria_calificada"},
         {"regla": "Elija la regla de votación: mayoría simple o unanimidad."}),
        ({"tipo": "libre", "titulo": "A", "descripcion": "x" * 5001},
         {"descripcion": "La descripción no puede pasar de 5000 caracteres."}),
        ({"tipo": "propuesta", "propuesta": ""},
         {"propuesta": "Elija una de las propuestas admitidas."}),
        ({"tipo": "propuesta", "propuesta": "999"},
         {"propuesta": "Elija una de las propuestas admitidas."}),
        ({"tipo": "proyecto", "proyecto": "abc"},
         {"proyecto": "Elija uno de los proyectos de criterio homologado."}),
        ({"tipo": "grupo", "clave": ""}, {"clave": "Escriba la clave del grupo temático."}),
        ({"tipo": "divergencia", "clave": " "}, {"clave": "Escriba la clave de la divergencia."}),
        ({"tipo": "grupo", "clave": "g-plazo"}, {"clave": "Aún no hay comparaciones terminadas."}),
        ({"tipo": "otro"}, {"tipo": "Elija qué tipo de punto agregar."}),
    ],
)  # fmt: skip
def test_formulario_con_errores(session, mesa, formulario, errores):
    punto, encontrados = orden_del_dia.agregar_desde_formulario(
        session=session, mesa=mesa, formulario=formulario
    )
    assert punto is None
    assert encontrados == errores
    assert _titulos(session, mesa) == [*APERTURA, *CIERRE]


@pytest.mark.parametrize(
    ("tipo", "clave", "mensaje"),
    [
        ("grupo", "g-nada", "No hay ningún grupo temático con la clave «g-nada» en la última "
         "comparación terminada; copie la clave de su página."),
        ("divergencia", "d-nada", "No hay ninguna divergencia con la clave «d-nada» en la última "
         "comparación terminada; copie la clave de su página."),
    ],
)  # fmt: skip
def test_formulario_con_una_clave_que_no_esta(session, mesa, corridas, tipo, clave, mensaje):
    punto, errores = orden_del_dia.agregar_desde_formulario(
        session=session, mesa=mesa, formulario={"tipo": tipo, "clave": clave}
    )
    assert (punto, errores) == (None, {"clave": mensaje})


def test_formulario_con_una_propuesta_no_admitida_dice_por_que(session, mesa):
    propuesta = crear_propuesta(session)
    punto, errores = orden_del_dia.agregar_desde_formulario(
        session=session, mesa=mesa, formulario={"tipo": "propuesta", "propuesta": propuesta.id}
    )
    assert punto is None
    assert errores == {
        "propuesta": "No se puede llevarla al orden del día: la propuesta está «Propuesta» y "
        "tendría que estar «Admitida»."
    }


def test_editar_un_punto(session, mesa):
    punto = _libre(session, mesa, "A")
    cambios = orden_del_dia.editar_punto(
        session=session,
        mesa=mesa,
        punto=punto,
        datos=orden_del_dia.DatosPunto("A (revisado)", "Con nota.", "unanimidad"),
    )
    assert cambios == {
        "titulo": ("A", "A (revisado)"),
        "descripcion": ("", "Con nota."),
        "regla_votacion": ("mayoria_simple", "unanimidad"),
    }
    asuntos = orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)[-2]
    cambios = orden_del_dia.editar_punto(
        session=session,
        mesa=mesa,
        punto=asuntos,
        datos=orden_del_dia.DatosPunto("Asuntos generales", None, "unanimidad"),
    )
    assert cambios == {}  # a punto that is not voted keeps no rule
    assert asuntos.regla_votacion == "mayoria_simple"


def test_cancelar_la_mesa_libera_propuestas_y_proyectos(session, mesa):
    propuesta = crear_propuesta(session, estado="admitida")
    proyecto = crear_proyecto(session)
    orden_del_dia.agregar_propuesta(session=session, mesa=mesa, propuesta=propuesta)
    orden_del_dia.agregar_proyecto(session=session, mesa=mesa, proyecto=proyecto)
    mesas.cancelar(session=session, mesa=mesa, motivo="Se reprograma.")
    devueltos = orden_del_dia.liberar_orden_del_dia(session=session, mesa=mesa)
    session.commit()
    assert devueltos == [
        f"La propuesta {propuesta.id} vuelve a estar admitida.",
        f"El proyecto {proyecto.id} vuelve a estar en redacción.",
    ]
    session.expire_all()
    assert session.get(PropuestaTema, propuesta.id).estado == "admitida"
    assert session.get(CriterioHomologado, proyecto.id).estado == "proyecto"
    # The cancelled mesa's agenda stays as it was published.
    assert len(_titulos(session, mesa)) == 6


def test_quitar_la_continuacion_de_un_punto_diferido(session, mesa):
    anterior = mesas.crear_mesa(
        session=session,
        datos=mesas.DatosMesa(
            titulo="Mesa 0",
            fecha=date(2026, 11, 1),
            hora=mesa.hora,
            modalidad="virtual",
            sede_garante_id="jal",
            region="centro-occidente",
            enlace="https://reuniones.example.mx/crco",
            direccion=None,
        ),
        usuario_id=None,
    )
    original = PuntoOrden(mesa_id=anterior.id, orden=3, titulo="A", estado="diferido")
    session.add(original)
    session.flush()
    continuacion = _libre(session, mesa, "A")
    continuacion.diferido_de_id = original.id
    original.diferido_a_id = continuacion.id
    session.add_all([original, continuacion])
    session.commit()
    orden_del_dia.quitar(session=session, mesa=mesa, punto=continuacion)
    session.commit()
    session.expire_all()
    assert session.get(PuntoOrden, original.id).diferido_a_id is None
    assert session.exec(select(PuntoOrden).where(PuntoOrden.titulo == "A")).all() == [
        session.get(PuntoOrden, original.id)
    ]
