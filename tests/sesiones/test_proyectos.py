"""Proyectos de criterio homologado: drafting from each origin, versions, sources,
observaciones and approval or rejection through the vote of a punto."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from criterios.models import Comparacion, Divergencia, GrupoCriterio, GrupoTematico
from sesiones import ajustes, observaciones, orden_del_dia, proyectos, votaciones
from sesiones.errores import TransicionNoPermitida
from sesiones.models import (
    Adhesion,
    Asistencia,
    CriterioHomologado,
    FuenteCriterioHomologado,
    Observacion,
    VersionCriterioHomologado,
)
from sesiones.proyectos import Borrador, Contenido
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
TEXTO_COL = "La respuesta se notifica dentro de diez días hábiles siguientes."
TEMA = "Plazo para responder la solicitud de acceso."


@pytest.fixture
def catalogo(session):
    """Three garantes of the región with one criterio each on the same topic."""
    for garante in ("ags", "jal", "col"):
        crear_garante(session, garante)
    return {
        "ags": crear_criterio(session, "ags", "ags-01", clave="CRITERIO 01/2020", texto=TEXTO_AGS),
        "jal": crear_criterio(session, "jal", "jal-07", clave="CRITERIO 07/2019", texto=TEXTO_JAL),
        "col": crear_criterio(session, "col", "col-03", clave="CRITERIO 01/2020", texto=TEXTO_COL),
    }


@pytest.fixture
def comparacion(session, catalogo):
    """A finished run: one group where jal and col share a postura and ags stands apart."""
    corrida = Comparacion(estado="terminada")
    session.add(corrida)
    session.flush()
    grupo = GrupoTematico(
        comparacion_id=corrida.id,
        clave="g-plazo",
        tema=TEMA,
        garantes=["ags", "col", "jal"],
        posturas=[{"id": "p1", "resumen": "veinte días"}, {"id": "p2", "resumen": "diez días"}],
    )
    session.add(grupo)
    session.flush()
    for garante, postura in (("ags", "p1"), ("jal", "p2"), ("col", "p2")):
        criterio = catalogo[garante]
        session.add(
            GrupoCriterio(
                grupo_id=grupo.id, criterio_id=criterio.id, garante_id=garante, postura=postura
            )
        )
    divergencia = Divergencia(
        comparacion_id=corrida.id,
        clave="d-ags-jal",
        grupo_id=grupo.id,
        criterio_a_id=catalogo["ags"].id,
        criterio_b_id=catalogo["jal"].id,
        garante_a="ags",
        garante_b="jal",
        version_a=1,
        version_b=1,
        tipo="plazo",
        explicacion="Veinte días frente a diez días hábiles.",
    )
    session.add(divergencia)
    session.commit()
    return {"grupo": grupo, "divergencia": divergencia}


@pytest.fixture
def juridico(usuario):
    return usuario("juridico", "jal")


def _contenido(rubro: str = TEMA, texto: str = TEXTO_JAL, **campos: str | None) -> Contenido:
    return Contenido.de(
        rubro=rubro,
        texto=texto,
        precedentes=campos.get("precedentes"),
        marco_normativo=campos.get("marco_normativo"),
    )


def _fuentes(session, proyecto) -> set[int]:
    return set(
        session.exec(
            select(FuenteCriterioHomologado.criterio_id).where(
                FuenteCriterioHomologado.criterio_homologado_id == proyecto.id
            )
        )
    )


# --- Drafting from each origin ----------------------------------------------------------


def test_borrador_de_una_divergencia(session, catalogo, comparacion):
    borrador = proyectos.borrador_de_divergencia(
        session=session, divergencia=comparacion["divergencia"]
    )
    assert borrador.rubro == TEMA
    assert borrador.criterio_ids == [catalogo["ags"].id, catalogo["jal"].id]
    assert (borrador.grupo_clave, borrador.divergencia_clave) == ("g-plazo", "d-ags-jal")
    # The text starts from criterio A's (the diff against B then shows the choice).
    assert (borrador.texto, borrador.texto_de) == (TEXTO_AGS, catalogo["ags"].id)


def test_el_texto_inicial_nunca_viene_de_un_catalogo_que_no_se_puede_leer(
    session, catalogo, comparacion
):
    borrador = proyectos.borrador_de_divergencia(
        session=session, divergencia=comparacion["divergencia"], ocultos={"ags"}
    )
    assert borrador.criterio_ids == [catalogo["ags"].id, catalogo["jal"].id]
    assert (borrador.texto, borrador.texto_de) == (TEXTO_JAL, catalogo["jal"].id)
    nada = proyectos.borrador_de_divergencia(
        session=session, divergencia=comparacion["divergencia"], ocultos={"ags", "jal"}
    )
    assert (nada.texto, nada.texto_de) == ("", None)


def test_borrador_de_un_grupo_parte_de_la_postura_mayoritaria(session, catalogo, comparacion):
    borrador = proyectos.borrador_de_grupo(session=session, grupo=comparacion["grupo"])
    assert borrador.rubro == TEMA
    assert set(borrador.criterio_ids) == {c.id for c in catalogo.values()}
    assert (borrador.grupo_clave, borrador.divergencia_clave) == ("g-plazo", None)
    # jal and col share postura p2; the first of them by garante is col.
    assert (borrador.texto, borrador.texto_de) == (TEXTO_COL, catalogo["col"].id)


def test_borrador_de_un_punto_con_propuesta(session, catalogo):
    propuesta = crear_propuesta(
        session,
        origen="divergencia",
        divergencia_clave="d-ags-jal",
        grupo_clave="g-plazo",
        criterio_ids=[catalogo["jal"].id, catalogo["ags"].id, 999_999],
    )
    punto = crear_punto(session, crear_mesa(session), tipo="propuesta", propuesta_id=propuesta.id)
    borrador = proyectos.borrador_de_punto(session=session, punto=punto)
    assert borrador.rubro == "Plazo para responder solicitudes de acceso"
    assert borrador.criterio_ids == [catalogo["jal"].id, catalogo["ags"].id]  # 999999 is gone
    assert borrador.punto_origen_id == punto.id
    assert (borrador.grupo_clave, borrador.divergencia_clave) == ("g-plazo", "d-ags-jal")
    assert borrador.texto == TEXTO_JAL


def test_borrador_de_un_punto_libre(session):
    punto = crear_punto(session, crear_mesa(session), titulo="Lenguaje incluyente")
    borrador = proyectos.borrador_de_punto(session=session, punto=punto)
    assert borrador == Borrador(rubro="Lenguaje incluyente", punto_origen_id=punto.id)


def test_crear_proyecto_guarda_la_version_1_con_su_autor_y_sus_fuentes(
    session, catalogo, comparacion, juridico
):
    borrador = proyectos.borrador_de_divergencia(
        session=session, divergencia=comparacion["divergencia"]
    )
    proyecto = proyectos.crear_proyecto(
        session=session,
        borrador=borrador,
        contenido=_contenido(
            texto=f"  {TEXTO_JAL}\n", precedentes="  ", marco_normativo="Art. 132"
        ),
        autor=juridico,
    )
    session.commit()
    assert proyecto.estado == "proyecto"
    assert (proyecto.version, proyecto.texto, proyecto.precedentes) == (1, TEXTO_JAL, None)
    assert proyecto.creado_por_id == juridico.id
    assert (proyecto.grupo_clave, proyecto.divergencia_clave) == ("g-plazo", "d-ags-jal")
    assert _fuentes(session, proyecto) == {catalogo["ags"].id, catalogo["jal"].id}
    [version] = proyectos.versiones(session=session, proyecto_id=proyecto.id)
    assert (version.numero, version.autor_id, version.autor) == (1, juridico.id, "juridico jal")
    assert (version.texto, version.marco_normativo) == (TEXTO_JAL, "Art. 132")


def test_un_proyecto_en_blanco_no_tiene_fuentes(session, juridico):
    proyecto = proyectos.crear_proyecto(
        session=session, borrador=Borrador(), contenido=_contenido(), autor=juridico
    )
    assert _fuentes(session, proyecto) == set()
    assert proyecto.punto_origen_id is None


@pytest.mark.parametrize(
    ("rubro", "texto", "errores"),
    [
        ("", TEXTO_JAL, {"rubro": "Escriba el rubro del proyecto."}),
        (TEMA, "   ", {"texto": "Escriba el texto del proyecto."}),
        ("R" * 1001, TEXTO_JAL, {"rubro": "El rubro admite hasta 1,000 caracteres."}),
        (TEMA, TEXTO_JAL, {}),
    ],
)
def test_validar(rubro, texto, errores):
    assert proyectos.validar(_contenido(rubro, texto)) == errores


# --- Versions ----------------------------------------------------------------------------


def test_cada_guardado_es_una_version_nueva_con_su_autor(session, juridico, usuario):
    secretaria = usuario("secretaria")
    proyecto = crear_proyecto(session)
    proyectos.guardar_version(
        session=session, proyecto=proyecto, contenido=_contenido(texto=TEXTO_JAL), autor=juridico
    )
    proyectos.guardar_version(
        session=session,
        proyecto=proyecto,
        contenido=_contenido(texto=TEXTO_JAL, precedentes="RR-01/2025"),
        autor=secretaria,
        version_base=2,
    )
    session.commit()
    assert proyecto.version == 3
    assert proyecto.precedentes == "RR-01/2025"
    assert [
        (v.numero, v.autor_id, v.precedentes)
        for v in proyectos.versiones(session=session, proyecto_id=proyecto.id)
    ] == [(1, None, None), (2, juridico.id, None), (3, secretaria.id, "RR-01/2025")]


def test_guardar_sin_cambios_se_rechaza(session, juridico):
    proyecto = crear_proyecto(session, texto=TEXTO_AGS, rubro=TEMA)
    with pytest.raises(TransicionNoPermitida) as error:
        proyectos.guardar_version(
            session=session,
            proyecto=proyecto,
            # Whitespace around the text and an empty marco normativo are not changes.
            contenido=_contenido(texto=f"{TEXTO_AGS}  ", marco_normativo=" "),
            autor=juridico,
        )
    assert str(error.value) == (
        "No hay cambios respecto de la versión 1; no se guardó una versión nueva."
    )
    assert contar(session, VersionCriterioHomologado) == 1


def test_no_se_sobrescribe_una_version_que_el_editor_no_vio(session, juridico):
    proyecto = crear_proyecto(session)
    proyectos.guardar_version(
        session=session, proyecto=proyecto, contenido=_contenido(texto="Otra."), autor=juridico
    )
    with pytest.raises(TransicionNoPermitida) as error:
        proyectos.guardar_version(
            session=session,
            proyecto=proyecto,
            contenido=_contenido(texto="La mía."),
            autor=juridico,
            version_base=1,
        )
    assert str(error.value).startswith(
        "Mientras usted editaba se guardó la versión 2 del proyecto y su edición partía de "
        "la versión 1."
    )
    assert proyecto.texto == "Otra."


def test_en_el_orden_del_dia_el_texto_no_cambia(session, juridico):
    proyecto = crear_proyecto(session, estado="en_orden_del_dia")
    with pytest.raises(TransicionNoPermitida) as error:
        proyectos.guardar_version(
            session=session, proyecto=proyecto, contenido=_contenido(texto="X."), autor=juridico
        )
    assert str(error.value) == (
        "No se puede guardar una versión: el proyecto está «En orden del día»; su texto no "
        "cambia mientras espera la votación de la mesa."
    )


# --- Sources -----------------------------------------------------------------------------


@pytest.mark.parametrize("como", ["numero", "clave", "id_externo"])
def test_buscar_criterio_por_numero_clave_o_identificador(session, catalogo, como):
    jal = catalogo["jal"]
    referencia = {"numero": str(jal.id), "clave": "criterio 07/2019", "id_externo": "JAL-07"}
    assert proyectos.buscar_criterio(session=session, referencia=referencia[como]) == jal


@pytest.mark.parametrize(
    ("referencia", "ocultos", "mensaje"),
    [
        ("", (), "Escriba el número, la clave o el identificador del criterio."),
        ("nada-99", (), "No hay ningún criterio con el número, clave o identificador «nada-99»."),
        (
            "jal-07",
            {"jal"},
            "No hay ningún criterio con el número, clave o identificador «jal-07».",
        ),
    ],
)
def test_buscar_criterio_que_no_se_encuentra(session, catalogo, referencia, ocultos, mensaje):
    with pytest.raises(LookupError) as error:
        proyectos.buscar_criterio(session=session, referencia=referencia, ocultos=ocultos)
    assert str(error.value) == mensaje


def test_una_clave_repetida_entre_garantes_pide_el_numero(session, catalogo):
    with pytest.raises(LookupError) as error:
        proyectos.buscar_criterio(session=session, referencia="CRITERIO 01/2020")
    assert str(error.value) == (
        f"Varios criterios responden a «CRITERIO 01/2020» (ags: ags-01 (n.º {catalogo['ags'].id}),"
        f" col: col-03 (n.º {catalogo['col'].id})); escriba el número."
    )
    # Without col's catalog there is one answer.
    encontrado = proyectos.buscar_criterio(
        session=session, referencia="CRITERIO 01/2020", ocultos={"col"}
    )
    assert encontrado == catalogo["ags"]


def test_agregar_y_quitar_fuentes(session, catalogo):
    proyecto = crear_proyecto(session)
    proyectos.agregar_fuente(session=session, proyecto=proyecto, criterio=catalogo["jal"])
    proyectos.agregar_fuente(session=session, proyecto=proyecto, criterio=catalogo["ags"])
    with pytest.raises(TransicionNoPermitida) as repetida:
        proyectos.agregar_fuente(session=session, proyecto=proyecto, criterio=catalogo["jal"])
    assert str(repetida.value) == "El criterio CRITERIO 07/2019 ya es fuente de este proyecto."
    proyectos.quitar_fuente(session=session, proyecto=proyecto, criterio_id=catalogo["jal"].id)
    session.commit()
    assert proyectos.fuentes(session=session, proyecto_id=proyecto.id) == [catalogo["ags"]]
    with pytest.raises(TransicionNoPermitida) as ausente:
        proyectos.quitar_fuente(session=session, proyecto=proyecto, criterio_id=catalogo["jal"].id)
    assert str(ausente.value) == "Ese criterio no es fuente de este proyecto."


# --- Observaciones -----------------------------------------------------------------------


def test_observacion_sobre_la_version_vigente_y_su_resolucion(session, juridico, usuario):
    proyecto = crear_proyecto(session)
    proyectos.guardar_version(
        session=session, proyecto=proyecto, contenido=_contenido(texto="Dos."), autor=juridico
    )
    comisionado = usuario("comisionado", "ags")
    observacion = observaciones.observar(
        session=session, proyecto=proyecto, texto="  Falta el fundamento.  ", autor=comisionado
    )
    session.commit()
    assert (observacion.version, observacion.garante_id, observacion.autor_id) == (
        2,
        "ags",
        comisionado.id,
    )
    assert (observacion.texto, observacion.estado) == ("Falta el fundamento.", "pendiente")

    secretaria = usuario("secretaria")
    observaciones.resolver(
        session=session,
        proyecto=proyecto,
        observacion=observacion,
        estado="no_atendida",
        respuesta="El fundamento está en el marco normativo.",
        autor=secretaria,
    )
    session.commit()
    guardada = session.get(Observacion, observacion.id)
    assert (guardada.estado, guardada.respuesta, guardada.resuelta_por_id) == (
        "no_atendida",
        "El fundamento está en el marco normativo.",
        secretaria.id,
    )
    assert guardada.resuelta_en is not None
    assert observaciones.del_proyecto(session=session, proyecto_id=proyecto.id) == [guardada]


def test_solo_el_personal_de_un_garante_observa(session, usuario):
    proyecto = crear_proyecto(session)
    with pytest.raises(TransicionNoPermitida) as error:
        observaciones.observar(
            session=session, proyecto=proyecto, texto="Algo.", autor=usuario("secretaria")
        )
    assert str(error.value) == "Solo el personal de un garante puede hacer observaciones."


@pytest.mark.parametrize(
    ("texto", "errores"),
    [("", {"observacion": "Escriba la observación."}),
     ("x" * 5001, {"observacion": "La observación admite hasta 5,000 caracteres."}),
     ("Bien.", {})],
)  # fmt: skip
def test_validar_observacion(texto, errores):
    assert observaciones.validar(texto) == errores


# --- Approval through a vote -------------------------------------------------------------


@pytest.fixture
def region(session):
    """The región on 10 Dec 2026: ags and jal; col ended before; nay is another región."""
    crear_garante(session, "ags")
    crear_garante(session, "jal")
    crear_garante(session, "col", vigente_hasta="2026-06-30")
    crear_garante(session, "nay", region="noroeste")


def _votado(session, proyecto, resultado, *, fecha=date(2026, 12, 10)):
    """Return a punto of a new mesa on ``fecha`` whose vote on ``proyecto`` gave ``resultado``."""
    mesa = crear_mesa(session, fecha=fecha)
    return crear_punto(
        session,
        mesa,
        tipo="proyecto",
        proyecto_id=proyecto.id,
        estado="votado",
        resultado=resultado,
    )


def test_aprobado_recibe_clave_queda_fijo_y_abre_las_adhesiones(session, region, juridico):
    proyecto = crear_proyecto(session, estado="en_orden_del_dia")
    punto = _votado(session, proyecto, "aprobado")
    proyectos.resolver_por_votacion(session=session, punto=punto)
    session.commit()
    assert proyecto.estado == "aprobado"
    assert proyecto.clave == "CH-CO 01/2026"
    assert (proyecto.version_aprobada, proyecto.punto_aprobacion_id) == (1, punto.id)
    assert proyecto.aprobado_en is not None
    adhesiones = session.exec(select(Adhesion).order_by(Adhesion.garante_id)).all()
    assert [(a.garante_id, a.estado) for a in adhesiones] == [
        ("ags", "pendiente"),
        ("jal", "pendiente"),
    ]
    for intento in (
        lambda: proyectos.guardar_version(
            session=session, proyecto=proyecto, contenido=_contenido(texto="X."), autor=juridico
        ),
        lambda: proyectos.agregar_fuente(
            session=session, proyecto=proyecto, criterio=crear_criterio(session, "ags", "ags-9")
        ),
    ):
        with pytest.raises(TransicionNoPermitida) as error:
            intento()
        assert "el criterio homologado CH-CO 01/2026 ya fue aprobado y su texto quedó fijo." in (
            str(error.value)
        )
    with pytest.raises(TransicionNoPermitida) as error:
        observaciones.observar(session=session, proyecto=proyecto, texto="Y.", autor=juridico)
    assert str(error.value) == "El proyecto está «Aprobado»; ya no recibe observaciones."
    with pytest.raises(TransicionNoPermitida):
        proyectos.resolver_por_votacion(
            session=session, punto=_votado(session, proyecto, "rechazado")
        )
    assert session.get(CriterioHomologado, proyecto.id).estado == "aprobado"


def test_la_numeracion_sigue_el_anio_de_la_mesa(session, region):
    claves = []
    for fecha in (date(2026, 3, 1), date(2026, 12, 10), date(2027, 1, 20)):
        proyecto = crear_proyecto(session, estado="en_orden_del_dia")
        proyectos.resolver_por_votacion(
            session=session, punto=_votado(session, proyecto, "aprobado", fecha=fecha)
        )
        session.commit()
        claves.append(proyecto.clave)
    assert claves == ["CH-CO 01/2026", "CH-CO 02/2026", "CH-CO 01/2027"]


def test_patron_de_clave_configurable(session, region):
    ajustes.guardar(session, ajustes.PATRON_CRITERIO_HOMOLOGADO.clave, "CRCO-CH/{anio}/{n:03d}")
    session.commit()
    proyecto = crear_proyecto(session, estado="en_orden_del_dia")
    proyectos.resolver_por_votacion(session=session, punto=_votado(session, proyecto, "aprobado"))
    assert proyecto.clave == "CRCO-CH/2026/001"


def test_un_patron_sin_anio_no_repite_claves(session, region):
    ajustes.guardar(session, ajustes.PATRON_CRITERIO_HOMOLOGADO.clave, "CH-{n}")
    session.commit()
    claves = []
    for fecha in (date(2026, 3, 1), date(2027, 1, 20)):
        proyecto = crear_proyecto(session, estado="en_orden_del_dia")
        proyectos.resolver_por_votacion(
            session=session, punto=_votado(session, proyecto, "aprobado", fecha=fecha)
        )
        session.commit()
        claves.append(proyecto.clave)
    assert claves == ["CH-1", "CH-2"]


def test_rechazado_se_revisa_y_vuelve_a_ser_proyecto(session, region, juridico):
    proyecto = crear_proyecto(session, estado="en_orden_del_dia")
    proyectos.resolver_por_votacion(session=session, punto=_votado(session, proyecto, "rechazado"))
    session.commit()
    assert (proyecto.estado, proyecto.clave) == ("rechazado", None)
    assert contar(session, Adhesion) == 0
    proyectos.guardar_version(
        session=session, proyecto=proyecto, contenido=_contenido(texto="Revisado."), autor=juridico
    )
    session.commit()
    assert (proyecto.estado, proyecto.version) == ("proyecto", 2)
    # On an orden del día again, a later vote approves version 2.
    proyecto.estado = "en_orden_del_dia"
    session.add(proyecto)
    session.commit()
    proyectos.resolver_por_votacion(session=session, punto=_votado(session, proyecto, "aprobado"))
    assert (proyecto.estado, proyecto.version_aprobada, proyecto.clave) == (
        "aprobado",
        2,
        "CH-CO 01/2026",
    )


def test_un_punto_sin_resultado_no_resuelve(session, region):
    proyecto = crear_proyecto(session, estado="en_orden_del_dia")
    punto = _votado(session, proyecto, None)
    with pytest.raises(TransicionNoPermitida) as error:
        proyectos.resolver_por_votacion(session=session, punto=punto)
    assert str(error.value) == "La votación del punto aún no tiene resultado."


# --- The whole way: orden del día, votación, result ------------------------------------


def _someter_a_votacion(session, proyecto, sentidos: dict[str, str], *, fecha=date(2026, 12, 10)):
    """Put ``proyecto`` on a new mesa en curso, vote it with ``sentidos`` and close the vote."""
    mesa = crear_mesa(session, fecha=fecha)
    punto = orden_del_dia.agregar_proyecto(session=session, mesa=mesa, proyecto=proyecto)
    mesa.estado = "en_curso"  # (convocatoria and start are the mesas' tests)
    session.add(mesa)
    for garante in sentidos:
        session.add(Asistencia(mesa_id=mesa.id, garante_id=garante, presente=True))
    session.commit()
    assert proyecto.estado == "en_orden_del_dia"
    votaciones.abrir_votacion(session=session, punto=punto, usuario=None)
    for garante, sentido in sentidos.items():
        votaciones.emitir_voto(
            session=session,
            punto=punto,
            garante_id=garante,
            sentido=sentido,
            usuario=None,
            por_secretaria=True,
        )
    resultado = votaciones.cerrar_votacion(session=session, punto=punto, usuario=None)
    session.commit()
    session.refresh(proyecto)
    return punto, resultado


def test_la_votacion_rechaza_y_despues_aprueba_la_revision(session, region, juridico):
    proyecto = crear_proyecto(session, rubro=TEMA, texto=TEXTO_AGS)
    _, resultado = _someter_a_votacion(session, proyecto, {"ags": "a_favor", "jal": "en_contra"})
    assert resultado == "rechazado"
    assert (proyecto.estado, proyecto.clave, contar(session, Adhesion)) == ("rechazado", None, 0)

    proyectos.guardar_version(
        session=session, proyecto=proyecto, contenido=_contenido(texto=TEXTO_JAL), autor=juridico
    )
    session.commit()
    assert (proyecto.estado, proyecto.version) == ("proyecto", 2)

    punto, resultado = _someter_a_votacion(session, proyecto, {"ags": "a_favor", "jal": "a_favor"})
    assert resultado == "aprobado"
    assert (proyecto.estado, proyecto.clave) == ("aprobado", "CH-CO 01/2026")
    assert (proyecto.version_aprobada, proyecto.punto_aprobacion_id) == (2, punto.id)
    assert sorted(session.exec(select(Adhesion.garante_id)).all()) == ["ags", "jal"]
    with pytest.raises(TransicionNoPermitida):
        proyectos.guardar_version(
            session=session, proyecto=proyecto, contenido=_contenido(texto="X."), autor=juridico
        )


# --- Lists -------------------------------------------------------------------------------


def test_lista_por_estado_con_sus_cuentas(session, catalogo, juridico):
    uno = crear_proyecto(session, rubro="UNO.")
    crear_proyecto(session, rubro="DOS.", estado="rechazado")
    proyectos.agregar_fuente(session=session, proyecto=uno, criterio=catalogo["ags"])
    observaciones.observar(session=session, proyecto=uno, texto="A.", autor=juridico)
    observaciones.observar(session=session, proyecto=uno, texto="B.", autor=juridico)
    session.commit()
    pagina = proyectos.buscar_proyectos(session=session, estado="proyecto")
    assert pagina.total == 1
    [fila] = pagina.elementos
    assert (fila.proyecto.rubro, fila.fuentes, fila.pendientes) == ("UNO.", 1, 2)
    assert proyectos.buscar_proyectos(session=session).total == 2
