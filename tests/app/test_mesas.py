"""/mesas: the public list, the convocatoria (page and PDF), the secretaría's forms, states
and orden del día."""

import re
from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

import app.routes.mesas as rutas_mesas
from app.models import EventoBitacora
from criterios.models import Comparacion, Divergencia, GrupoTematico
from sesiones.models import Acta, Mesa, PropuestaTema, PuntoOrden
from tests.factories import (
    contar,
    crear_acuerdo,
    crear_criterio,
    crear_garante,
    crear_mesa,
    crear_propuesta,
    crear_proyecto,
    crear_punto,
)
from tests.pdf import texto_pdf

FORMULARIO = {
    "titulo": "Plazos de respuesta a solicitudes de acceso",
    "fecha": "2026-12-10",
    "hora": "10:00",
    "modalidad": "presencial",
    "sede": "jal",
    "direccion": "Av. Vallarta 1312, Guadalajara",
}


@pytest.fixture
def garantes(session):
    crear_garante(session, "jal", siglas="ITEI", nombre="Instituto de Transparencia de Jalisco")
    crear_garante(session, "ags")


@pytest.fixture
def secretaria(cliente_como, garantes):
    return cliente_como("secretaria")


def _mesa(session, estado="borrador", **campos):
    """Return a mesa in ``estado`` with its standard puntos and one punto of substance."""
    mesa = crear_mesa(session, **campos)
    for orden, (clave, votable) in enumerate(
        [("asistencia_quorum", False), ("aprobacion_orden", True), ("plazos", True),
         ("asuntos_generales", False), ("clausura", False)], start=1,
    ):  # fmt: skip
        estandar = clave != "plazos"
        session.add(
            PuntoOrden(
                mesa_id=mesa.id, orden=orden, votable=votable,
                tipo="estandar" if estandar else "libre",
                clave_estandar=clave if estandar else None,
                titulo="Plazo para responder solicitudes" if not estandar else clave.capitalize(),
            )
        )  # fmt: skip
    mesa.estado = estado
    if estado != "borrador":
        mesa.convocada_en = mesa.creada_en
    session.add(mesa)
    session.commit()
    return mesa


def _titulos(session, mesa):
    session.expire_all()
    return session.exec(
        select(PuntoOrden.titulo).where(PuntoOrden.mesa_id == mesa.id).order_by(PuntoOrden.orden)
    ).all()


def _evento(session, accion):
    session.expire_all()
    return session.exec(select(EventoBitacora).where(EventoBitacora.accion == accion)).one()


# --- Creating and editing ------------------------------------------------------------------


def test_nueva_mesa_en_borrador(secretaria, session):
    formulario = secretaria.get("/mesas/nueva")
    assert formulario.status_code == 200
    assert "<h1>Nueva mesa de análisis</h1>" in formulario.text
    respuesta = secretaria.post("/mesas/nueva", data=FORMULARIO, follow_redirects=False)
    mesa = session.exec(select(Mesa)).one()
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/mesas/{mesa.id}?aviso=creada"
    assert (mesa.estado, mesa.anio, mesa.numero, mesa.region) == (
        "borrador",
        2026,
        1,
        "centro-occidente",
    )
    assert _titulos(session, mesa) == [
        "Lista de asistencia y declaración de quórum",
        "Lectura y, en su caso, aprobación del orden del día",
        "Asuntos generales",
        "Clausura de la sesión",
    ]
    evento = _evento(session, "mesa.crear")
    assert evento.resumen == (
        "Alta de la 1.ª mesa de 2026 «Plazos de respuesta a solicitudes de acceso» "
        "(2026-12-10), en borrador."
    )
    assert (evento.objeto_tipo, evento.objeto_id) == ("mesa", str(mesa.id))
    pagina = secretaria.get(respuesta.headers["location"])
    assert "Mesa creada en borrador" in pagina.text
    assert "<strong>Borrador.</strong> Solo la secretaría técnica ve esta mesa." in pagina.text


def test_nueva_mesa_con_errores_no_guarda_nada(secretaria, session):
    datos = {**FORMULARIO, "titulo": "", "modalidad": "mixta", "enlace": ""}
    respuesta = secretaria.post("/mesas/nueva", data=datos)
    assert respuesta.status_code == 400
    assert '<a href="#campo-titulo">Escriba el título de la mesa.</a>' in respuesta.text
    assert (
        '<p class="error" id="error-enlace">Escriba el enlace de la reunión: la modalidad es '
        "mixta.</p>" in respuesta.text
    )
    assert 'value="Av. Vallarta 1312, Guadalajara"' not in respuesta.text  # a textarea
    assert "Av. Vallarta 1312, Guadalajara</textarea>" in respuesta.text
    assert contar(session, Mesa) == 0


def test_editar_la_mesa(secretaria, session):
    mesa = _mesa(session, titulo="Mesa de diciembre")
    formulario = secretaria.get(f"/mesas/{mesa.id}/editar")
    assert 'value="Mesa de diciembre"' in formulario.text
    datos = {**FORMULARIO, "titulo": "Mesa de diciembre (cambiada)", "hora": "12:30"}
    respuesta = secretaria.post(f"/mesas/{mesa.id}/editar", data=datos, follow_redirects=False)
    assert respuesta.headers["location"] == f"/mesas/{mesa.id}?aviso=editada"
    session.refresh(mesa)
    assert (mesa.titulo, mesa.hora.strftime("%H:%M"), mesa.enlace) == (
        "Mesa de diciembre (cambiada)",
        "12:30",
        None,
    )
    evento = _evento(session, "mesa.editar")
    assert evento.resumen.startswith("Edición de la 1.ª mesa de 2026: titulo, hora, modalidad")
    assert evento.detalles["despues"]["titulo"] == "Mesa de diciembre (cambiada)"
    otra_vez = secretaria.post(f"/mesas/{mesa.id}/editar", data=datos, follow_redirects=False)
    assert otra_vez.headers["location"] == f"/mesas/{mesa.id}?aviso=sin-cambios"


def test_una_mesa_en_curso_no_se_edita(secretaria, session):
    mesa = _mesa(session, estado="en_curso")
    for respuesta in (
        secretaria.get(f"/mesas/{mesa.id}/editar"),
        secretaria.post(f"/mesas/{mesa.id}/editar", data=FORMULARIO),
    ):
        assert respuesta.status_code == 409
        assert (
            "La mesa está en curso: su convocatoria y su orden del día ya no se pueden cambiar."
            in respuesta.text
        )


# --- Public and borrador -----------------------------------------------------------------


def test_lista_publica_sin_borradores(anonimo, secretaria, session):
    _mesa(session, titulo="Mesa en preparación")
    _mesa(session, estado="convocada", titulo="Mesa convocada")
    _mesa(session, estado="concluida", titulo="Mesa concluida", fecha=date(2026, 10, 1))
    publica = anonimo.get("/mesas")
    assert publica.status_code == 200
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Mesas y acuerdos" '
        'href="/mesas/feed.atom">' in publica.text
    )
    proximas, anteriores = publica.text.split('id="titulo-anteriores"')
    assert "Mesa convocada" in proximas and "Mesa concluida" in anteriores
    assert "Mesa en preparación" not in publica.text
    assert '<span class="insignia estado-mesa convocada">Convocada</span>' in publica.text
    assert "Nueva mesa" not in publica.text
    interna = secretaria.get("/mesas")
    assert "Mesa en preparación" in interna.text
    assert '<a class="boton" href="/mesas/nueva">Nueva mesa</a>' in interna.text


def test_lista_vacia(anonimo):
    texto = anonimo.get("/mesas").text
    assert "No hay mesas convocadas por ahora." in texto
    assert "Aún no hay mesas concluidas ni canceladas." in texto


def test_lista_pagina_las_anteriores(anonimo, session, settings, monkeypatch):
    for dia in range(1, 4):
        _mesa(session, estado="concluida", titulo=f"Mesa del {dia}", fecha=date(2026, 9, dia))
    monkeypatch.setattr(anonimo.app.state, "settings", replace(settings, por_pagina=2))
    primera = anonimo.get("/mesas").text
    assert "Mesa del 3" in primera and "Mesa del 2" in primera and "Mesa del 1" not in primera
    assert '<a href="/mesas?pagina=2" rel="next">Siguiente ›</a>' in primera
    segunda = anonimo.get("/mesas?pagina=2").text
    assert "Mesa del 1" in segunda and "Mesa del 3" not in segunda


@pytest.mark.parametrize(
    ("rol", "garante"),
    [(None, None), ("administrador", None), ("comisionado", "jal"), ("juridico", "jal")],
)
def test_un_borrador_no_existe_para_quien_no_administra_mesas(
    cliente_como, secretaria, session, rol, garante
):
    mesa = _mesa(session)
    cliente = cliente_como(rol, garante)
    for url in (f"/mesas/{mesa.id}", f"/mesas/{mesa.id}/convocatoria.pdf"):
        assert cliente.get(url).status_code == 404
    assert secretaria.get(f"/mesas/{mesa.id}").status_code == 200


def test_una_mesa_cancelada_sin_convocar_sigue_oculta(anonimo, session):
    mesa = _mesa(session, estado="cancelada", motivo_cancelacion="Duplicada.")
    mesa.convocada_en = None
    session.add(mesa)
    session.commit()
    assert anonimo.get(f"/mesas/{mesa.id}").status_code == 404
    assert "Duplicada." not in anonimo.get("/mesas").text


# --- The page of a mesa -------------------------------------------------------------------


@pytest.fixture
def comparacion(session, garantes):
    crear_garante(session, "col")
    jal = crear_criterio(session, "jal", "jal-01")
    col = crear_criterio(session, "col", "col-01")
    corrida = Comparacion(estado="terminada")
    session.add(corrida)
    session.flush()
    grupo = GrupoTematico(comparacion_id=corrida.id, clave="g-plazo", tema="plazo de respuesta")
    session.add(grupo)
    session.flush()
    divergencia = Divergencia(
        comparacion_id=corrida.id, clave="d-plazo", grupo_id=grupo.id, criterio_a_id=jal.id,
        criterio_b_id=col.id, garante_a="jal", garante_b="col", version_a=1, version_b=1,
        tipo="plazo", explicacion="Diez días frente a veinte.",
    )  # fmt: skip
    session.add(divergencia)
    session.commit()
    return divergencia


def test_cada_punto_enlaza_a_lo_que_trata(cliente_como, session, comparacion):
    mesa = _mesa(session, estado="convocada")
    propuesta = crear_propuesta(session, titulo="Prueba de daño")
    proyecto = crear_proyecto(session, rubro="PLAZO DE RESPUESTA.")
    for campos in (
        {"tipo": "propuesta", "propuesta_id": propuesta.id, "titulo": "Prueba de daño"},
        {"tipo": "proyecto", "proyecto_id": proyecto.id, "titulo": "Proyecto CH"},
        {"tipo": "grupo", "grupo_clave": "g-plazo", "titulo": "Grupo de plazos"},
        {"tipo": "divergencia", "divergencia_clave": "d-plazo", "grupo_clave": "g-plazo",
         "titulo": "Divergencia de plazos"},
        {"tipo": "divergencia", "divergencia_clave": "d-vieja", "grupo_clave": "g-viejo",
         "titulo": "Divergencia de otra corrida"},
    ):  # fmt: skip
        session.add(PuntoOrden(mesa_id=mesa.id, orden=10, **campos))
    session.commit()
    interna = cliente_como("juridico", "ags").get(f"/mesas/{mesa.id}").text
    assert f'<a href="/propuestas/{propuesta.id}">Prueba de daño</a>' in interna
    assert f'<a href="/proyectos/{proyecto.id}">Proyecto CH</a>' in interna
    assert '<a href="/grupos/g-plazo">Grupo de plazos</a>' in interna
    assert f'<a href="/divergencias/{comparacion.id}">Divergencia de plazos</a>' in interna
    assert '<a href="/divergencias?grupo=g-viejo">Divergencia de otra corrida</a>' in interna
    publica = cliente_como(None).get(f"/mesas/{mesa.id}").text
    # Propuestas and proyectos are internal work: the public reads the title only.
    assert "/propuestas/" not in publica and "/proyectos/" not in publica
    assert "Prueba de daño" in publica
    assert '<a href="/grupos/g-plazo">Grupo de plazos</a>' in publica


def test_resultado_conteo_y_acuerdos_de_un_punto(anonimo, session, garantes):
    mesa = _mesa(session, estado="concluida")
    punto = session.exec(select(PuntoOrden).where(PuntoOrden.tipo == "libre")).one()
    punto.estado, punto.resultado = "votado", "aprobado"
    punto.resultado_detalle = {
        "conteo": {"a_favor": 5, "en_contra": 1, "abstencion": 2, "sin_voto": 1}
    }
    session.add(punto)
    session.commit()
    acuerdo = crear_acuerdo(session, mesa, punto_id=punto.id, texto="Publicar los plazos.")
    texto = anonimo.get(f"/mesas/{mesa.id}").text
    assert '<span class="insignia estado-punto votado">Votado</span>' in texto
    assert '<span class="insignia resultado-aprobado">Aprobado</span>' in texto
    assert "A favor: 5 · En contra: 1 · Abstenciones: 2 · Sin voto: 1" in texto
    assert (
        f'<a href="/acuerdos/{acuerdo.id}">Acuerdo {acuerdo.numero}</a>: Publicar los plazos.'
        in texto
    )


@pytest.mark.parametrize(
    ("estado", "con_cuenta", "sesion", "acta"),
    [
        ("convocada", True, False, False),
        ("en_curso", True, True, False),
        ("en_curso", False, False, False),
        ("concluida", True, True, True),
        ("concluida", False, False, False),  # no approved acta yet: see the next test
    ],
)
def test_enlaces_a_la_sesion_y_al_acta(cliente_como, session, garantes, estado, con_cuenta,
                                       sesion, acta):  # fmt: skip
    mesa = _mesa(session, estado=estado)
    cliente = cliente_como("comisionado", "jal") if con_cuenta else cliente_como(None)
    texto = cliente.get(f"/mesas/{mesa.id}").text
    assert (f'href="/mesas/{mesa.id}/sesion"' in texto) is sesion
    assert (f'href="/mesas/{mesa.id}/acta"' in texto) is acta


# --- States ------------------------------------------------------------------------------

ETIQUETAS = {"convocar": "Sí, convocar", "iniciar": "Sí, iniciar la sesión",
             "concluir": "Sí, concluir la mesa", "cancelar": "Sí, cancelar la mesa"}  # fmt: skip


@pytest.mark.parametrize(
    ("inicial", "accion", "final"),
    [
        ("borrador", "convocar", "convocada"),
        ("convocada", "iniciar", "en_curso"),
        ("en_curso", "concluir", "concluida"),
        ("borrador", "cancelar", "cancelada"),
        ("convocada", "cancelar", "cancelada"),
    ],
)
def test_transicion_confirmada(secretaria, session, inicial, accion, final):
    mesa = _mesa(session, estado=inicial)
    confirmar = secretaria.get(f"/mesas/{mesa.id}/{accion}")
    assert confirmar.status_code == 200
    assert f'<form method="post" action="/mesas/{mesa.id}/{accion}"' in confirmar.text
    assert ETIQUETAS[accion] in confirmar.text
    assert f'href="/mesas/{mesa.id}/{accion}"' in secretaria.get(f"/mesas/{mesa.id}").text
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/{accion}", data={"motivo": "Se reprograma."}, follow_redirects=False
    )
    assert respuesta.status_code == 303
    assert respuesta.headers["location"].startswith(f"/mesas/{mesa.id}?aviso=")
    session.refresh(mesa)
    assert mesa.estado == final
    evento = _evento(session, f"mesa.{accion}")
    assert evento.detalles["antes"] == inicial and evento.detalles["despues"] == final


@pytest.mark.parametrize(
    ("inicial", "accion", "mensaje"),
    [
        ("convocada", "convocar",
         "Solo se puede convocar una mesa en borrador; esta mesa está convocada."),
        ("borrador", "iniciar",
         "Solo se puede iniciar una mesa convocada; esta mesa está en borrador."),
        ("convocada", "concluir",
         "Solo se puede concluir una mesa en curso; esta mesa está convocada."),
        ("concluida", "cancelar",
         "Solo se puede cancelar una mesa en borrador o convocada; esta mesa está concluida."),
    ],
)  # fmt: skip
def test_transicion_no_permitida(secretaria, session, inicial, accion, mensaje):
    mesa = _mesa(session, estado=inicial)
    confirmar = secretaria.get(f"/mesas/{mesa.id}/{accion}")
    assert confirmar.status_code == 409
    assert mensaje in confirmar.text
    assert "<form" not in confirmar.text.split("<main")[1]
    respuesta = secretaria.post(f"/mesas/{mesa.id}/{accion}", data={"motivo": "x"})
    assert respuesta.status_code == 409
    assert mensaje in respuesta.text
    session.refresh(mesa)
    assert mesa.estado == inicial
    assert f'href="/mesas/{mesa.id}/{accion}"' not in secretaria.get(f"/mesas/{mesa.id}").text


def test_convocar_sin_puntos_de_fondo(secretaria, session):
    mesa = crear_mesa(session)
    respuesta = secretaria.get(f"/mesas/{mesa.id}/convocar")
    assert respuesta.status_code == 409
    assert "Agregue al menos un punto al orden del día" in respuesta.text


def test_cancelar_pide_motivo_y_libera_la_propuesta(secretaria, session):
    mesa = _mesa(session, estado="convocada")
    propuesta = crear_propuesta(session, estado="en_orden_del_dia")
    session.add(PuntoOrden(mesa_id=mesa.id, orden=9, titulo="P", tipo="propuesta",
                           propuesta_id=propuesta.id))  # fmt: skip
    session.commit()
    sin_motivo = secretaria.post(f"/mesas/{mesa.id}/cancelar", data={"motivo": "  "})
    assert sin_motivo.status_code == 400
    assert "Escriba el motivo de la cancelación; se publica con la mesa." in sin_motivo.text
    session.refresh(mesa)
    assert mesa.estado == "convocada"
    secretaria.post(f"/mesas/{mesa.id}/cancelar", data={"motivo": "Sin sede disponible."})
    session.expire_all()
    assert session.get(Mesa, mesa.id).motivo_cancelacion == "Sin sede disponible."
    assert session.get(PropuestaTema, propuesta.id).estado == "admitida"
    evento = _evento(session, "mesa.cancelar")
    assert evento.resumen.endswith("Motivo: Sin sede disponible.")
    assert evento.detalles["devueltos"] == [f"La propuesta {propuesta.id} vuelve a estar admitida."]
    assert "Motivo: Sin sede disponible." in secretaria.get(f"/mesas/{mesa.id}").text


# --- Orden del día -----------------------------------------------------------------------


def test_agregar_un_punto_libre(secretaria, session):
    mesa = _mesa(session)
    pagina = secretaria.get(f"/mesas/{mesa.id}")
    assert f'<form method="post" action="/mesas/{mesa.id}/puntos"' in pagina.text
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/puntos",
        data={"tipo": "libre", "titulo": "Informe de acuerdos", "regla": "unanimidad"},
        follow_redirects=False,
    )
    nuevo = session.exec(select(PuntoOrden).where(PuntoOrden.titulo == "Informe de acuerdos")).one()
    assert respuesta.headers["location"] == (
        f"/mesas/{mesa.id}?aviso=punto-agregado#punto-{nuevo.id}"
    )
    assert (nuevo.orden, nuevo.regla_votacion) == (4, "unanimidad")
    assert _titulos(session, mesa)[3:] == ["Informe de acuerdos", "Asuntos_generales", "Clausura"]
    assert _evento(session, "mesa.agregar_punto").resumen == (
        "Punto 4 «Informe de acuerdos» agregado al orden del día de la 1.ª mesa de 2026."
    )


def test_agregar_un_punto_con_errores(secretaria, session):
    mesa = _mesa(session)
    respuesta = secretaria.post(f"/mesas/{mesa.id}/puntos", data={"tipo": "grupo", "clave": ""})
    assert respuesta.status_code == 400
    assert '<a href="#campo-clave">Escriba la clave del grupo temático.</a>' in respuesta.text
    assert '<p class="error" id="error-clave">' in respuesta.text
    assert len(_titulos(session, mesa)) == 5


def test_agregar_una_propuesta_admitida(secretaria, session):
    mesa = _mesa(session)
    propuesta = crear_propuesta(session, estado="admitida", titulo="Prueba de daño")
    pagina = secretaria.get(f"/mesas/{mesa.id}").text
    assert f'<option value="{propuesta.id}" >Prueba de daño</option>' in pagina
    secretaria.post(f"/mesas/{mesa.id}/puntos", data={"tipo": "propuesta",
                                                       "propuesta": propuesta.id})  # fmt: skip
    session.expire_all()
    assert session.get(PropuestaTema, propuesta.id).estado == "en_orden_del_dia"
    assert "Prueba de daño" in _titulos(session, mesa)


def test_mover_sin_javascript_y_con_htmx(secretaria, session):
    mesa = _mesa(session)
    secretaria.post(f"/mesas/{mesa.id}/puntos", data={"tipo": "libre", "titulo": "Segundo"})
    segundo = session.exec(select(PuntoOrden).where(PuntoOrden.titulo == "Segundo")).one()
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/puntos/{segundo.id}/mover",
        data={"direccion": "arriba"},
        follow_redirects=False,
    )
    assert (
        respuesta.headers["location"] == f"/mesas/{mesa.id}?aviso=punto-movido#punto-{segundo.id}"
    )
    assert _titulos(session, mesa)[2:4] == ["Segundo", "Plazo para responder solicitudes"]
    fragmento = secretaria.post(
        f"/mesas/{mesa.id}/puntos/{segundo.id}/mover",
        data={"direccion": "abajo"},
        headers={"HX-Request": "true"},
    )
    assert fragmento.status_code == 200
    assert fragmento.text.lstrip().startswith('<section id="orden-del-dia"')
    assert "<html" not in fragmento.text
    assert '<p class="lector" role="status">Se movió «Segundo» al lugar 4.</p>' in fragmento.text
    assert _titulos(session, mesa)[2:4] == ["Plazo para responder solicitudes", "Segundo"]
    eventos = session.exec(
        select(EventoBitacora.resumen).where(EventoBitacora.accion == "mesa.mover_punto")
    ).all()
    assert eventos == [
        "Punto «Segundo» de la 1.ª mesa de 2026 movido del lugar 4 al 3.",
        "Punto «Segundo» de la 1.ª mesa de 2026 movido del lugar 3 al 4.",
    ]


def test_mover_un_punto_de_tramite_es_409(secretaria, session):
    mesa = _mesa(session)
    primero = session.exec(select(PuntoOrden).where(PuntoOrden.orden == 1)).one()
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/puntos/{primero.id}/mover", data={"direccion": "abajo"}
    )
    assert respuesta.status_code == 409
    assert "Los puntos de trámite no cambian de lugar." in respuesta.text


def test_quitar_un_punto_con_confirmacion(secretaria, session):
    mesa = _mesa(session)
    punto = session.exec(select(PuntoOrden).where(PuntoOrden.tipo == "libre")).one()
    confirmar = secretaria.get(f"/mesas/{mesa.id}/puntos/{punto.id}/quitar")
    assert confirmar.status_code == 200
    assert "Se quitará el punto 3, «Plazo para responder solicitudes» (tema libre)" in (
        confirmar.text
    )
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/puntos/{punto.id}/quitar", follow_redirects=False
    )
    assert respuesta.status_code == 303
    assert "Plazo para responder solicitudes" not in _titulos(session, mesa)
    assert _evento(session, "mesa.quitar_punto").detalles["titulo"] == (
        "Plazo para responder solicitudes"
    )


def test_un_punto_de_tramite_no_se_quita(secretaria, session):
    mesa = _mesa(session)
    clausura = session.exec(select(PuntoOrden).where(PuntoOrden.clave_estandar == "clausura")).one()
    url = f"/mesas/{mesa.id}/puntos/{clausura.id}/quitar"
    assert secretaria.get(url).status_code == 409
    respuesta = secretaria.post(url)
    assert respuesta.status_code == 409
    assert "Los puntos de trámite no se pueden quitar del orden del día." in respuesta.text
    assert len(_titulos(session, mesa)) == 5


def test_editar_un_punto(secretaria, session):
    mesa = _mesa(session)
    punto = session.exec(select(PuntoOrden).where(PuntoOrden.tipo == "libre")).one()
    formulario = secretaria.get(f"/mesas/{mesa.id}/puntos/{punto.id}/editar")
    assert 'value="Plazo para responder solicitudes"' in formulario.text
    vacio = secretaria.post(f"/mesas/{mesa.id}/puntos/{punto.id}/editar", data={"titulo": ""})
    assert vacio.status_code == 400
    assert "Escriba el título del punto." in vacio.text
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/puntos/{punto.id}/editar",
        data={"titulo": "Plazos", "descripcion": "Veinte o diez días.", "regla": "unanimidad"},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    session.refresh(punto)
    assert (punto.titulo, punto.descripcion, punto.regla_votacion) == (
        "Plazos",
        "Veinte o diez días.",
        "unanimidad",
    )
    assert (
        "se vota por unanimidad de los garantes presentes"
        in secretaria.get(f"/mesas/{mesa.id}").text
    )


@pytest.mark.parametrize("estado", ["en_curso", "concluida"])
def test_el_orden_del_dia_ya_no_cambia(secretaria, session, estado):
    mesa = _mesa(session, estado=estado)
    punto = session.exec(select(PuntoOrden).where(PuntoOrden.tipo == "libre")).one()
    pagina = secretaria.get(f"/mesas/{mesa.id}").text
    assert "Agregar un punto al orden del día" not in pagina
    assert f"/puntos/{punto.id}/mover" not in pagina
    for url, datos in [
        (f"/mesas/{mesa.id}/puntos", {"tipo": "libre", "titulo": "Otro"}),
        (f"/mesas/{mesa.id}/puntos/{punto.id}/mover", {"direccion": "arriba"}),
        (f"/mesas/{mesa.id}/puntos/{punto.id}/quitar", {}),
        (f"/mesas/{mesa.id}/puntos/{punto.id}/editar", {"titulo": "Otro"}),
    ]:
        respuesta = secretaria.post(url, data=datos)
        assert respuesta.status_code == 409, url
    assert len(_titulos(session, mesa)) == 5


def test_un_punto_de_otra_mesa_es_404(secretaria, session):
    mesa = _mesa(session)
    otra = _mesa(session)
    punto = session.exec(
        select(PuntoOrden).where(PuntoOrden.mesa_id == otra.id, PuntoOrden.tipo == "libre")
    ).one()
    respuesta = secretaria.post(f"/mesas/{mesa.id}/puntos/{punto.id}/quitar")
    assert respuesta.status_code == 404


# --- The convocatoria in PDF -------------------------------------------------------------


def test_convocatoria_en_pdf(anonimo, session, garantes):
    mesa = _mesa(session, estado="convocada", titulo="Mesa de plazos")
    respuesta = anonimo.get(f"/mesas/{mesa.id}/convocatoria.pdf")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/pdf"
    assert respuesta.content.startswith(b"%PDF")
    assert "convocatoria-mesa-2026-01.pdf" in respuesta.headers["content-disposition"]
    assert "Mesa de plazos" in texto_pdf(respuesta.content)


def test_el_pdf_y_la_pagina_vienen_de_la_misma_convocatoria(anonimo, session, garantes,
                                                          monkeypatch):  # fmt: skip
    mesa = _mesa(session, estado="convocada", titulo="Mesa de plazos")
    documentos = []
    original = rutas_mesas.pdf_de_html

    def registrar(html):
        documentos.append(html)
        return original(html)

    monkeypatch.setattr(rutas_mesas, "pdf_de_html", registrar)
    assert anonimo.get(f"/mesas/{mesa.id}/convocatoria.pdf").status_code == 200
    (html,) = documentos
    pagina = anonimo.get(f"/mesas/{mesa.id}").text
    convocatoria = re.search(r'<p class="texto-convocatoria">.*?</p>', pagina, re.S).group(0)
    assert convocatoria in html
    assert "la 1.ª mesa de 2026, «Mesa de plazos», que se celebrará el 10 de diciembre de 2026" in (
        convocatoria
    )
    assert "Plazo para responder solicitudes</h3>" in html
    assert '<link rel="stylesheet" href="/static/documento.css">' in html
    assert "<form" not in html and "<a href" not in html


def test_el_enlace_al_acta_solo_aparece_al_publico_cuando_hay_una_aprobada(
    anonimo, cliente_como, session
):
    crear_garante(session, "ags")
    mesa = crear_mesa(session, estado="concluida")
    enlace = f'href="/mesas/{mesa.id}/acta"'
    assert enlace not in anonimo.get(f"/mesas/{mesa.id}").text
    assert enlace in cliente_como("juridico", "ags").get(f"/mesas/{mesa.id}").text
    session.add(Acta(mesa_id=mesa.id, version=1, estado="aprobada", datos={}, html="<p>Acta</p>"))
    session.commit()
    assert enlace in anonimo.get(f"/mesas/{mesa.id}").text


def test_el_punto_de_un_criterio_homologado_publicado_enlaza_a_su_pagina_publica(anonimo, session):
    crear_garante(session, "ags")
    mesa = crear_mesa(session, estado="concluida")
    proyecto = crear_proyecto(session, estado="aprobado", clave="CH-CO 01/2026")
    crear_punto(session, mesa, tipo="proyecto", proyecto_id=proyecto.id, titulo="Proyecto")
    enlace = f'href="/criterios-homologados/{proyecto.id}"'
    assert enlace not in anonimo.get(f"/mesas/{mesa.id}").text
    proyecto.estado = "publicado"
    session.add(proyecto)
    session.commit()
    assert enlace in anonimo.get(f"/mesas/{mesa.id}").text


def test_si_otra_mesa_toma_el_numero_al_mismo_tiempo_se_usa_el_siguiente(
    secretaria, session, monkeypatch
):
    """Simulates the race: the número read first is taken by the time the mesa is saved."""
    _mesa(session)  # 1/2026
    real = rutas_mesas.mesas.siguiente_numero
    llamadas = []

    def numero_leido_antes(*, session, anio):
        llamadas.append(anio)
        return 1 if len(llamadas) == 1 else real(session=session, anio=anio)

    monkeypatch.setattr(rutas_mesas.mesas, "siguiente_numero", numero_leido_antes)
    respuesta = secretaria.post("/mesas/nueva", data=FORMULARIO, follow_redirects=False)
    assert respuesta.status_code == 303
    assert len(llamadas) == 2
    assert sorted(session.exec(select(Mesa.numero)).all()) == [1, 2]


def test_si_el_numero_sigue_ocupado_no_se_guarda_nada(secretaria, session, monkeypatch):
    _mesa(session)  # 1/2026
    puntos = contar(session, PuntoOrden)
    monkeypatch.setattr(rutas_mesas.mesas, "siguiente_numero", lambda *, session, anio: 1)
    respuesta = secretaria.post("/mesas/nueva", data=FORMULARIO)
    assert respuesta.status_code == 409
    assert "no se pudo asignar el número. No se guardó nada" in respuesta.text
    assert (contar(session, Mesa), contar(session, PuntoOrden)) == (1, puntos)
