"""The one authorization policy: may this user do this action on this object.

``REGLAS`` is the whole policy as a table (documented in docs/permisos.md): for each action,
the roles that may do it on any garante, and the roles that may do it only on their own
garante. Anonymous visitors and deactivated accounts may do no action; what the public may
read (public catalogs) is decided by ``puede_ver_catalogo``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request

from app import bitacora
from app.autenticacion import usuario_actual
from app.models import Usuario
from app.web import get_session
from criterios.models import Garante


@dataclass(frozen=True)
class Regla:
    """Who may do an action: on every garante, or only on the garante they belong to."""

    en_todos: frozenset[str]
    en_el_propio: frozenset[str] = frozenset()
    descripcion: str = ""


def _regla(en_todos: str, en_el_propio: str = "", descripcion: str = "") -> Regla:
    return Regla(frozenset(en_todos.split()), frozenset(en_el_propio.split()), descripcion)


REGLAS: dict[str, Regla] = {
    "criterio.crear": _regla("administrador", "juridico", "dar de alta criterios"),
    "criterio.editar": _regla("administrador", "juridico", "editar criterios"),
    "procedimiento.crear": _regla("administrador", "juridico", "dar de alta procedimientos"),
    "procedimiento.editar": _regla("administrador", "juridico", "editar procedimientos"),
    "procedimiento.corregir_alineacion": _regla(
        "administrador", "juridico", "corregir la alineación de etapas"
    ),
    "importar": _regla("administrador", "juridico", "importar registros"),
    # The comparator's actions are the comparador engineer's call: regional staff runs it.
    "comparacion.iniciar": _regla("secretaria juridico", "", "iniciar comparaciones"),
    # A divergence touches two garantes; a juridico of either one may review it.
    "divergencia.revisar": _regla("secretaria", "juridico", "revisar divergencias"),
    "catalogo.ver_privado": _regla(
        "administrador secretaria", "juridico comisionado", "consultar catálogos no públicos"
    ),
    "garante.administrar": _regla("administrador", "", "administrar garantes"),
    "ajustes.administrar": _regla(
        "administrador", "", "cambiar las reglas de las mesas (quórum y numeración)"
    ),
    "usuarios.administrar": _regla("administrador", "", "administrar cuentas"),
    "bitacora.ver": _regla("administrador secretaria", "", "consultar la bitácora"),
    # Internal work in progress (propuestas, proyectos, borradores): any active account.
    "acceso.interno": _regla(
        "administrador secretaria", "comisionado juridico", "consultar el trabajo interno"
    ),
    # Mesas de análisis (sesiones/): comisionados propose and vote for their own garante;
    # the secretaría técnica runs the mesas and their follow-up.
    "propuesta.crear": _regla("", "comisionado", "proponer temas"),
    "propuesta.apoyar": _regla("", "comisionado", "apoyar propuestas de tema"),
    "propuesta.admitir": _regla("secretaria", "", "admitir o no admitir propuestas de tema"),
    "mesa.administrar": _regla(
        "secretaria", "", "convocar y conducir mesas (orden del día, asistencia, votaciones)"
    ),
    "voto.emitir": _regla("", "comisionado", "votar en nombre del garante"),
    "acuerdo.administrar": _regla("secretaria", "", "registrar acuerdos y darlos por cumplidos"),
    "acuerdo.reportar_avance": _regla(
        "secretaria", "comisionado juridico", "informar avances de acuerdos"
    ),
    "acta.aprobar": _regla("secretaria", "", "aprobar y corregir actas"),
    # Criterios homologados
    "proyecto.redactar": _regla(
        "secretaria", "juridico", "redactar proyectos de criterio homologado"
    ),
    "proyecto.observar": _regla(
        "", "juridico comisionado", "hacer observaciones a proyectos de criterio homologado"
    ),
    "observacion.resolver": _regla("secretaria", "", "marcar observaciones como atendidas"),
    "adhesion.actualizar": _regla(
        "secretaria", "comisionado juridico", "registrar la adhesión a criterios homologados"
    ),
    "criterio_homologado.publicar": _regla("secretaria", "", "publicar criterios homologados"),
}


def puede(usuario: Usuario | None, accion: str, *, garante_id: str | None = None) -> bool:
    """Return whether ``usuario`` may do ``accion`` (on ``garante_id``'s records, if given).

    Without ``garante_id`` the question is "on some garante": it decides whether to show a
    form or a link; the write itself must ask again with the garante it touches.
    """
    regla = REGLAS[accion]  # an unknown action is a programming error, never "allowed"
    if usuario is None or not usuario.activo or usuario.debe_cambiar_contrasena:
        return False
    if usuario.rol in regla.en_todos:
        return True
    if usuario.rol in regla.en_el_propio and usuario.garante_id:
        return garante_id is None or garante_id == usuario.garante_id
    return False


def puede_ver_catalogo(usuario: Usuario | None, garante: Garante) -> bool:
    """Return whether ``usuario`` (None: the public) may read ``garante``'s catalog."""
    return garante.catalogo_publico or puede(usuario, "catalogo.ver_privado", garante_id=garante.id)


def garantes_ocultos(request: Request) -> set[str]:
    """Return the ids of the garantes whose catalog this request's user may not read."""
    session = get_session(request)
    privados = session.exec(select(Garante).where(col(Garante.catalogo_publico).is_(False))).all()
    usuario = usuario_actual(request)
    return {g.id for g in privados if not puede_ver_catalogo(usuario, g)}


def autorizar(request: Request, accion: str, *, garante_id: str | None = None) -> None:
    """Return None when the action is allowed; otherwise log it and refuse.

    An anonymous visitor asking for a page (GET) is sent to /entrar and back; any other
    refusal is a 403 whose attempt goes to the bitácora.
    """
    usuario = usuario_actual(request)
    if puede(usuario, accion, garante_id=garante_id):
        return
    _negar(request, accion, garante_id=garante_id)


def autorizar_garantes(request: Request, accion: str, garante_ids: Iterable[str]) -> None:
    """Return None when ``accion`` is allowed on every garante; else a 403 naming the others."""
    usuario = usuario_actual(request)
    negados = sorted({g for g in garante_ids if not puede(usuario, accion, garante_id=g)})
    if not negados:
        return
    session = get_session(request)
    nombres = []
    for garante_id in negados:
        garante = session.get(Garante, garante_id)
        nombres.append(f"{garante.nombre} ({garante_id})" if garante else garante_id)
    mensaje = (
        f"Su cuenta no puede {REGLAS[accion].descripcion} de: {', '.join(nombres)}. "
        "No se guardó nada."
    )
    _negar(request, accion, garante_id=", ".join(negados), mensaje=mensaje)


def autorizar_lectura(request: Request, garante: Garante) -> None:
    """Return None when this request's user may read ``garante``'s catalog; refuse otherwise."""
    if puede_ver_catalogo(usuario_actual(request), garante):
        return
    _negar(
        request,
        "catalogo.ver_privado",
        garante_id=garante.id,
        mensaje="El catálogo de este garante no es público; solo su personal puede consultarlo.",
    )


class EntradaRequerida(Exception):
    """An anonymous visitor asked for a page that needs an account (handled as a redirect)."""

    def __init__(self, siguiente: str) -> None:
        self.siguiente = siguiente


def url_de_entrada(siguiente: str) -> str:
    """Return the login URL that comes back to ``siguiente`` afterwards."""
    return "/entrar?siguiente=" + quote(siguiente, safe="/")


def _negar(
    request: Request, accion: str, *, garante_id: str | None, mensaje: str | None = None
) -> None:
    usuario = usuario_actual(request)
    if usuario is None and request.method in ("GET", "HEAD"):
        ruta = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise EntradaRequerida(ruta)
    session = get_session(request)
    # Nothing has been written yet when a handler asks, so this commit holds only the entry.
    session.rollback()
    bitacora.registrar(
        session=session,
        accion="autorizacion.denegada",
        objeto_tipo="accion",
        objeto_id=accion,
        resumen=(
            f"Sin permiso para {accion}"
            + (f" en {garante_id}" if garante_id else "")
            + f" ({request.method} {request.url.path})."
        ),
        detalles={"accion": accion, "garante": garante_id, "ruta": request.url.path},
        direccion=request.client.host if request.client else None,
    )
    session.commit()
    if usuario is None:
        mensaje = "Necesita entrar con su cuenta para realizar esta acción."
    raise HTTPException(
        status_code=403, detail=mensaje or "Su cuenta no tiene permiso para realizar esta acción."
    )
