"""The session page: quórum banner, attendance, votaciones, notes, deferral and the bitácora."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlmodel import select

from app.models import EventoBitacora
from sesiones.models import Asistencia, PuntoOrden, Voto
from tests.factories import crear_garante, crear_mesa, crear_punto


def _texto(pagina: str) -> str:
    """Return the page as a person reads it: no tags, single spaces."""
    sin_etiquetas = re.sub(r"<[^>]+>", " ", pagina)
    texto = " ".join(html.unescape(sin_etiquetas).split())
    return re.sub(r" ([,.;:)])", r"\1", texto)  # "<a>mesa</a>, …" reads "mesa, …"


def _bitacora(session, accion):
    session.expire_all()
    return session.exec(select(EventoBitacora).where(EventoBitacora.accion == accion)).all()


@pytest.fixture
def mesa(session):
    crear_garante(
        session, "ags", nombre="Instituto de Transparencia de Aguascalientes", siglas="ITEA"
    )
    crear_garante(session, "col", nombre="Instituto de Transparencia de Colima", siglas="INFOCOL")
    crear_garante(session, "jal", nombre="Instituto de Transparencia de Jalisco", siglas="ITEI")
    return crear_mesa(session, estado="en_curso", titulo="Primera mesa de análisis 2026")


@pytest.fixture
def secretaria(cliente_como):
    return cliente_como("secretaria")


def _presentes(session, mesa, *garantes):
    for garante in garantes:
        session.add(Asistencia(mesa_id=mesa.id, garante_id=garante, presente=True,
                               representantes=f"Comisionado de {garante}"))  # fmt: skip
    session.commit()


def _asistencia(**presentes):
    datos = {}
    for garante, representantes in presentes.items():
        datos[f"presente-{garante}"] = "si"
        datos[f"representantes-{garante}"] = representantes
    return datos


# --- The page and its banner -----------------------------------------------------------


def test_la_pagina_requiere_cuenta(anonimo, mesa):
    respuesta = anonimo.get(f"/mesas/{mesa.id}/sesion", follow_redirects=False)
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/entrar?siguiente=/mesas/{mesa.id}/sesion"


def test_mesa_inexistente(secretaria, mesa):
    assert secretaria.get("/mesas/999/sesion").status_code == 404


def test_banner_de_quorum(secretaria, session, mesa):
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "Sin quórum Presentes: 0 · Con derecho: 3 · Requeridos: 2" in texto
    assert "Regla: más de la mitad de los garantes con derecho." in texto
    _presentes(session, mesa, "ags", "col")
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "Hay quórum Presentes: 2 · Con derecho: 3 · Requeridos: 2" in texto


def test_registrar_asistencia_con_el_formulario(secretaria, session, mesa):
    pagina = secretaria.get(f"/mesas/{mesa.id}/sesion").text
    assert f'action="/mesas/{mesa.id}/asistencia"' in pagina
    assert 'name="presente-ags"' in pagina and 'name="representantes-jal"' in pagina
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/asistencia",
        data=_asistencia(ags="Comisionada Ana Pérez", jal="Comisionado Luis Gómez"),
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/mesas/{mesa.id}/sesion?aviso=asistencia#asistencia"
    filas = session.exec(select(Asistencia).order_by(Asistencia.garante_id)).all()
    assert [(a.garante_id, a.presente, a.representantes) for a in filas] == [
        ("ags", True, "Comisionada Ana Pérez"),
        ("col", False, None),
        ("jal", True, "Comisionado Luis Gómez"),
    ]
    texto = _texto(secretaria.get(respuesta.headers["location"]).text)
    assert "Asistencia guardada; el quórum se actualizó." in texto
    assert "Hay quórum Presentes: 2 · Con derecho: 3 · Requeridos: 2" in texto
    (evento,) = _bitacora(session, "mesa.asistencia")
    assert evento.resumen == (
        "Asistencia de «Primera mesa de análisis 2026»: ITEA presente (Comisionada Ana Pérez); "
        "INFOCOL ausente; ITEI presente (Comisionado Luis Gómez). Quórum: 2 de 3 presentes "
        "(hay quórum)."
    )
    # The same form again changes nothing and writes no entry.
    otra = secretaria.post(
        f"/mesas/{mesa.id}/asistencia",
        data=_asistencia(ags="Comisionada Ana Pérez", jal="Comisionado Luis Gómez"),
        follow_redirects=False,
    )
    assert otra.headers["location"].endswith("?aviso=asistencia-sin-cambios#asistencia")
    assert len(_bitacora(session, "mesa.asistencia")) == 1


def test_asistencia_sin_representantes_vuelve_al_formulario(secretaria, session, mesa):
    respuesta = secretaria.post(
        f"/mesas/{mesa.id}/asistencia", data={"presente-ags": "si", "representantes-ags": " "}
    )
    assert respuesta.status_code == 400
    texto = _texto(respuesta.text)
    assert "Revise los datos Escriba quién representa a ITEA en la mesa." in texto
    assert 'id="campo-presente-ags" name="presente-ags" value="si" checked' in respuesta.text
    assert session.exec(select(Asistencia)).all() == []


def test_asistencia_con_votacion_abierta(secretaria, session, mesa):
    _presentes(session, mesa, "ags", "col")
    crear_punto(session, mesa, estado="en_votacion")
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "La votación del punto 1 está abierta: la asistencia no puede cambiar" in texto
    respuesta = secretaria.post(f"/mesas/{mesa.id}/asistencia", data=_asistencia(jal="Luis"))
    assert respuesta.status_code == 409
    assert "La votación del punto 1 está abierta" in _texto(respuesta.text)
    assert session.get(Asistencia, (mesa.id, "jal")) is None


def test_asistencia_de_una_mesa_convocada(secretaria, session, mesa):
    mesa.estado = "convocada"
    session.add(mesa)
    session.commit()
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "La sesión aún no inicia." in texto
    assert "Guardar asistencia" not in texto
    respuesta = secretaria.post(f"/mesas/{mesa.id}/asistencia", data=_asistencia(ags="Ana"))
    assert respuesta.status_code == 409
    assert (
        "No se puede registrar la asistencia: la mesa está «Convocada» y tendría que estar "
        "«En curso»." in _texto(respuesta.text)
    )


def test_sin_garantes_con_derecho(secretaria, session):
    mesa = crear_mesa(session, estado="en_curso", region="sureste")
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "No hay garantes vigentes de la región Sureste en la fecha de la mesa" in texto
    assert "Sin quórum Presentes: 0 · Con derecho: 0 · Requeridos: 1" in texto


# --- Votación --------------------------------------------------------------------------


def test_votacion_completa(secretaria, cliente_como, session, mesa):
    _presentes(session, mesa, "ags", "col")
    punto = crear_punto(session, mesa, titulo="Plazo de respuesta")
    comisionado = cliente_como("comisionado", "ags")
    # Before it opens, the comisionado sees no vote buttons; the secretaría sees "Abrir".
    assert (
        f'action="/puntos/{punto.id}/voto"' not in comisionado.get(f"/mesas/{mesa.id}/sesion").text
    )
    pagina = secretaria.get(f"/mesas/{mesa.id}/sesion").text
    assert f'action="/puntos/{punto.id}/votacion/abrir"' in pagina

    abierta = secretaria.post(f"/puntos/{punto.id}/votacion/abrir", follow_redirects=False)
    assert abierta.status_code == 303
    assert abierta.headers["location"] == f"/mesas/{mesa.id}/sesion?aviso=abierta#punto-{punto.id}"
    texto = _texto(comisionado.get(f"/mesas/{mesa.id}/sesion").text)
    assert "Votación abierta: punto 1, «Plazo de respuesta»" in texto

    # The comisionado votes for their garante (no garante field needed), then changes it.
    url = f"/puntos/{punto.id}/voto"
    for cliente, datos in (
        (comisionado, {"sentido": "en_contra"}),
        (comisionado, {"sentido": "a_favor", "garante": "ags"}),
        # The secretaría records col's vote on its behalf.
        (secretaria, {"sentido": "abstencion", "garante": "col"}),
    ):
        assert cliente.post(url, data=datos, follow_redirects=False).status_code == 303
    votos = session.exec(select(Voto).order_by(Voto.garante_id)).all()
    assert [(v.garante_id, v.sentido, v.por_secretaria) for v in votos] == [
        ("ags", "a_favor", False),
        ("col", "abstencion", True),
    ]
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "ITEA A favor comisionado ags" in texto
    assert "INFOCOL Abstención Secretaría técnica (secretaria), a nombre del garante" in texto
    assert "A favor: 1 · En contra: 0 · Abstención: 1 · Sin voto: 0" in texto

    resumenes = [e.resumen for e in _bitacora(session, "votacion.voto")]
    assert resumenes == [
        "Voto de ITEA en el punto 1 («Plazo de respuesta») de «Primera mesa de análisis 2026»: "
        "en contra.",
        "Voto de ITEA en el punto 1 («Plazo de respuesta») de «Primera mesa de análisis 2026»: "
        "a favor; antes: en contra.",
        "Voto de INFOCOL en el punto 1 («Plazo de respuesta») de «Primera mesa de análisis "
        "2026»: abstención (registrado por la secretaría técnica a nombre del garante).",
    ]

    # Closing asks for confirmation first, with the result it would give.
    confirmacion = _texto(secretaria.get(f"/puntos/{punto.id}/votacion/cerrar").text)
    assert "Resultado si se cierra ahora Rechazado" in confirmacion
    assert "A favor: 1 · En contra: 0 · Abstención: 1 · Sin voto: 0" in confirmacion
    cerrada = secretaria.post(f"/puntos/{punto.id}/votacion/cerrar", follow_redirects=False)
    assert cerrada.status_code == 303
    session.expire_all()
    punto = session.get(PuntoOrden, punto.id)
    assert (punto.estado, punto.resultado) == ("votado", "rechazado")
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "Resultado: Rechazado" in texto
    assert "ITEA A favor comisionado ags" in texto
    assert (
        f'action="/puntos/{punto.id}/voto"' not in secretaria.get(f"/mesas/{mesa.id}/sesion").text
    )
    (evento,) = _bitacora(session, "votacion.cerrar")
    assert evento.resumen == (
        "Votación cerrada en el punto 1 («Plazo de respuesta») de «Primera mesa de análisis "
        "2026»: Rechazado (1 a favor, 0 en contra, 1 abstenciones, 0 sin voto)."
    )
    # A vote after the close is refused.
    tarde = comisionado.post(f"/puntos/{punto.id}/voto", data={"sentido": "a_favor"})
    assert tarde.status_code == 409
    assert "No se puede votar: el punto está «Votado»" in _texto(tarde.text)


def test_comisionado_no_vota_por_otro_garante(cliente_como, session, mesa):
    _presentes(session, mesa, "ags", "col")
    punto = crear_punto(session, mesa, estado="en_votacion")
    comisionado = cliente_como("comisionado", "ags")
    respuesta = comisionado.post(
        f"/puntos/{punto.id}/voto", data={"sentido": "a_favor", "garante": "col"}
    )
    assert respuesta.status_code == 403
    assert session.exec(select(Voto)).all() == []
    (evento,) = _bitacora(session, "autorizacion.denegada")
    assert evento.detalles["garante"] == "col"


def test_comisionado_de_garante_ausente_no_vota(cliente_como, session, mesa):
    _presentes(session, mesa, "ags", "col")
    punto = crear_punto(session, mesa, estado="en_votacion")
    comisionado = cliente_como("comisionado", "jal")
    texto = _texto(comisionado.get(f"/mesas/{mesa.id}/sesion").text)
    assert (
        "Su garante no está registrado como presente; solo votan los garantes presentes." in texto
    )
    respuesta = comisionado.post(f"/puntos/{punto.id}/voto", data={"sentido": "a_favor"})
    assert respuesta.status_code == 409
    assert (
        "Instituto de Transparencia de Jalisco no está registrado como presente en la mesa; "
        "solo votan los garantes presentes." in _texto(respuesta.text)
    )
    assert session.exec(select(Voto)).all() == []


def test_sentido_invalido(cliente_como, session, mesa):
    _presentes(session, mesa, "ags", "col")
    punto = crear_punto(session, mesa, estado="en_votacion")
    respuesta = cliente_como("comisionado", "ags").post(
        f"/puntos/{punto.id}/voto", data={"sentido": "si"}
    )
    assert respuesta.status_code == 400
    assert "Elija el sentido del voto: a favor, en contra o abstención." in _texto(respuesta.text)


def test_abrir_sin_quorum(secretaria, session, mesa):
    _presentes(session, mesa, "ags")
    punto = crear_punto(session, mesa)
    pagina = secretaria.get(f"/mesas/{mesa.id}/sesion").text
    assert "Sin quórum no se puede abrir la votación: registre la asistencia." in _texto(pagina)
    assert f'action="/puntos/{punto.id}/votacion/abrir"' not in pagina
    respuesta = secretaria.post(f"/puntos/{punto.id}/votacion/abrir")
    assert respuesta.status_code == 409
    assert (
        "No se puede abrir la votación sin quórum: hay 1 de 3 garantes con derecho presentes y "
        "se requieren 2." in _texto(respuesta.text)
    )


def test_cerrar_una_votacion_que_no_esta_abierta(secretaria, session, mesa):
    punto = crear_punto(session, mesa)
    assert secretaria.get(f"/puntos/{punto.id}/votacion/cerrar").status_code == 409
    assert secretaria.post(f"/puntos/{punto.id}/votacion/cerrar").status_code == 409
    assert secretaria.post("/puntos/999/votacion/cerrar").status_code == 404


def test_el_resultado_cerrado_no_cambia_con_la_asistencia(secretaria, session, mesa):
    _presentes(session, mesa, "ags", "col")
    punto = crear_punto(session, mesa, titulo="Plazo de respuesta")
    secretaria.post(f"/puntos/{punto.id}/votacion/abrir")
    for garante in ("ags", "col"):
        secretaria.post(f"/puntos/{punto.id}/voto", data={"sentido": "a_favor", "garante": garante})
    secretaria.post(f"/puntos/{punto.id}/votacion/cerrar")
    secretaria.post(f"/mesas/{mesa.id}/asistencia", data=_asistencia(jal="Luis Gómez"))
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "Sin quórum Presentes: 1 · Con derecho: 3" in texto
    assert "Resultado: Aprobado" in texto
    assert "con 2 de 3 garantes con derecho presentes." in texto
    session.expire_all()
    assert session.get(PuntoOrden, punto.id).resultado_detalle["con_derecho"] == ["ags", "col"]


def test_la_actualizacion_htmx_trae_el_banner_y_la_votacion(
    cliente_como, secretaria, session, mesa
):
    _presentes(session, mesa, "ags", "col")
    punto = crear_punto(session, mesa)
    secretaria.post(f"/puntos/{punto.id}/votacion/abrir")
    comisionado = cliente_como("comisionado", "ags")
    pagina = comisionado.get(f"/mesas/{mesa.id}/sesion").text
    assert f'hx-get="/mesas/{mesa.id}/sesion?votacion={punto.id}"' in pagina
    assert 'hx-trigger="every 10s"' in pagina
    parcial = comisionado.get(f"/mesas/{mesa.id}/sesion", headers={"HX-Request": "true"})
    assert parcial.headers["vary"] == "HX-Request"
    assert parcial.text.lstrip().startswith('<section id="en-vivo"')
    assert "<html" not in parcial.text and "Orden del día" not in parcial.text
    assert (
        f'<div id="votacion-{punto.id}" class="votacion" hx-swap-oob="outerHTML">' in parcial.text
    )
    assert f'action="/puntos/{punto.id}/voto"' in parcial.text

    # Closed meanwhile: the page that still shows it open gets its result.
    secretaria.post(f"/puntos/{punto.id}/votacion/cerrar")
    parcial = comisionado.get(
        f"/mesas/{mesa.id}/sesion?votacion={punto.id}", headers={"HX-Request": "true"}
    )
    assert "Resultado: Rechazado" in _texto(parcial.text)
    assert f'hx-get="/mesas/{mesa.id}/sesion"' in parcial.text
    sin_votacion = comisionado.get(f"/mesas/{mesa.id}/sesion", headers={"HX-Request": "true"})
    assert "hx-swap-oob" not in sin_votacion.text


def test_mesa_concluida_no_se_actualiza_sola(secretaria, session, mesa):
    mesa.estado = "concluida"
    session.add(mesa)
    session.commit()
    pagina = secretaria.get(f"/mesas/{mesa.id}/sesion").text
    assert "hx-trigger" not in pagina
    assert "La sesión concluyó" in _texto(pagina)


# --- Notas, acuerdos y diferimiento -----------------------------------------------------


def test_notas_de_deliberacion(secretaria, cliente_como, session, mesa):
    punto = crear_punto(session, mesa, titulo="Costos de reproducción")
    respuesta = secretaria.post(
        f"/puntos/{punto.id}/notas",
        data={"notas": "ITEA propone gratuidad de las primeras 20 hojas."},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/mesas/{mesa.id}/sesion?aviso=notas#punto-{punto.id}"
    session.expire_all()
    assert session.get(PuntoOrden, punto.id).notas_deliberacion == (
        "ITEA propone gratuidad de las primeras 20 hojas."
    )
    comisionado = cliente_como("comisionado", "ags").get(f"/mesas/{mesa.id}/sesion").text
    assert "ITEA propone gratuidad de las primeras 20 hojas." in comisionado
    assert f'action="/puntos/{punto.id}/notas"' not in comisionado
    (evento,) = _bitacora(session, "punto.notas")
    assert evento.detalles["despues"] == "ITEA propone gratuidad de las primeras 20 hojas."

    largo = secretaria.post(f"/puntos/{punto.id}/notas", data={"notas": "x" * 20_001})
    assert largo.status_code == 400
    assert "Las notas admiten hasta 20,000 caracteres." in _texto(largo.text)


def test_enlace_a_acuerdos_segun_el_permiso(secretaria, cliente_como, session, mesa):
    punto = crear_punto(session, mesa)
    enlace = f'href="/puntos/{punto.id}/acuerdos/nuevo"'
    assert enlace in secretaria.get(f"/mesas/{mesa.id}/sesion").text
    assert enlace not in cliente_como("comisionado", "ags").get(f"/mesas/{mesa.id}/sesion").text


def test_diferir_un_punto(secretaria, session, mesa):
    punto = crear_punto(
        session, mesa, titulo="Costos de reproducción", notas_deliberacion="Falta JAL."
    )
    siguiente = crear_mesa(session, fecha=date(2027, 1, 20), estado="convocada",
                           titulo="Primera mesa de análisis 2027")  # fmt: skip
    crear_punto(session, siguiente, titulo="Asuntos generales", tipo="estandar",
                clave_estandar="asuntos_generales")  # fmt: skip
    pagina = secretaria.get(f"/mesas/{mesa.id}/sesion").text
    assert f'href="/puntos/{punto.id}/diferir"' in pagina

    formulario = _texto(secretaria.get(f"/puntos/{punto.id}/diferir").text)
    assert "Primera mesa de análisis 2027 — 20 de enero de 2027 (convocada)" in formulario
    sin_destino = secretaria.post(f"/puntos/{punto.id}/diferir", data={"destino": ""})
    assert sin_destino.status_code == 400
    assert "Elija la mesa a la que se difiere el punto." in _texto(sin_destino.text)

    respuesta = secretaria.post(
        f"/puntos/{punto.id}/diferir", data={"destino": str(siguiente.id)}, follow_redirects=False
    )
    assert respuesta.status_code == 303
    session.expire_all()
    original = session.get(PuntoOrden, punto.id)
    nuevo = session.get(PuntoOrden, original.diferido_a_id)
    assert (original.estado, nuevo.mesa_id, nuevo.orden) == ("diferido", siguiente.id, 1)
    texto = _texto(secretaria.get(f"/mesas/{mesa.id}/sesion").text)
    assert "Diferido a la Primera mesa de análisis 2027 del 20 de enero de 2027 (punto 1)." in texto
    # The later mesa shows where it comes from, with the earlier notes.
    texto = _texto(secretaria.get(f"/mesas/{siguiente.id}/sesion").text)
    assert (
        "Antecedentes: viene de 1 mesa anterior Primera mesa de análisis 2026, 10 de diciembre "
        "de 2026, punto 1: diferido. Falta JAL." in texto
    )
    (evento,) = _bitacora(session, "punto.diferir")
    assert evento.resumen == (
        "Se difirió el punto 1 («Costos de reproducción») de «Primera mesa de análisis 2026» a "
        "«Primera mesa de análisis 2027» (punto 1)."
    )
    # Already deferred: neither the link nor the form.
    assert (
        f'href="/puntos/{punto.id}/diferir"' not in secretaria.get(f"/mesas/{mesa.id}/sesion").text
    )
    assert secretaria.get(f"/puntos/{punto.id}/diferir").status_code == 409


def test_diferir_sin_mesas_posteriores(secretaria, session, mesa):
    punto = crear_punto(session, mesa)
    texto = _texto(secretaria.get(f"/puntos/{punto.id}/diferir").text)
    assert "No hay mesas posteriores en preparación (borrador o convocada) de la región." in texto


def test_diferir_un_punto_de_tramite(secretaria, session, mesa):
    punto = crear_punto(session, mesa, tipo="estandar", clave_estandar="asuntos_generales")
    assert (
        f'href="/puntos/{punto.id}/diferir"' not in secretaria.get(f"/mesas/{mesa.id}/sesion").text
    )
    respuesta = secretaria.post(f"/puntos/{punto.id}/diferir", data={"destino": "1"})
    assert respuesta.status_code == 409
    assert "Los puntos de trámite" in _texto(respuesta.text)
