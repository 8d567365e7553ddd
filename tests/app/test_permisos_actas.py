"""The acta's writes (approve, correct) run as every role, and who reads the borrador.

Only the secretaría técnica approves and corrects actas (``acta.aprobar``). Where the
policy says no, the answer is 403 (or, for the public, a 403 or a trip to /entrar),
nothing is written, and the refusal of a signed-in user is in the bitácora.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, func, select

from app.models import EventoBitacora
from sesiones import actas
from sesiones.models import Acta, Mesa
from tests.factories import contar
from tests.sesiones.registro_de_mesa import crear_registro

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
    "jurídico de Y": ("juridico", "ags"),
}
APRUEBAN = {"secretaria"}

RUTAS_CUBIERTAS = {"/mesas/{id}/acta/aprobar", "/mesas/{id}/acta/corregir"}


@dataclass
class Caso:
    """A write route: its URL, the form, who may, the bitácora entry of a success."""

    url: str
    datos: dict[str, Any]
    permitidos: set[str]
    accion: str
    aprobada_antes: bool = False


CASOS = {
    "acta.aprobar": Caso("/mesas/{mesa}/acta/aprobar", {"confirmo": "si"}, APRUEBAN,
                         "acta.aprobar"),
    "acta.corregir": Caso("/mesas/{mesa}/acta/corregir", {"motivo": "Faltó un representante."},
                          APRUEBAN, "acta.corregir", aprobada_antes=True),
}  # fmt: skip


def _contar_eventos(session: Session, accion: str) -> int:
    session.expire_all()
    return session.exec(select(func.count()).where(EventoBitacora.accion == accion)).one()


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_escritura_del_acta_por_rol(cliente_como, session, accion, rol):
    caso = CASOS[accion]
    registro = crear_registro(session)
    mesa = registro.mesa
    if caso.aprobada_antes:
        actas.aprobar(session=session, mesa=mesa, usuario_id=None, renderizar=lambda d: "<p></p>")
        session.commit()
    cliente = cliente_como(*ROLES[rol])
    antes = contar(session, Acta)
    negaciones = _contar_eventos(session, "autorizacion.denegada")
    respuesta = cliente.post(caso.url.format(mesa=mesa.id), data=caso.datos, follow_redirects=False)

    if rol in caso.permitidos:
        assert respuesta.status_code == 303, respuesta.text[:2000]
        assert contar(session, Acta) == antes + 1
        assert _contar_eventos(session, caso.accion) == 1
        return
    if rol == "anónimo":
        assert respuesta.status_code == 403 or (
            respuesta.status_code == 303 and respuesta.headers["location"].startswith("/entrar")
        )
    else:
        assert respuesta.status_code == 403
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _contar_eventos(session, "autorizacion.denegada") == negaciones + 1
    assert contar(session, Acta) == antes
    assert _contar_eventos(session, caso.accion) == 0
    session.expire_all()
    assert actas.hay_borrador(session=session, mesa=session.get(Mesa, mesa.id)) is not (
        caso.aprobada_antes
    )


@pytest.mark.parametrize("rol", list(ROLES))
def test_quien_lee_el_borrador_del_acta(cliente_como, session, rol):
    mesa = crear_registro(session).mesa
    cliente = cliente_como(*ROLES[rol])
    respuesta = cliente.get(f"/mesas/{mesa.id}/acta", follow_redirects=False)
    if rol == "anónimo":
        assert respuesta.status_code == 404
        return
    assert respuesta.status_code == 200
    assert "BORRADOR" in respuesta.text
    assert (f'action="/mesas/{mesa.id}/acta/aprobar"' in respuesta.text) is (rol in APRUEBAN)
