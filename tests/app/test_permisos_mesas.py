"""Every write route of the mesas and their orden del día run as every role (as in
``test_permisos_rutas``).

Only the secretaría técnica administers mesas (``mesa.administrar``); the administración,
the comisionados and the jurídicos of any garante, and the public may not. A refusal is a
403 (or, for the public, a trip to /entrar), writes nothing, and a signed-in user's refusal
is in the bitácora. The mesa acted on is a borrador, which only the secretaría can see:
the others are refused before the mesa is looked up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from app.models import EventoBitacora
from sesiones.models import Mesa, PuntoOrden
from tests.factories import contar, crear_garante, crear_mesa, crear_punto

RUTAS_CUBIERTAS = {
    "/mesas/nueva",
    "/mesas/{id}/editar",
    "/mesas/{id}/convocar",
    "/mesas/{id}/iniciar",
    "/mesas/{id}/concluir",
    "/mesas/{id}/cancelar",
    "/mesas/{id}/puntos",
    "/mesas/{id}/puntos/{punto}/mover",
    "/mesas/{id}/puntos/{punto}/quitar",
    "/mesas/{id}/puntos/{punto}/editar",
}

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
    "jurídico de Y": ("juridico", "ags"),
}
SECRETARIA = {"secretaria"}
DATOS_MESA = {
    "titulo": "Mesa de plazos",
    "fecha": "2026-12-10",
    "hora": "10:00",
    "modalidad": "virtual",
    "sede": "jal",
    "enlace": "https://reuniones.example.mx/crco",
}


@dataclass
class Caso:
    """A write route: the mesa it acts on, the data, and what success looks like."""

    url: str
    datos: dict[str, Any]
    estado: str  # of the mesa before the request
    # The state the mesa reaches, or (model, rows added) — checked on success and refusal.
    despues: str | None = None
    cuenta: tuple[type, int] | None = None


CASOS = {
    "crear": Caso("/mesas/nueva", DATOS_MESA, "borrador", cuenta=(Mesa, 1)),
    "editar": Caso("/mesas/{mesa}/editar", {**DATOS_MESA, "titulo": "Otro título"}, "borrador"),
    "convocar": Caso("/mesas/{mesa}/convocar", {}, "borrador", despues="convocada"),
    "iniciar": Caso("/mesas/{mesa}/iniciar", {}, "convocada", despues="en_curso"),
    "concluir": Caso("/mesas/{mesa}/concluir", {}, "en_curso", despues="concluida"),
    "cancelar": Caso("/mesas/{mesa}/cancelar", {"motivo": "Sin sede."}, "borrador",
                     despues="cancelada"),
    "agregar_punto": Caso("/mesas/{mesa}/puntos", {"tipo": "libre", "titulo": "Otro punto"},
                          "borrador", cuenta=(PuntoOrden, 1)),
    "mover_punto": Caso("/mesas/{mesa}/puntos/{segundo}/mover", {"direccion": "arriba"},
                        "borrador"),
    "quitar_punto": Caso("/mesas/{mesa}/puntos/{punto}/quitar", {}, "borrador",
                         cuenta=(PuntoOrden, -1)),
    "editar_punto": Caso("/mesas/{mesa}/puntos/{punto}/editar",
                         {"titulo": "Plazos (revisado)", "regla": "unanimidad"}, "borrador"),
}  # fmt: skip


def _preparar(session: Session, estado: str) -> dict[str, int]:
    for garante in ("jal", "ags"):
        crear_garante(session, garante)
    mesa = crear_mesa(session, estado=estado)
    punto = crear_punto(session, mesa, titulo="Plazos")
    segundo = crear_punto(session, mesa, titulo="Datos personales")
    return {"mesa": mesa.id, "punto": punto.id, "segundo": segundo.id}


def _negaciones(session: Session) -> int:
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


def _escrituras(session: Session) -> int:
    """Return how many writes on mesas the bitácora holds."""
    session.expire_all()
    consulta = select(func.count()).where(col(EventoBitacora.accion).startswith("mesa."))
    return session.exec(consulta).one()


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_ruta_de_escritura_por_rol(
    cliente_como: Callable[..., Any], session: Session, accion: str, rol: str
) -> None:
    caso = CASOS[accion]
    ids = _preparar(session, caso.estado)
    cliente = cliente_como(*ROLES[rol])
    antes = contar(session, caso.cuenta[0]) if caso.cuenta else None
    negaciones = _negaciones(session)
    respuesta = cliente.post(caso.url.format(**ids), data=caso.datos, follow_redirects=False)
    mesa = session.get(Mesa, ids["mesa"])
    assert mesa is not None
    session.refresh(mesa)

    if rol in SECRETARIA:
        assert respuesta.status_code == 303, respuesta.text[:2000]
        assert respuesta.headers["location"].startswith("/mesas/")
        if caso.despues:
            assert mesa.estado == caso.despues
        if caso.cuenta:
            assert contar(session, caso.cuenta[0]) == antes + caso.cuenta[1]
        assert _escrituras(session) == 1
        return
    if rol == "anónimo":
        assert respuesta.status_code == 403 or (
            respuesta.status_code == 303 and respuesta.headers["location"].startswith("/entrar")
        )
    else:
        assert respuesta.status_code == 403
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _negaciones(session) == negaciones + 1
    assert mesa.estado == caso.estado
    if caso.cuenta:
        assert contar(session, caso.cuenta[0]) == antes
    assert _escrituras(session) == 0


@pytest.mark.parametrize("rol", [r for r in ROLES if r not in SECRETARIA])
@pytest.mark.parametrize(
    "url",
    ["/mesas/nueva", "/mesas/{mesa}/editar", "/mesas/{mesa}/convocar",
     "/mesas/{mesa}/puntos/{punto}/quitar", "/mesas/{mesa}/puntos/{punto}/editar"],
)  # fmt: skip
def test_los_formularios_tampoco_se_muestran(
    cliente_como: Callable[..., Any], session: Session, rol: str, url: str
) -> None:
    ids = _preparar(session, "borrador")
    respuesta = cliente_como(*ROLES[rol]).get(url.format(**ids), follow_redirects=False)
    if rol == "anónimo":
        assert respuesta.status_code == 303
        assert respuesta.headers["location"].startswith("/entrar")
    else:
        assert respuesta.status_code == 403
