"""The demo mesas, acuerdos and criterios homologados (``sesiones.demo``)."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date, datetime, time

import pytest
from sqlmodel import Session, col, select

from app.cli import _renderizador_de_actas
from app.cuentas import crear_cuentas_de_ejemplo
from app.models import Usuario
from app.templating import fecha_larga
from criterios.comparaciones import entrada_desde_registro
from criterios.demo import cargar_demo
from criterios.models import ZONA_HORARIA, Criterio, ahora, hoy
from sesiones import actas, observaciones, proyectos
from sesiones.acuerdos import estado_visible
from sesiones.demo import Calendario, cargar_demo_de_sesiones
from sesiones.models import (
    Acuerdo,
    Adhesion,
    ApoyoPropuesta,
    AvanceAcuerdo,
    CriterioHomologado,
    Mesa,
    PropuestaTema,
    PuntoOrden,
    Voto,
)
from tests.factories import contar

SUPERADO = "ags-01-2020"  # Aguascalientes's criterio that CH-CO 01 supersedes


def _cargar_catalogo_y_cuentas(session: Session) -> list[Usuario]:
    cargar_demo(session)
    cuentas = [cuenta for cuenta, _ in crear_cuentas_de_ejemplo(session=session)]
    session.commit()
    return cuentas


@pytest.fixture
def calendario(session: Session) -> Calendario:
    """Load the whole demo as ``homologa serve`` does, dated from today; return its days."""
    cuentas = _cargar_catalogo_y_cuentas(session)
    cargada = cargar_demo_de_sesiones(
        session=session, cuentas=cuentas, renderizar_acta=_renderizador_de_actas()
    )
    session.commit()
    assert cargada
    return Calendario.desde(hoy())


def _mesas(session: Session) -> dict[str, Mesa]:
    return {m.estado: m for m in session.exec(select(Mesa))}


@pytest.mark.parametrize(
    ("dia", "mesa_1", "mesa_2"),
    [
        (date(2026, 11, 28), date(2026, 9, 17), date(2026, 12, 10)),  # a Saturday
        (date(2026, 11, 26), date(2026, 9, 17), date(2026, 12, 10)),  # a Thursday
        (date(2026, 11, 27), date(2026, 9, 17), date(2026, 12, 10)),
        (date(2027, 1, 4), date(2026, 10, 22), date(2027, 1, 14)),
    ],
)
def test_las_mesas_caen_en_jueves_diez_semanas_antes_y_dos_despues(dia, mesa_1, mesa_2):
    calendario = Calendario.desde(dia)
    assert (calendario.mesa_1, calendario.mesa_2) == (mesa_1, mesa_2)
    assert calendario.mesa_1.weekday() == calendario.mesa_2.weekday() == 3
    assert (dia - calendario.mesa_1).days >= 70 and (calendario.mesa_2 - dia).days >= 10


def test_una_mesa_concluida_con_su_acta_aprobada_y_otra_convocada(session, calendario):
    mesas = _mesas(session)
    assert sorted(mesas) == ["concluida", "convocada"]
    primera, segunda = mesas["concluida"], mesas["convocada"]
    assert (primera.numero, primera.fecha) == (1, calendario.mesa_1)
    assert segunda.fecha == calendario.mesa_2
    acta = actas.ultima_aprobada(session=session, mesa_id=primera.id)
    assert acta is not None and acta.version == 1
    assert f"Acta de la 1.ª mesa de análisis de {primera.anio}" in acta.html
    quorum = acta.datos["quorum"]
    assert (quorum["con_derecho"], quorum["presentes"], quorum["requeridos"]) == (10, 8, 6)
    # Its record: each kind of punto, with the votes counted as the story tells them.
    puntos = session.exec(select(PuntoOrden).where(PuntoOrden.mesa_id == primera.id)).all()
    resumen = [
        (p.tipo, p.estado, p.resultado, bool(p.notas_deliberacion))
        for p in sorted(puntos, key=lambda p: p.orden)
    ]
    assert resumen == [
        ("estandar", "pendiente", None, False),
        ("estandar", "votado", "aprobado", False),
        ("propuesta", "votado", "aprobado", True),
        ("proyecto", "votado", "aprobado", True),
        ("libre", "votado", "rechazado", True),
        ("propuesta", "diferido", None, True),
        ("estandar", "pendiente", None, True),
        ("estandar", "pendiente", None, False),
    ]
    libre = next(p for p in puntos if p.tipo == "libre")
    assert libre.resultado_detalle["conteo"] == {
        "a_favor": 3, "en_contra": 3, "abstencion": 2, "sin_voto": 0,
    }  # fmt: skip
    diferido = next(p for p in puntos if p.estado == "diferido")
    continuacion = session.get(PuntoOrden, diferido.diferido_a_id)
    assert continuacion.mesa_id == segunda.id and continuacion.diferido_de_id == diferido.id
    # Comisionados with an account vote themselves; the secretaría records the rest.
    votos = session.exec(select(Voto).where(Voto.punto_id == libre.id)).all()
    assert sorted(v.garante_id for v in votos if not v.por_secretaria) == ["ags", "jal-contraloria"]


def test_los_acuerdos_quedan_en_cuatro_estados_visibles(session, calendario):
    acuerdos = session.exec(select(Acuerdo).order_by(col(Acuerdo.consecutivo))).all()
    estados = [estado_visible(a, calendario.hoy) for a in acuerdos]
    assert estados == ["en_proceso", "cumplido", "vencido", "pendiente"]
    cumplido, vencido = acuerdos[1], acuerdos[2]
    avances = session.exec(select(AvanceAcuerdo).order_by(col(AvanceAcuerdo.id))).all()
    assert Counter(a.acuerdo_id for a in avances) == {
        acuerdos[0].id: 1,
        cumplido.id: 1,
        vencido.id: 1,
    }
    nota = next(a.nota for a in avances if a.acuerdo_id == cumplido.id)
    assert "Evidencia: https://" in nota
    assert vencido.estado == "en_proceso" and vencido.fecha_limite < calendario.hoy


def test_el_criterio_homologado_publicado_tiene_adopcion_parcial(session, calendario):
    criterio = session.exec(
        select(CriterioHomologado).where(CriterioHomologado.estado == "publicado")
    ).one()
    assert criterio.clave == f"CH-CO 01/{calendario.mesa_1.year}"
    assert criterio.version_aprobada == 2
    adhesiones = {
        a.garante_id: a
        for a in session.exec(
            select(Adhesion).where(Adhesion.criterio_homologado_id == criterio.id)
        )
    }
    assert Counter(a.estado for a in adhesiones.values()) == {
        "pendiente": 6, "adoptado": 2, "parcial": 1, "rechazado": 1,
    }  # fmt: skip
    assert {g for g, a in adhesiones.items() if a.estado != "pendiente"} == {
        "ags", "slp", "qro", "nay",
    }  # fmt: skip
    for adoptada in (adhesiones["ags"], adhesiones["slp"], adhesiones["qro"]):
        assert adoptada.evidencia_url.startswith("https://")
        assert calendario.mesa_1 < adoptada.fecha < calendario.hoy
    assert adhesiones["qro"].nota and adhesiones["nay"].nota
    fuentes = proyectos.fuentes(session=session, proyecto_id=criterio.id)
    vigencias = {c.id_externo: c.vigencia for c in fuentes}
    assert vigencias == {SUPERADO: "superado", "qro-01-2019": "vigente", "slp-02-2019": "vigente"}


def test_un_criterio_superado_sale_de_la_entrada_del_comparador(session, calendario):
    assert SUPERADO not in entrada_desde_registro(session=session).criterios
    assert SUPERADO in entrada_desde_registro(session=session, incluir_no_vigentes=True).criterios


def test_un_proyecto_en_redaccion_con_versiones_y_observaciones(session, calendario):
    proyecto = session.exec(
        select(CriterioHomologado).where(CriterioHomologado.estado == "proyecto")
    ).one()
    origen = session.get(PuntoOrden, proyecto.punto_origen_id)
    assert origen.tipo == "propuesta" and origen.resultado == "aprobado"
    versiones = proyectos.versiones(session=session, proyecto_id=proyecto.id)
    assert [v.numero for v in versiones] == [1, 2]
    assert [(o.version, o.estado) for o in observaciones.del_proyecto(
        session=session, proyecto_id=proyecto.id
    )] == [(1, "atendida"), (2, "pendiente")]  # fmt: skip
    assert len(proyectos.fuentes(session=session, proyecto_id=proyecto.id)) == 7


def test_propuestas_en_cada_estado(session, calendario):
    propuestas = session.exec(select(PropuestaTema).order_by(col(PropuestaTema.id))).all()
    assert [p.estado for p in propuestas] == [
        "discutida", "en_orden_del_dia", "no_admitida", "en_orden_del_dia", "propuesta",
    ]  # fmt: skip
    assert propuestas[2].motivo_no_admision
    assert contar(session, ApoyoPropuesta) == 4  # every propuesta but the one not admitted


def _local(momento: datetime) -> datetime:
    return momento.astimezone(ZONA_HORARIA)


def test_cada_paso_lleva_la_hora_de_la_historia(session, calendario):
    primera = _mesas(session)["concluida"]
    dia = calendario.mesa_1
    assert _local(primera.iniciada_en) == datetime.combine(dia, time(10, 4), ZONA_HORARIA)
    assert _local(primera.concluida_en) == datetime.combine(dia, time(14, 8), ZONA_HORARIA)
    assert _local(primera.convocada_en).date() == calendario.dia(-21)
    assert {_local(v.emitido_en).date() for v in session.exec(select(Voto))} == {dia}
    criterio = session.exec(
        select(CriterioHomologado).where(CriterioHomologado.estado == "publicado")
    ).one()
    assert _local(criterio.aprobado_en).date() == dia
    assert _local(criterio.publicado_en).date() == calendario.dia(6)
    acta = actas.ultima_aprobada(session=session, mesa_id=primera.id)
    assert _local(acta.aprobada_en).date() == calendario.dia(8)
    momentos = [p.creada_en for p in session.exec(select(PropuestaTema))]
    momentos += [a.actualizada_en for a in session.exec(select(Adhesion))]
    assert max(momentos) < ahora()


def test_no_se_carga_dos_veces(session, calendario):
    cuentas = session.exec(select(Usuario)).all()
    antes = [contar(session, m) for m in (Mesa, PropuestaTema, Acuerdo, CriterioHomologado)]
    assert not cargar_demo_de_sesiones(
        session=session, cuentas=cuentas, renderizar_acta=_renderizador_de_actas()
    )
    assert [contar(session, m) for m in (Mesa, PropuestaTema, Acuerdo, CriterioHomologado)] == antes


def test_si_algo_falla_no_queda_nada(session):
    cuentas = _cargar_catalogo_y_cuentas(session)

    def renderizar_roto(datos):
        raise RuntimeError("plantilla rota")

    with pytest.raises(RuntimeError, match="plantilla rota"):
        cargar_demo_de_sesiones(session=session, cuentas=cuentas, renderizar_acta=renderizar_roto)
    session.rollback()
    modelos = (Mesa, PuntoOrden, PropuestaTema, Acuerdo, CriterioHomologado, Adhesion)
    assert [contar(session, m) for m in modelos] == [0] * len(modelos)
    superado = session.exec(select(Criterio).where(Criterio.id_externo == SUPERADO)).one()
    assert superado.vigencia == "vigente"


def test_sin_las_cuentas_de_ejemplo_no_empieza(session):
    cuentas = _cargar_catalogo_y_cuentas(session)
    sin_contraloria = [c for c in cuentas if c.garante_id != "jal-contraloria"]
    with pytest.raises(LookupError) as error:
        cargar_demo_de_sesiones(
            session=session, cuentas=sin_contraloria, renderizar_acta=_renderizador_de_actas()
        )
    assert str(error.value) == (
        "Faltan cuentas de ejemplo: comisionado de jal-contraloria, jurídico de jal-contraloria."
    )
    assert contar(session, Mesa) == 0


def _texto(pagina: str) -> str:
    """Return what a person reads on the page: no tags, spaces collapsed."""
    cuerpo = re.sub(r"(?s)<(head|script|style)\b.*?</\1>", " ", pagina)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cuerpo)).split())


@pytest.mark.parametrize(
    ("ruta", "textos"),
    [
        ("/mesas", [
            "Próximas y en curso Incompetencia notoria y desahogo parcial de la prevención",
            "Anteriores 1 mesa Plazo de respuesta, información estadística en cero y gratuidad "
            "1.ª mesa de {anio}",
        ]),
        ("/mesas/{concluida}", [
            "Aprobado A favor: 6 · En contra: 1 · Abstenciones: 1",
            "Rechazado A favor: 3 · En contra: 3 · Abstenciones: 2",
            "Diferido",
            "Acuerdo CRCO/{anio}/01-02 : La Secretaría Técnica publicará el criterio homologado "
            "CH-CO 01/{anio}",
        ]),
        ("/mesas/{concluida}/acta", [
            "Versión 1, aprobada el",
            "Garantes con derecho: 10 · presentes: 8 · requeridos para el quórum: 6",
            "Hubo quórum.",
            "Michoacán pidió diferir el punto",
            "Se difirió al punto 3 de la {segunda}",
            "Resultado: Rechazado",
        ]),
        ("/mesas/{convocada}", [
            "Confirmación de la incompetencia notoria por el Comité de Transparencia",
            "Desahogo parcial de la prevención al solicitante",
        ]),
        ("/acuerdos", ["4 acuerdos", "{vencido} (vencido) Vencido", "Cumplido",
                      "En proceso", "Pendiente"]),
        ("/criterios-homologados", [
            "CH-CO 01/{anio} — INFORMACIÓN ESTADÍSTICA CUYO VALOR ES CERO",
            "2 de 10 garantes lo han adoptado",
        ]),
        ("/criterios-homologados/adhesion", [
            "Pendiente 6 Adoptado 2 Rechazado 1 Adoptado en parte («Parcial» en la tabla) 1",
        ]),
    ],
)  # fmt: skip
def test_el_publico_ve_el_ciclo_completo(anonimo, session, calendario, ruta, textos):
    mesas = _mesas(session)
    segunda = mesas["convocada"]
    valores = {
        "anio": calendario.mesa_1.year,
        # In early January the next mesa is the first of the new year.
        "segunda": f"{segunda.numero}.ª mesa de {segunda.anio}",
        "vencido": fecha_larga(calendario.dia(43)),
    }
    respuesta = anonimo.get(ruta.format(**{estado: m.id for estado, m in mesas.items()}))
    assert respuesta.status_code == 200
    texto = _texto(respuesta.text)
    for esperado in textos:
        assert esperado.format(**valores) in texto
