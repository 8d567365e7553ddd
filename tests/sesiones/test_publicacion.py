"""Publication: publishing, superseding, search and the record a page and the PDF show."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sesiones import publicacion
from sesiones.errores import TransicionNoPermitida
from sesiones.models import CriterioHomologado
from tests.sesiones.homologados import aprobar, crear_region, publicar


@pytest.fixture
def secretaria(usuario):
    return usuario("secretaria")


def _momento(dia: int) -> datetime:
    return datetime(2026, 12, dia, 12, 0, tzinfo=UTC)


def test_publicar_un_aprobado(session, secretaria):
    criterio = aprobar(session)
    publicacion.publicar(session=session, criterio_homologado=criterio, usuario=secretaria)
    session.commit()
    session.expire_all()
    guardado = session.get(CriterioHomologado, criterio.id)
    assert guardado.estado == "publicado"
    assert guardado.publicado_por_id == secretaria.id
    assert guardado.publicado_en is not None


@pytest.mark.parametrize(
    ("estado", "mensaje"),
    [
        ("publicado", "El criterio homologado CH-CO 01/2026 ya está publicado."),
        ("proyecto", "Solo se publica un criterio homologado aprobado por una mesa."),
        ("en_orden_del_dia", "Solo se publica un criterio homologado aprobado por una mesa."),
        ("rechazado", "Solo se publica un criterio homologado aprobado por una mesa."),
    ],
)
def test_publicar_solo_desde_aprobado(session, secretaria, estado, mensaje):
    criterio = aprobar(session, estado=estado)
    with pytest.raises(TransicionNoPermitida) as error:
        publicacion.publicar(session=session, criterio_homologado=criterio, usuario=secretaria)
    assert str(error.value) == mensaje


def test_publicar_lo_que_otra_persona_ya_publico(session, engine, secretaria):
    """Two people publishing at once: the conditional update lets only one through."""
    from sqlmodel import Session

    criterio = aprobar(session)
    with Session(engine) as otra:
        publicacion.publicar(
            session=otra, criterio_homologado=otra.get(CriterioHomologado, criterio.id),
            usuario=secretaria,
        )  # fmt: skip
        otra.commit()
    with pytest.raises(TransicionNoPermitida) as error:
        publicacion.publicar(session=session, criterio_homologado=criterio, usuario=secretaria)
    assert str(error.value) == publicacion.OCUPADO


def _par(session, *, estado_posterior="aprobado"):
    anterior = aprobar(session, clave="CH-CO 01/2026", aprobado_en=_momento(1))
    publicar(session, anterior, _momento(2))
    posterior = aprobar(
        session, clave="CH-CO 05/2027", aprobado_en=_momento(20), estado=estado_posterior
    )
    return anterior, posterior


@pytest.mark.parametrize("estado_posterior", ["aprobado", "publicado"])
def test_superar(session, estado_posterior):
    anterior, posterior = _par(session, estado_posterior=estado_posterior)
    assert publicacion.candidatos_a_superar(session=session, posterior=posterior) == [anterior]
    publicacion.superar(session=session, anterior=anterior, posterior=posterior)
    session.commit()
    session.expire_all()
    assert session.get(CriterioHomologado, anterior.id).superado_por_id == posterior.id
    ficha_anterior = publicacion.ficha(session=session, criterio_homologado=anterior, ocultos=())
    ficha_posterior = publicacion.ficha(session=session, criterio_homologado=posterior, ocultos=())
    assert ficha_anterior.superado_por.id == posterior.id
    assert [c.id for c in ficha_posterior.supera_a] == [anterior.id]
    # Once superseded it is no longer a candidate.
    assert publicacion.candidatos_a_superar(session=session, posterior=posterior) == []


def test_no_se_puede_superar(session):
    anterior, posterior = _par(session)
    sin_publicar = aprobar(session, clave="CH-CO 02/2026", aprobado_en=_momento(3))
    proyecto = aprobar(session, clave=None, estado="proyecto")
    casos = [
        (anterior, anterior, "Un criterio homologado no puede superarse a sí mismo."),
        (sin_publicar, posterior, "Solo se puede superar un criterio homologado publicado."),
        (anterior, proyecto,
         "Solo un criterio homologado aprobado o publicado puede superar a otro."),
    ]  # fmt: skip
    publicar(session, posterior, _momento(21))
    casos.append(
        (
            posterior,
            sin_publicar,
            "CH-CO 02/2026 se aprobó antes que CH-CO 05/2027: solo un criterio homologado "
            "posterior puede superar a uno anterior.",
        )
    )
    for viejo, nuevo, mensaje in casos:
        assert publicacion.error_al_superar(viejo, nuevo, session) == mensaje
        with pytest.raises(TransicionNoPermitida):
            publicacion.superar(session=session, anterior=viejo, posterior=nuevo)
    publicacion.superar(session=session, anterior=anterior, posterior=posterior)
    session.commit()
    otro = aprobar(session, clave="CH-CO 09/2027", aprobado_en=_momento(25))
    assert publicacion.error_al_superar(anterior, otro, session) == (
        "El criterio homologado CH-CO 01/2026 ya está superado por CH-CO 05/2027."
    )


@pytest.mark.parametrize(
    ("texto", "encontrados"),
    [
        (None, ["CH-CO 03/2026", "CH-CO 02/2026", "CH-CO 01/2026"]),
        ("informacion", ["CH-CO 01/2026"]),  # no accent finds "INFORMACIÓN"
        ("INFORMACIÓN", ["CH-CO 01/2026"]),
        ("plazos", ["CH-CO 01/2026"]),  # plural finds the singular's stem
        ("datos personales", ["CH-CO 02/2026"]),
        ("Datos Personáles", ["CH-CO 02/2026"]),
        ("ch-co 03/2026", ["CH-CO 03/2026"]),  # the clave
        ("version publica", ["CH-CO 02/2026"]),
        ("informaci", ["CH-CO 01/2026"]),  # a word still being typed
        ("reserva plazo", []),  # every word must be there
        ("cuotas", []),
    ],
)
def test_buscar(session, texto, encontrados):
    for dia, (clave, rubro, cuerpo) in enumerate(
        [
            ("CH-CO 01/2026", "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN.",
             "El sujeto obligado responde dentro de quince días hábiles."),
            ("CH-CO 02/2026", "PROTECCIÓN DE DATOS PERSONALES EN VERSIONES PÚBLICAS.",
             "Se testan nombres de particulares."),
            ("CH-CO 03/2026", "RESERVA POR INVESTIGACIONES EN CURSO.",
             "Procede la reserva mientras la carpeta esté abierta."),
        ],
        start=1,
    ):  # fmt: skip
        criterio = aprobar(session, clave=clave, rubro=rubro, texto=cuerpo)
        publicar(session, criterio, _momento(dia))
    aprobar(session, clave="CH-CO 04/2026", rubro="PLAZO SIN PUBLICAR.")  # not published
    pagina = publicacion.buscar(session=session, texto=texto)
    assert [c.clave for c in pagina.elementos] == encontrados
    assert pagina.total == len(encontrados)


def test_buscar_pagina_y_separa_los_aprobados(session):
    for dia in range(1, 6):
        criterio = aprobar(session, clave=f"CH-CO {dia:02d}/2026")
        publicar(session, criterio, _momento(dia))
    aprobar(session, clave="CH-CO 06/2026")
    pagina = publicacion.buscar(session=session, texto=None, pagina=2, por_pagina=2)
    assert [c.clave for c in pagina.elementos] == ["CH-CO 03/2026", "CH-CO 02/2026"]
    assert (pagina.numero, pagina.paginas, pagina.total) == (2, 3, 5)
    aprobados = publicacion.buscar(session=session, texto=None, estado="aprobado", por_pagina=None)
    assert [c.clave for c in aprobados.elementos] == ["CH-CO 06/2026"]


def test_ficha_deja_fuera_las_fuentes_de_catalogos_no_publicos(session):
    region = crear_region(session)
    criterio = aprobar(session, fuentes=[region["jal"], region["col"]])
    completa = publicacion.ficha(session=session, criterio_homologado=criterio, ocultos=set())
    assert [c.id_externo for c, _ in completa.fuentes] == ["col-01", "jal-01"]
    assert completa.fuentes_ocultas == 0
    parcial = publicacion.ficha(session=session, criterio_homologado=criterio, ocultos={"col"})
    assert [c.id_externo for c, _ in parcial.fuentes] == ["jal-01"]
    assert parcial.fuentes_ocultas == 1
    assert [f.garante.id for f in parcial.adhesiones] == ["ags", "col", "jal"]
    assert parcial.punto is not None and parcial.mesa is not None
    assert parcial.mesa.id == parcial.punto.mesa_id
