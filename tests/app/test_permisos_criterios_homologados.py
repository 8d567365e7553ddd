"""Every write route of adhesión and publication run as every role.

A garante's adhesión (and marking its own criterios superado) is for that garante's
comisionado or jurídico and for the secretaría; publishing and superseding a criterio
homologado, for the secretaría alone. Where the policy says no, the answer is 403 (or, for
the public, a 403 or a trip to /entrar), nothing is written and the refusal of a signed-in
user is in the bitácora.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import Session, func, select

from app.models import EventoBitacora
from criterios.models import Criterio
from sesiones.models import Adhesion, CriterioHomologado
from tests.sesiones.homologados import aprobar, crear_region, publicar

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
    "jurídico de Y": ("juridico", "ags"),
}
DE_X = {"secretaria", "comisionado de X", "jurídico de X"}
SECRETARIA = {"secretaria"}

RUTAS_CUBIERTAS = {
    "/criterios-homologados/{id}/adhesiones/{garante}",
    "/criterios-homologados/{id}/superados",
    "/criterios-homologados/{id}/publicar",
    "/criterios-homologados/{id}/superar",
}


@dataclass
class Caso:
    """A write route: its URL, the form, who may, and what a success leaves behind."""

    url: str
    datos: dict[str, Any]
    permitidos: set[str]
    hecho: Callable[[Session, dict[str, int]], bool]
    exito: int = 303


def _adhesion_de_x(session: Session, ids: dict[str, int]) -> bool:
    return session.get(Adhesion, (ids["aprobado"], "jal")).estado == "rechazado"


def _superado_de_x(session: Session, ids: dict[str, int]) -> bool:
    return session.get(Criterio, ids["criterio_x"]).vigencia == "superado"


def _publicado(session: Session, ids: dict[str, int]) -> bool:
    return session.get(CriterioHomologado, ids["aprobado"]).estado == "publicado"


def _superado(session: Session, ids: dict[str, int]) -> bool:
    return session.get(CriterioHomologado, ids["publicado"]).superado_por_id == ids["aprobado"]


CASOS = {
    "adhesion.actualizar": Caso(
        "/criterios-homologados/{aprobado}/adhesiones/jal",
        {"estado": "rechazado", "fecha": "2026-11-02", "nota": "No lo adopta."},
        DE_X, _adhesion_de_x,
    ),
    "adhesion.marcar_superados": Caso(
        "/criterios-homologados/{publicado}/superados", {"garante": "jal", "accion": "marcar"},
        DE_X, _superado_de_x,
    ),
    "criterio_homologado.publicar": Caso(
        "/criterios-homologados/{aprobado}/publicar", {}, SECRETARIA, _publicado
    ),
    "criterio_homologado.superar": Caso(
        "/criterios-homologados/{aprobado}/superar", {"anterior": "{publicado}"}, SECRETARIA,
        _superado,
    ),
}  # fmt: skip


@pytest.fixture
def registro(session: Session) -> dict[str, int]:
    """Garantes X (jal), Y (ags) and col; a published criterio homologado that X adopted
    (its source: X's criterio) and a later one, approved and not yet published."""
    criterios = crear_region(session)
    anterior = aprobar(
        session, clave="CH-CO 01/2026", fuentes=[criterios["jal"]],
        aprobado_en=datetime(2026, 10, 1, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    publicar(session, anterior, datetime(2026, 10, 2, 9, 0, tzinfo=UTC))
    adhesion = session.get(Adhesion, (anterior.id, "jal"))
    adhesion.estado, adhesion.fecha = "adoptado", date(2026, 10, 20)
    adhesion.evidencia_url = "https://itei.org.mx/acta.pdf"
    session.add(adhesion)
    session.commit()
    posterior = aprobar(
        session, clave="CH-CO 02/2026", aprobado_en=datetime(2026, 10, 25, 18, 0, tzinfo=UTC)
    )
    assert anterior.id is not None and posterior.id is not None
    return {"publicado": anterior.id, "aprobado": posterior.id, "criterio_x": criterios["jal"].id}


def _negaciones(session: Session) -> int:
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_ruta_de_escritura_por_rol(cliente_como, session, registro, accion, rol):
    caso = CASOS[accion]
    cliente = cliente_como(*ROLES[rol])
    datos = {k: v.format(**registro) for k, v in caso.datos.items()}
    negaciones = _negaciones(session)
    respuesta = cliente.post(caso.url.format(**registro), data=datos, follow_redirects=False)
    session.expire_all()

    if rol in caso.permitidos:
        assert respuesta.status_code == caso.exito, respuesta.text[:2000]
        assert caso.hecho(session, registro)
        return
    if rol == "anónimo":
        assert respuesta.status_code == 403 or (
            respuesta.status_code == 303 and respuesta.headers["location"].startswith("/entrar")
        )
    else:
        assert respuesta.status_code == 403
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _negaciones(session) == negaciones + 1
    assert not caso.hecho(session, registro)


@pytest.mark.parametrize(
    ("rol", "formularios"),
    [("anónimo", 0), ("administrador", 0), ("comisionado de Y", 1), ("jurídico de X", 1),
     ("secretaria", 3)],
)  # fmt: skip
def test_cada_quien_ve_el_formulario_de_su_garante(cliente_como, registro, rol, formularios):
    html = cliente_como(*ROLES[rol]).get(f"/criterios-homologados/{registro['publicado']}").text
    assert html.count('class="formulario formulario-adhesion"') == formularios


@pytest.mark.parametrize("rol", ["anónimo", "comisionado de X", "jurídico de Y", "administrador"])
def test_paginas_de_confirmacion_solo_para_quien_puede(cliente_como, registro, rol):
    cliente = cliente_como(*ROLES[rol])
    for url in (
        f"/criterios-homologados/{registro['aprobado']}/publicar",
        f"/criterios-homologados/{registro['aprobado']}/superar",
        f"/criterios-homologados/{registro['publicado']}/superados?garante=col",
        f"/criterios-homologados/{registro['publicado']}/adhesiones/col",
    ):
        respuesta = cliente.get(url, follow_redirects=False)
        if rol == "anónimo":
            assert respuesta.status_code == 303
            assert respuesta.headers["location"].startswith("/entrar?siguiente=")
        else:
            assert respuesta.status_code == 403, url
