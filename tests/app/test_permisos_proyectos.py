"""Every write route of the proyectos de criterio homologado run as every role.

Drafting (new proyecto, new version, sources) is for the secretaría and the jurídicos of
any garante; observaciones for the jurídico or comisionado of any garante; marking them
for the secretaría. Where the policy says no, the answer is 403 (or, for the public, a
403 or a trip to /entrar), nothing is written and the refusal of a signed-in user is in
the bitácora.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, func, select

from app.models import EventoBitacora
from sesiones.models import (
    CriterioHomologado,
    FuenteCriterioHomologado,
    Observacion,
    VersionCriterioHomologado,
)
from tests.factories import contar, crear_criterio, crear_garante, crear_proyecto

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
    "jurídico de Y": ("juridico", "ags"),
}
REDACTAN = {"secretaria", "jurídico de X", "jurídico de Y"}
OBSERVAN = {"comisionado de X", "jurídico de X", "comisionado de Y", "jurídico de Y"}
RESUELVEN = {"secretaria"}
CON_CUENTA = set(ROLES) - {"anónimo"}

RUTAS_CUBIERTAS = {
    "/proyectos/nuevo",
    "/proyectos/{id}",
    "/proyectos/{id}/fuentes",
    "/proyectos/{id}/observaciones",
    "/proyectos/{id}/observaciones/{obs}",
}


@dataclass
class Caso:
    """A write route: its URL, the form, who may, and the rows a success adds."""

    url: str
    datos: dict[str, Any]
    permitidos: set[str]
    cuenta: tuple[type, int]
    exito: int = 303


CASOS = {
    "proyecto.crear": Caso(
        "/proyectos/nuevo", {"rubro": "RUBRO.", "texto": "Texto."}, REDACTAN,
        (CriterioHomologado, 1),
    ),
    "proyecto.guardar_version": Caso(
        "/proyectos/{proyecto}", {"rubro": "RUBRO.", "texto": "Texto cambiado.",
                                  "version_base": "1"},
        REDACTAN, (VersionCriterioHomologado, 1),
    ),
    "proyecto.fuente_agregar": Caso(
        "/proyectos/{proyecto}/fuentes", {"accion": "agregar", "criterio": "jal-07"}, REDACTAN,
        (FuenteCriterioHomologado, 1),
    ),
    "proyecto.fuente_quitar": Caso(
        "/proyectos/{proyecto}/fuentes", {"accion": "quitar", "criterio": "{criterio_ags}"},
        REDACTAN, (FuenteCriterioHomologado, -1),
    ),
    "observacion.crear": Caso(
        "/proyectos/{proyecto}/observaciones", {"observacion": "Falta el fundamento."},
        OBSERVAN, (Observacion, 1),
    ),
    "observacion.resolver": Caso(
        "/proyectos/{proyecto}/observaciones/{observacion}", {"estado": "atendida"},
        RESUELVEN, (Observacion, 0),
    ),
}  # fmt: skip


@pytest.fixture
def registro(session: Session) -> dict[str, int]:
    """Garantes X (jal) and Y (ags), a criterio of each, a proyecto whose only source is
    Y's criterio, and one pending observación of X."""
    crear_garante(session, "jal")
    crear_garante(session, "ags")
    crear_criterio(session, "jal", "jal-07")
    ags = crear_criterio(session, "ags", "ags-01")
    proyecto = crear_proyecto(session, rubro="RUBRO.", texto="Texto.")
    session.add(FuenteCriterioHomologado(criterio_homologado_id=proyecto.id, criterio_id=ags.id))
    observacion = Observacion(
        criterio_homologado_id=proyecto.id, version=1, garante_id="jal", texto="¿Y el plazo?"
    )
    session.add(observacion)
    session.commit()
    assert proyecto.id is not None and ags.id is not None and observacion.id is not None
    return {"proyecto": proyecto.id, "criterio_ags": ags.id, "observacion": observacion.id}


def _negaciones(session: Session) -> int:
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


def _entradas(session: Session, accion: str) -> int:
    session.expire_all()
    return session.exec(select(func.count()).where(EventoBitacora.accion == accion)).one()


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_ruta_de_escritura_por_rol(
    cliente_como: Callable[..., Any], session: Session, registro: dict[str, int], accion, rol
):
    caso = CASOS[accion]
    cliente = cliente_como(*ROLES[rol])
    url = caso.url.format(**registro)
    datos = {k: str(v).format(**registro) for k, v in caso.datos.items()}
    modelo, cambio = caso.cuenta
    antes = contar(session, modelo)
    negaciones = _negaciones(session)
    respuesta = cliente.post(url, data=datos, follow_redirects=False)

    if rol in caso.permitidos:
        assert respuesta.status_code == caso.exito, respuesta.text[:2000]
        assert contar(session, modelo) == antes + cambio
        assert _entradas(session, accion) == 1
        if accion == "observacion.resolver":
            assert session.get(Observacion, registro["observacion"]).estado == "atendida"
        return
    if rol == "anónimo":
        assert respuesta.status_code == 403 or (
            respuesta.status_code == 303 and respuesta.headers["location"].startswith("/entrar")
        )
    else:
        assert respuesta.status_code == 403
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _negaciones(session) == negaciones + 1
    assert contar(session, modelo) == antes
    assert _entradas(session, accion) == 0
    assert session.get(Observacion, registro["observacion"]).estado == "pendiente"


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize(
    "url", ["/proyectos", "/proyectos/{proyecto}", "/proyectos/{proyecto}/versiones"]
)
def test_las_paginas_son_para_cuentas(cliente_como, registro, rol, url):
    respuesta = cliente_como(*ROLES[rol]).get(url.format(**registro), follow_redirects=False)
    if rol in CON_CUENTA:
        assert respuesta.status_code == 200
    else:
        assert respuesta.status_code == 303
        assert respuesta.headers["location"].startswith("/entrar?siguiente=/proyectos")


@pytest.mark.parametrize("rol", list(ROLES))
def test_el_formulario_nuevo_solo_para_quien_redacta(cliente_como, rol):
    respuesta = cliente_como(*ROLES[rol]).get("/proyectos/nuevo", follow_redirects=False)
    if rol in REDACTAN:
        assert respuesta.status_code == 200
    elif rol == "anónimo":
        assert respuesta.status_code == 303
    else:
        assert respuesta.status_code == 403
