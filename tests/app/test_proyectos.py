"""Pages of the proyectos de criterio homologado: list, new (from each origin), the editor
beside its sources with the word diff, versions, sources and observaciones."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from app.models import EventoBitacora
from criterios.models import Comparacion, Divergencia, Garante, GrupoCriterio, GrupoTematico
from sesiones.models import (
    CriterioHomologado,
    FuenteCriterioHomologado,
    Observacion,
    VersionCriterioHomologado,
)
from tests.factories import (
    contar,
    crear_criterio,
    crear_garante,
    crear_mesa,
    crear_propuesta,
    crear_proyecto,
    crear_punto,
)

TEXTO_AGS = "El sujeto obligado debe responder dentro de veinte días hábiles."
TEXTO_JAL = "El sujeto obligado debe responder dentro de diez días hábiles."
TEMA = "Plazo para responder la solicitud de acceso."


@pytest.fixture
def catalogo(session):
    crear_garante(session, "ags", siglas="ITEA")
    crear_garante(session, "jal", siglas="ITEI")
    return {
        "ags": crear_criterio(session, "ags", "ags-01", clave="CRITERIO 01/2020", texto=TEXTO_AGS),
        "jal": crear_criterio(session, "jal", "jal-07", clave="CRITERIO 07/2019", texto=TEXTO_JAL),
    }


@pytest.fixture
def divergencia(session, catalogo):
    """A finished run with one group (ags and jal) and their divergence."""
    corrida = Comparacion(estado="terminada")
    session.add(corrida)
    session.flush()
    grupo = GrupoTematico(comparacion_id=corrida.id, clave="g-plazo", tema=TEMA)
    session.add(grupo)
    session.flush()
    for garante in ("ags", "jal"):
        session.add(
            GrupoCriterio(grupo_id=grupo.id, criterio_id=catalogo[garante].id, garante_id=garante)
        )
    fila = Divergencia(
        comparacion_id=corrida.id, clave="d-ags-jal", grupo_id=grupo.id,
        criterio_a_id=catalogo["ags"].id, criterio_b_id=catalogo["jal"].id,
        garante_a="ags", garante_b="jal", version_a=1, version_b=1, tipo="plazo",
        explicacion="Veinte días frente a diez días hábiles.",
    )  # fmt: skip
    session.add(fila)
    session.commit()
    return fila


@pytest.fixture
def secretaria(cliente_como):
    return cliente_como("secretaria")


@pytest.fixture
def proyecto(session, catalogo):
    """A proyecto (version 1) that harmonizes ags-01 and jal-07."""
    proyecto = crear_proyecto(session, rubro=TEMA, texto=TEXTO_JAL)
    for criterio in catalogo.values():
        session.add(
            FuenteCriterioHomologado(criterio_homologado_id=proyecto.id, criterio_id=criterio.id)
        )
    session.commit()
    return proyecto


def _bitacora(session, accion):
    session.expire_all()
    return session.exec(select(EventoBitacora).where(EventoBitacora.accion == accion)).all()


def _guardar(cliente, proyecto_id, **campos):
    datos = {"rubro": TEMA, "texto": TEXTO_JAL, "version_base": "1", **campos}
    return cliente.post(f"/proyectos/{proyecto_id}", data=datos, follow_redirects=False)


# --- List --------------------------------------------------------------------------------


def test_la_lista_pide_cuenta(anonimo):
    respuesta = anonimo.get("/proyectos", follow_redirects=False)
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == "/entrar?siguiente=/proyectos"


def test_lista_vacia(secretaria):
    texto = secretaria.get("/proyectos").text
    assert "<h1>Proyectos de criterio homologado</h1>" in texto
    assert "Todavía no hay proyectos de criterio homologado." in texto
    assert '<a class="boton" href="/proyectos/nuevo">Nuevo proyecto</a>' in texto


def test_lista_filtra_por_estado(session, cliente_como):
    crear_proyecto(session, rubro="UNO.")
    crear_proyecto(session, rubro="DOS.", estado="rechazado")
    comisionado = cliente_como("comisionado", "jal")
    todos = comisionado.get("/proyectos").text
    assert "2 proyectos" in todos and "UNO." in todos and "DOS." in todos
    assert "Nuevo proyecto" not in todos  # a comisionado comments, does not draft
    rechazados = comisionado.get("/proyectos?estado=rechazado", headers={"HX-Request": "true"})
    assert "<html" not in rechazados.text
    assert "1 proyecto ·" in rechazados.text
    assert "DOS." in rechazados.text and "UNO." not in rechazados.text
    assert '<span class="insignia estado-rechazado">Rechazado</span>' in rechazados.text
    ninguno = comisionado.get("/proyectos?estado=aprobado").text
    assert "Ningún proyecto está «Aprobado»." in ninguno


# --- New ---------------------------------------------------------------------------------


def test_nuevo_desde_una_divergencia(session, secretaria, divergencia, catalogo):
    formulario = secretaria.get(f"/proyectos/nuevo?divergencia={divergencia.id}")
    assert formulario.status_code == 200
    texto = formulario.text
    assert f'<a href="/divergencias/{divergencia.id}">Divergencia «Veinte días' in texto
    assert f">{TEMA}</textarea>" in texto  # rubro: the group's tema
    assert f">{TEXTO_AGS}</textarea>" in texto  # texto: criterio A's
    assert "El texto parte del criterio CRITERIO 01/2020 de" in texto
    assert f'<a href="/criterios/{catalogo["jal"].id}">CRITERIO 07/2019</a>' in texto
    assert f'<input type="hidden" name="divergencia" value="{divergencia.id}">' in texto

    respuesta = secretaria.post(
        "/proyectos/nuevo",
        data={"divergencia": divergencia.id, "rubro": TEMA, "texto": TEXTO_JAL},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    proyecto = session.exec(select(CriterioHomologado)).one()
    assert respuesta.headers["location"] == f"/proyectos/{proyecto.id}?aviso=creado"
    assert (proyecto.divergencia_clave, proyecto.grupo_clave, proyecto.texto) == (
        "d-ags-jal",
        "g-plazo",
        TEXTO_JAL,
    )
    assert contar(session, FuenteCriterioHomologado) == 2
    [entrada] = _bitacora(session, "proyecto.crear")
    assert entrada.resumen == (
        f"secretaria inició el proyecto de criterio homologado {proyecto.id} «{TEMA}» "
        "(Divergencia «Veinte días frente a diez días hábiles.» del grupo "
        f"«{TEMA}»)."
    )
    # Starting again from the same divergence warns about the existing proyecto.
    otra_vez = secretaria.get(f"/proyectos/nuevo?divergencia={divergencia.id}").text
    assert "Ya hay un proyecto de este mismo origen" in otra_vez
    assert f'<a href="/proyectos/{proyecto.id}">Proyecto n.º {proyecto.id}: {TEMA}</a>' in otra_vez


def test_nuevo_desde_un_grupo(session, cliente_como, divergencia):
    juridico = cliente_como("juridico", "jal")
    url = f"/proyectos/nuevo?grupo=g-plazo&comparacion={divergencia.comparacion_id}"
    texto = juridico.get(url).text
    assert f'Parte de: <a href="/grupos/g-plazo?comparacion={divergencia.comparacion_id}">' in texto
    assert '<input type="hidden" name="grupo" value="g-plazo">' in texto
    respuesta = juridico.post(
        "/proyectos/nuevo",
        data={"grupo": "g-plazo", "comparacion": divergencia.comparacion_id, "rubro": TEMA,
              "texto": TEXTO_AGS},
        follow_redirects=False,
    )  # fmt: skip
    assert respuesta.status_code == 303
    proyecto = session.exec(select(CriterioHomologado)).one()
    assert (proyecto.grupo_clave, proyecto.divergencia_clave) == ("g-plazo", None)
    assert contar(session, FuenteCriterioHomologado) == 2
    # Without ?comparacion the latest finished run is used.
    assert juridico.get("/proyectos/nuevo?grupo=g-plazo").status_code == 200
    assert juridico.get("/proyectos/nuevo?grupo=no-existe").status_code == 404


def test_nuevo_desde_un_punto(session, secretaria, catalogo):
    propuesta = crear_propuesta(session, criterio_ids=[catalogo["jal"].id])
    mesa = crear_mesa(session)
    punto = crear_punto(session, mesa, tipo="propuesta", propuesta_id=propuesta.id)
    texto = secretaria.get(f"/proyectos/nuevo?punto={punto.id}").text
    assert (
        f'Parte de: <a href="/mesas/{mesa.id}">Punto 1 «{punto.titulo}» de la mesa 1/2026</a>'
        in (texto)
    )
    assert f">{punto.titulo}</textarea>" in texto
    assert f">{TEXTO_JAL}</textarea>" in texto
    secretaria.post(
        "/proyectos/nuevo", data={"punto": punto.id, "rubro": "RUBRO.", "texto": "Texto."}
    )
    proyecto = session.exec(select(CriterioHomologado)).one()
    assert proyecto.punto_origen_id == punto.id
    assert session.exec(select(FuenteCriterioHomologado.criterio_id)).all() == [catalogo["jal"].id]
    editor = secretaria.get(f"/proyectos/{proyecto.id}").text
    assert f'Punto 1 «{punto.titulo}» de la <a href="/mesas/{mesa.id}">mesa 1/2026</a>' in editor


def test_nuevo_en_blanco_exige_rubro_y_texto(session, secretaria):
    formulario = secretaria.get("/proyectos/nuevo").text
    assert "Proyecto en blanco." in formulario
    respuesta = secretaria.post("/proyectos/nuevo", data={"rubro": " ", "texto": ""})
    assert respuesta.status_code == 400
    assert '<a href="#campo-rubro">Escriba el rubro del proyecto.</a>' in respuesta.text
    assert '<a href="#campo-texto">Escriba el texto del proyecto.</a>' in respuesta.text
    assert contar(session, CriterioHomologado) == 0


def test_una_divergencia_de_un_catalogo_no_publico_no_existe_para_otros(
    session, cliente_como, divergencia
):
    garante = session.get(Garante, "ags")
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()
    url = f"/proyectos/nuevo?divergencia={divergencia.id}"
    assert cliente_como("juridico", "jal").get(url).status_code == 404
    assert cliente_como("juridico", "ags").get(url).status_code == 200
    assert cliente_como("secretaria").get(url).status_code == 200


# --- Editor ------------------------------------------------------------------------------


def test_el_editor_muestra_las_fuentes_y_la_diferencia(secretaria, proyecto, catalogo):
    texto = secretaria.get(f"/proyectos/{proyecto.id}").text
    assert f"<h1>Proyecto n.º {proyecto.id}</h1>" in texto
    assert '<span class="insignia estado-proyecto">Proyecto</span>' in texto
    assert "Criterios que homologa (2)" in texto
    assert '<abbr title="Órgano Garante AGS">ITEA</abbr>' in texto
    assert f'<a href="/criterios/{catalogo["ags"].id}">CRITERIO 01/2020</a>' in texto
    assert f'<p class="texto-criterio">{TEXTO_AGS}</p>' in texto
    assert "Guardar como versión 2" in texto
    # The diff against the first source (ags): "veinte" out, "diez" in.
    assert '<del><span class="lector">[eliminado: </span>veinte' in texto
    assert '<ins><span class="lector">[insertado: </span>diez' in texto
    assert "Aún no está en el orden del día de ninguna mesa." in texto


def test_el_diff_contra_otra_fuente_llega_solo_por_htmx(secretaria, proyecto, catalogo):
    url = f"/proyectos/{proyecto.id}?fuente={catalogo['jal'].id}"
    completa = secretaria.get(url).text
    assert f'<option value="{catalogo["jal"].id}" selected>ITEI · CRITERIO 07/2019</option>' in (
        completa
    )
    fragmento = secretaria.get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragmento.text and "<form" not in fragmento.text
    assert "Lo <del>tachado</del> solo está en CRITERIO 07/2019" in fragmento.text
    # Draft and jal-07 have the same text (nothing deleted or inserted), not the same rubro.
    assert f'<h3>Texto</h3>\n  <p class="diff">{TEXTO_JAL}</p>' in fragmento.text
    assert '<ins><span class="lector">[insertado: </span>Plazo para responder' in fragmento.text


def test_una_fuente_de_catalogo_no_publico_se_nombra_sin_su_texto(session, cliente_como, proyecto):
    garante = session.get(Garante, "ags")
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()
    texto = cliente_como("comisionado", "jal").get(f"/proyectos/{proyecto.id}").text
    assert "Criterio de un catálogo no público." in texto
    assert TEXTO_AGS not in texto
    assert "CRITERIO 01/2020" not in texto
    propio = cliente_como("comisionado", "ags").get(f"/proyectos/{proyecto.id}").text
    assert TEXTO_AGS in propio


def test_guardar_crea_una_version_y_deja_bitacora(session, secretaria, proyecto):
    respuesta = _guardar(secretaria, proyecto.id, texto="Diez días hábiles, prorrogables.")
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/proyectos/{proyecto.id}?aviso=guardado"
    session.refresh(proyecto)
    assert (proyecto.version, proyecto.texto) == (2, "Diez días hábiles, prorrogables.")
    versiones = session.exec(select(VersionCriterioHomologado.numero)).all()
    assert sorted(versiones) == [1, 2]
    [entrada] = _bitacora(session, "proyecto.guardar_version")
    assert entrada.resumen == (
        f"secretaria guardó la versión 2 del proyecto de criterio homologado {proyecto.id}."
    )
    assert (
        "Cambios guardados en una nueva versión."
        in secretaria.get(respuesta.headers["location"]).text
    )


def test_guardar_sin_cambios_se_rechaza(session, secretaria, proyecto):
    respuesta = _guardar(secretaria, proyecto.id)
    assert respuesta.status_code == 409
    assert "No hay cambios respecto de la versión 1; no se guardó una versión nueva." in (
        respuesta.text
    )
    assert contar(session, VersionCriterioHomologado) == 1


def test_guardar_sobre_una_version_que_no_vio_conserva_su_texto(session, secretaria, proyecto):
    assert _guardar(secretaria, proyecto.id, texto="Primera edición.").status_code == 303
    respuesta = _guardar(secretaria, proyecto.id, texto="Mi edición tardía.")
    assert respuesta.status_code == 409
    assert "Mientras usted editaba se guardó la versión 2 del proyecto" in respuesta.text
    assert ">Mi edición tardía.</textarea>" in respuesta.text
    # Sent again from the form (which now names version 2), it is saved.
    assert '<input type="hidden" name="version_base" value="2">' in respuesta.text
    assert (
        _guardar(secretaria, proyecto.id, texto="Mi edición tardía.", version_base="2").status_code
        == 303
    )


def test_en_el_orden_del_dia_no_hay_formulario_y_guardar_es_409(session, secretaria, proyecto):
    mesa = crear_mesa(session)
    crear_punto(session, mesa, tipo="proyecto", proyecto_id=proyecto.id)
    proyecto.estado = "en_orden_del_dia"
    session.add(proyecto)
    session.commit()
    texto = secretaria.get(f"/proyectos/{proyecto.id}").text
    assert "Está en el orden del día: su texto no cambia hasta que la mesa lo vote." in texto
    assert 'name="version_base"' not in texto
    assert (
        f'<a href="/mesas/{mesa.id}">mesa 1/2026, 10 de diciembre de 2026</a>: pendiente' in texto
    )
    respuesta = _guardar(secretaria, proyecto.id, texto="Otra cosa.")
    assert respuesta.status_code == 409
    assert "el proyecto está «En orden del día»" in respuesta.text


def test_aprobado_muestra_su_clave_y_su_texto_fijo(session, secretaria, proyecto):
    mesa = crear_mesa(session)
    punto = crear_punto(
        session, mesa, tipo="proyecto", proyecto_id=proyecto.id, estado="votado",
        resultado="aprobado",
    )  # fmt: skip
    proyecto.estado, proyecto.clave = "aprobado", "CH-CO 01/2026"
    proyecto.version_aprobada, proyecto.punto_aprobacion_id = 1, punto.id
    session.add(proyecto)
    session.commit()
    texto = secretaria.get(f"/proyectos/{proyecto.id}").text
    assert "<h1>CH-CO 01/2026</h1>" in texto
    assert "Aprobado: su texto quedó fijo." in texto
    assert f'en el punto 1 de la <a href="/mesas/{mesa.id}">mesa 1/2026</a>' in texto
    assert "El proyecto está «Aprobado»; ya no recibe observaciones." in texto
    assert f'action="/proyectos/{proyecto.id}/fuentes"' not in texto
    assert _guardar(secretaria, proyecto.id, texto="Cambio.").status_code == 409


def test_un_proyecto_que_no_existe(secretaria):
    respuesta = secretaria.get("/proyectos/999")
    assert respuesta.status_code == 404
    assert "No existe ningún proyecto de criterio homologado con ese número." in respuesta.text


# --- Versions ----------------------------------------------------------------------------


def test_comparar_dos_versiones_cualesquiera(session, secretaria, proyecto):
    _guardar(secretaria, proyecto.id, texto="Dentro de diez días.", precedentes="RR-1/2025")
    _guardar(
        secretaria, proyecto.id, texto="Dentro de quince días.", precedentes="RR-1/2025",
        version_base="2",
    )  # fmt: skip
    pagina = secretaria.get(f"/proyectos/{proyecto.id}/versiones")
    texto = pagina.text
    assert "<td>3 (actual)</td>" in texto
    assert "Cambios de la versión 2 a la 3" in texto  # the last change by default
    assert '<del><span class="lector">[eliminado: </span>diez' in texto
    texto = secretaria.get(f"/proyectos/{proyecto.id}/versiones?a=1&b=3").text
    assert "Cambios de la versión 1 a la 3" in texto
    assert '<ins><span class="lector">[insertado: </span>quince' in texto
    assert (
        '<tr><th scope="row">Precedentes</th><td class="texto-largo">—</td>'
        '<td class="texto-largo">RR-1/2025</td></tr>'
    ) in texto
    # From 2 to 3 only the text changed.
    assert "Los precedentes y el marco normativo no cambiaron." in pagina.text
    assert secretaria.get(f"/proyectos/{proyecto.id}/versiones?a=1&b=9").status_code == 404


def test_una_sola_version(secretaria, proyecto):
    texto = secretaria.get(f"/proyectos/{proyecto.id}/versiones").text
    assert "Este proyecto tiene una sola versión; aún no hay cambios que comparar." in texto


# --- Sources -----------------------------------------------------------------------------


def test_agregar_una_fuente_por_su_clave_y_quitarla(session, secretaria, proyecto):
    nueva = crear_criterio(session, "col", "col-03", clave="ACUERDO 3/2021")
    respuesta = secretaria.post(
        f"/proyectos/{proyecto.id}/fuentes",
        data={"accion": "agregar", "criterio": "acuerdo 3/2021"},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert (
        respuesta.headers["location"] == f"/proyectos/{proyecto.id}?aviso=fuente-agregada#fuentes"
    )
    assert contar(session, FuenteCriterioHomologado) == 3
    [entrada] = _bitacora(session, "proyecto.fuente_agregar")
    assert entrada.resumen == (
        f"secretaria agregó a las fuentes del proyecto {proyecto.id} el criterio col/col-03."
    )
    secretaria.post(
        f"/proyectos/{proyecto.id}/fuentes", data={"accion": "quitar", "criterio": nueva.id}
    )
    assert contar(session, FuenteCriterioHomologado) == 2
    assert len(_bitacora(session, "proyecto.fuente_quitar")) == 1


def test_agregar_una_fuente_que_no_se_encuentra(session, secretaria, proyecto):
    respuesta = secretaria.post(
        f"/proyectos/{proyecto.id}/fuentes", data={"accion": "agregar", "criterio": "nada-9"}
    )
    assert respuesta.status_code == 400
    assert "No hay ningún criterio con el número, clave o identificador «nada-9»." in respuesta.text
    assert 'value="nada-9"' in respuesta.text
    repetida = secretaria.post(
        f"/proyectos/{proyecto.id}/fuentes", data={"accion": "agregar", "criterio": "jal-07"}
    )
    assert repetida.status_code == 409
    assert "El criterio CRITERIO 07/2019 ya es fuente de este proyecto." in repetida.text


def test_buscar_criterios_para_agregar(session, secretaria, proyecto):
    crear_criterio(session, "col", "col-03", rubro="PLAZOS DEL RECURSO DE REVISIÓN.")
    fragmento = secretaria.get(
        f"/proyectos/{proyecto.id}?buscar=recurso",
        headers={"HX-Request": "true", "HX-Target": "busqueda"},
    ).text
    assert "<html" not in fragmento
    assert "col-03</a>: PLAZOS DEL RECURSO DE REVISIÓN." in fragmento
    assert '<input type="hidden" name="accion" value="agregar">' in fragmento
    nada = secretaria.get(
        f"/proyectos/{proyecto.id}?buscar=zzzz",
        headers={"HX-Request": "true", "HX-Target": "busqueda"},
    ).text
    assert "Ningún criterio coincide con «zzzz»." in nada


# --- Observaciones -----------------------------------------------------------------------


def test_observar_y_resolver(session, cliente_como, proyecto):
    comisionado = cliente_como("comisionado", "ags")
    editor = comisionado.get(f"/proyectos/{proyecto.id}").text
    assert "Nueva observación sobre la versión 1" in editor
    assert 'name="version_base"' not in editor  # a comisionado comments, does not draft
    respuesta = comisionado.post(
        f"/proyectos/{proyecto.id}/observaciones",
        data={"observacion": "Conviene citar el artículo 132."},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    observacion = session.exec(select(Observacion)).one()
    assert (observacion.garante_id, observacion.version, observacion.estado) == (
        "ags",
        1,
        "pendiente",
    )
    assert len(_bitacora(session, "observacion.crear")) == 1

    secretaria = cliente_como("secretaria")
    pagina = secretaria.get(f"/proyectos/{proyecto.id}").text
    assert "Conviene citar el artículo 132." in pagina
    assert '<span class="insignia observacion-pendiente">Pendiente</span>' in pagina
    assert f'action="/proyectos/{proyecto.id}/observaciones/{observacion.id}"' in pagina
    assert "Nueva observación" not in pagina  # the secretaría resolves, does not comment
    resuelta = secretaria.post(
        f"/proyectos/{proyecto.id}/observaciones/{observacion.id}",
        data={"estado": "atendida", "respuesta": "Se citó en el marco normativo."},
        follow_redirects=False,
    )
    assert resuelta.status_code == 303
    session.refresh(observacion)
    assert (observacion.estado, observacion.respuesta) == (
        "atendida",
        "Se citó en el marco normativo.",
    )
    [entrada] = _bitacora(session, "observacion.resolver")
    assert entrada.resumen == (
        f"secretaria marcó la observación {observacion.id} del proyecto {proyecto.id} como "
        "atendida."
    )
    final = comisionado.get(f"/proyectos/{proyecto.id}").text
    assert '<span class="insignia observacion-atendida">Atendida</span>' in final
    assert "Respuesta de la secretaría técnica:</strong> Se citó en el marco normativo." in final
    assert f'action="/proyectos/{proyecto.id}/observaciones/{observacion.id}"' not in final


def test_una_observacion_vacia_se_rechaza(session, cliente_como, proyecto):
    respuesta = cliente_como("juridico", "jal").post(
        f"/proyectos/{proyecto.id}/observaciones", data={"observacion": "  "}
    )
    assert respuesta.status_code == 400
    assert "Escriba la observación." in respuesta.text
    assert contar(session, Observacion) == 0


def test_resolver_exige_un_estado(session, cliente_como, proyecto):
    cliente_como("juridico", "jal").post(
        f"/proyectos/{proyecto.id}/observaciones", data={"observacion": "Falta algo."}
    )
    observacion = session.exec(select(Observacion)).one()
    respuesta = cliente_como("secretaria").post(
        f"/proyectos/{proyecto.id}/observaciones/{observacion.id}", data={"estado": "quizas"}
    )
    assert respuesta.status_code == 400
    assert "Elija si la observación fue atendida o no atendida." in respuesta.text
    otro = crear_proyecto(session)
    ajena = cliente_como("secretaria").post(
        f"/proyectos/{otro.id}/observaciones/{observacion.id}", data={"estado": "atendida"}
    )
    assert ajena.status_code == 404


def test_el_editor_no_ofrece_formularios_a_quien_no_puede(cliente_como, proyecto):
    texto = cliente_como("administrador").get(f"/proyectos/{proyecto.id}").text
    assert 'name="version_base"' not in texto
    assert "Nueva observación" not in texto
    assert re.search(r'action="/proyectos/\d+/fuentes"', texto) is None
