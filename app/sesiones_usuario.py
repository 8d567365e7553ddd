"""Server-side sessions: a random id in the cookie, only its hash in the table, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.models import SesionUsuario, Usuario
from app.settings import Settings
from criterios.models import ahora

# Writing the last use on every request would turn each page view into a write.
PRECISION_ULTIMO_USO = timedelta(seconds=60)


def nombre_cookie(settings: Settings) -> str:
    """Return the session cookie's name: ``__Host-`` prefixed when served over HTTPS."""
    return "__Host-homologa_sesion" if settings.https else "homologa_sesion"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def iniciar_sesion(*, session: Session, usuario: Usuario, direccion: str | None = None) -> str:
    """Return the cookie value of a new session for ``usuario`` (256 random bits)."""
    token = secrets.token_urlsafe(32)
    assert usuario.id is not None
    session.add(
        SesionUsuario(id_hash=_hash(token), usuario_id=usuario.id, direccion=(direccion or "")[:64])
    )
    return token


def _limites(settings: Settings) -> tuple[datetime, datetime]:
    momento = ahora()
    return (
        momento - timedelta(minutes=settings.sesion_inactividad_min),
        momento - timedelta(hours=settings.sesion_duracion_max_h),
    )


def buscar_sesion(
    *, session: Session, token: str, settings: Settings
) -> tuple[SesionUsuario, Usuario] | None:
    """Return the live session of that cookie value and its active user, or None.

    An expired session is deleted on sight; a live one has its last use refreshed (the
    caller commits).
    """
    if not token or len(token) > 100:
        return None
    fila = session.exec(
        select(SesionUsuario, Usuario)
        .join(Usuario, col(Usuario.id) == SesionUsuario.usuario_id)
        .where(SesionUsuario.id_hash == _hash(token))
    ).first()
    if fila is None:
        return None
    sesion_usuario, usuario = fila
    inactiva_desde, creada_antes_de = _limites(settings)
    vencida = sesion_usuario.ultimo_uso < inactiva_desde or (
        sesion_usuario.creada_en < creada_antes_de
    )
    if vencida or not usuario.activo:
        session.delete(sesion_usuario)
        return None
    if ahora() - sesion_usuario.ultimo_uso > PRECISION_ULTIMO_USO:
        sesion_usuario.ultimo_uso = ahora()
        session.add(sesion_usuario)
    return sesion_usuario, usuario


def cerrar_sesion(*, session: Session, token: str) -> None:
    """End the session of that cookie value on the server (the caller commits)."""
    session.exec(delete(SesionUsuario).where(col(SesionUsuario.id_hash) == _hash(token)))


def cerrar_sesiones_de(*, session: Session, usuario_id: int, excepto: int | None = None) -> None:
    """End every session of a user, except the one with id ``excepto`` (the caller commits)."""
    consulta = delete(SesionUsuario).where(col(SesionUsuario.usuario_id) == usuario_id)
    if excepto is not None:
        consulta = consulta.where(col(SesionUsuario.id) != excepto)
    session.exec(consulta)


def purgar_vencidas(*, session: Session, settings: Settings) -> None:
    """Delete every expired session (the caller commits)."""
    inactiva_desde, creada_antes_de = _limites(settings)
    session.exec(
        delete(SesionUsuario).where(
            or_(
                col(SesionUsuario.ultimo_uso) < inactiva_desde,
                col(SesionUsuario.creada_en) < creada_antes_de,
            )
        )
    )


def poner_cookie(response: Response, token: str, settings: Settings) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure and ``__Host-`` over HTTPS."""
    response.set_cookie(
        nombre_cookie(settings),
        token,
        max_age=settings.sesion_duracion_max_h * 3600,
        path="/",
        secure=settings.https,
        httponly=True,
        samesite="lax",
    )


def borrar_cookie(response: Response, settings: Settings) -> None:
    """Tell the browser to drop the session cookie."""
    response.delete_cookie(
        nombre_cookie(settings), path="/", secure=settings.https, httponly=True, samesite="lax"
    )
