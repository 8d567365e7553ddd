"""How pages name garantes and people: one query each per page, no e-mail for the public.

A page that lists who did what (responsables of an acuerdo, authors of avances) builds one
``Nombres`` for all its rows. Signed-in staff may see an account's e-mail when it has no
name; the public sees the role and garante instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select
from starlette.requests import Request

from app.autenticacion import usuario_actual
from app.models import Usuario
from app.permisos import puede
from criterios import consultas
from criterios.models import Garante


def es_interno(request: Request) -> bool:
    """Return whether the request's user may see internal work (any active account)."""
    return puede(usuario_actual(request), "acceso.interno")


def nombre_de_persona(usuario: Usuario | None, *, interno: bool) -> str:
    """Return how a person is named: their name; the public never sees an e-mail address."""
    if usuario is None:
        return "una cuenta que ya no existe"
    if usuario.nombre:
        return usuario.nombre
    if interno:
        return usuario.correo
    return usuario.nombre_rol + (f" ({usuario.garante_id})" if usuario.garante_id else "")


@dataclass(frozen=True)
class Nombres:
    """The garantes and accounts a page names, and whether its reader is internal."""

    garantes: dict[str, Garante]
    usuarios: dict[int, Usuario]
    interno: bool

    def garante(self, garante_id: str) -> str:
        """Return the garante's siglas (or nombre)."""
        return consultas.nombre_corto(garante_id, self.garantes)

    def persona(self, usuario_id: int | None) -> str:
        """Return the account's name as this page's reader may see it."""
        if usuario_id is None:
            return ""
        return nombre_de_persona(self.usuarios.get(usuario_id), interno=self.interno)


def nombres_para(request: Request, session: Session, usuario_ids: Iterable[int]) -> Nombres:
    """Return the names a page needs: every garante, and the accounts ``usuario_ids``."""
    ids = set(usuario_ids)
    usuarios = (
        {u.id: u for u in session.exec(select(Usuario).where(col(Usuario.id).in_(ids))) if u.id}
        if ids
        else {}
    )
    return Nombres(
        garantes=consultas.garantes_por_id(session=session),
        usuarios=usuarios,
        interno=es_interno(request),
    )
