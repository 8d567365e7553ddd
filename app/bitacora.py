"""The bitácora (audit log): explicit entries, and catalog writes audited at commit time.

The authentication middleware puts an ``Actor`` in ``session.info["bitacora_actor"]`` of the
request's database session. From then on every change to a garante, criterio,
procedimiento or stage-alignment correction made through that session is summarized
(before/after of the changed fields) and written in the same transaction as the change.
A commit with more than ``LIMITE_DETALLE`` changes (an import) becomes a single entry with
counts instead of thousands of lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session, SQLModel

from app.models import EventoBitacora
from criterios.models import CorreccionEtapa, Criterio, Etapa, Garante, Procedimiento

LIMITE_DETALLE = 20
MAX_TEXTO = 1000
IGNORADOS = frozenset({"actualizado_en", "version", "id", "creado_en"})
CLAVE_ACTOR = "bitacora_actor"
CLAVE_PENDIENTES = "bitacora_pendientes"
# Set by a handler that writes in bulk, to name the summary entry (e.g. "importar").
CLAVE_ACCION_LOTE = "bitacora_accion_lote"

NOMBRES_OBJETO = {
    "criterio": ("criterio", "criterios"),
    "procedimiento": ("procedimiento", "procedimientos"),
    "garante": ("garante", "garantes"),
    "alineacion": ("corrección de alineación", "correcciones de alineación"),
}
# What an "alta" entry shows of the new object.
CAMPOS_DE_ALTA = ("nombre", "rubro", "etapa", "fila")
VERBOS = {"crear": "alta", "editar": "edición", "eliminar": "baja"}


@dataclass(frozen=True)
class Actor:
    """Who is acting through a database session."""

    usuario_id: int | None
    correo: str | None
    direccion: str | None = None


def registrar(
    *,
    session: Session,
    accion: str,
    usuario_id: int | None = None,
    usuario_correo: str | None = None,
    objeto_tipo: str | None = None,
    objeto_id: str | None = None,
    resumen: str = "",
    detalles: dict[str, Any] | None = None,
    direccion: str | None = None,
) -> EventoBitacora:
    """Return a new entry added to ``session`` (the caller commits); the actor is the default."""
    actor: Actor | None = session.info.get(CLAVE_ACTOR)
    if actor is not None:
        usuario_id = usuario_id if usuario_id is not None else actor.usuario_id
        usuario_correo = usuario_correo or actor.correo
        direccion = direccion or actor.direccion
    evento = EventoBitacora(
        accion=accion,
        usuario_id=usuario_id,
        usuario_correo=usuario_correo,
        objeto_tipo=objeto_tipo,
        objeto_id=(objeto_id or None) and objeto_id[:200],
        resumen=resumen,
        detalles=detalles,
        direccion=(direccion or None) and direccion[:64],
    )
    session.add(evento)
    return evento


def _valor(valor: Any) -> Any:
    if isinstance(valor, date | datetime):
        return valor.isoformat()
    if isinstance(valor, str) and len(valor) > MAX_TEXTO:
        return valor[:MAX_TEXTO] + "…"
    return valor


def _identidad(objeto: SQLModel, session: Session) -> tuple[str, str] | None:
    """Return (objeto_tipo, objeto_id) of an audited object, None for the rest."""
    if isinstance(objeto, Criterio | Procedimiento):
        tipo = "criterio" if isinstance(objeto, Criterio) else "procedimiento"
        return tipo, f"{objeto.garante_id}/{objeto.id_externo}"
    if isinstance(objeto, Garante):
        return "garante", objeto.id
    if isinstance(objeto, CorreccionEtapa):
        return "alineacion", f"{objeto.garante_id}/{objeto.procedimiento_id_externo}"
    if isinstance(objeto, Etapa) and objeto.procedimiento_id is not None:
        # A stage's change is its procedure's edit (a new procedure's stages are its creation).
        with session.no_autoflush:
            procedimiento = session.get(Procedimiento, objeto.procedimiento_id)
        if procedimiento is not None:
            return "procedimiento", f"{procedimiento.garante_id}/{procedimiento.id_externo}"
    return None


def _cambios(objeto: SQLModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (antes, despues) of the attributes that changed in this flush."""
    antes: dict[str, Any] = {}
    despues: dict[str, Any] = {}
    for atributo in inspect(objeto).attrs:
        if atributo.key in IGNORADOS:
            continue
        historia = atributo.history
        if historia.has_changes() and historia.deleted:
            viejo = historia.deleted[0]
            nuevo = historia.added[0] if historia.added else None
            if viejo != nuevo:
                antes[atributo.key] = _valor(viejo)
                despues[atributo.key] = _valor(nuevo)
    return antes, despues


@event.listens_for(Session, "before_flush")
def _anotar_cambios(session: Session, _contexto: Any, _instancias: Any) -> None:
    if session.info.get(CLAVE_ACTOR) is None:
        return
    pendientes: dict[tuple[str, str], dict[str, Any]] = session.info.setdefault(
        CLAVE_PENDIENTES, {}
    )
    for tipo_cambio, objetos in (
        ("crear", session.new),
        ("editar", session.dirty),
        ("eliminar", session.deleted),
    ):
        for objeto in list(objetos):
            identidad = _identidad(objeto, session)
            if identidad is None:
                continue
            antes: dict[str, Any]
            despues: dict[str, Any]
            if isinstance(objeto, Etapa):
                tipo_cambio_real, antes, despues = "editar", {}, {"etapas": "modificadas"}
            elif tipo_cambio == "editar":
                tipo_cambio_real = tipo_cambio
                antes, despues = _cambios(objeto)
                if not despues:
                    continue
            else:
                tipo_cambio_real, antes, despues = tipo_cambio, {}, {}
                if tipo_cambio == "crear":
                    despues = {
                        campo: _valor(getattr(objeto, campo))
                        for campo in CAMPOS_DE_ALTA
                        if getattr(objeto, campo, None)
                    }
            anterior = pendientes.get(identidad)
            if anterior is None:
                pendientes[identidad] = {
                    "cambio": tipo_cambio_real,
                    "antes": antes,
                    "despues": despues,
                }
                continue
            # Several flushes in one transaction make one entry: first "antes", last "después".
            for campo, valor in antes.items():
                anterior["antes"].setdefault(campo, valor)
            anterior["despues"].update(despues)
            if tipo_cambio_real == "eliminar":
                anterior["cambio"] = "eliminar"


@event.listens_for(Session, "do_orm_execute")
def _anotar_inserciones_en_bloque(estado: ORMExecuteState) -> None:
    # The import inserts new criterios as plain rows (no ORM instances, no before_flush).
    session = estado.session
    if not estado.is_insert or session.info.get(CLAVE_ACTOR) is None:
        return
    if getattr(getattr(estado.statement, "table", None), "name", None) != "criterio":
        return
    parametros: Any = estado.parameters
    filas = [parametros] if isinstance(parametros, dict) else list(parametros or [])
    pendientes = session.info.setdefault(CLAVE_PENDIENTES, {})
    for fila in filas:
        identidad = ("criterio", f"{fila.get('garante_id')}/{fila.get('id_externo')}")
        despues = {"rubro": _valor(fila.get("rubro"))} if fila.get("rubro") else {}
        pendientes.setdefault(identidad, {"cambio": "crear", "antes": {}, "despues": despues})


@event.listens_for(Session, "before_commit")
def _escribir_pendientes(session: Session) -> None:
    if session.info.get(CLAVE_ACTOR) is not None and (
        session.new or session.dirty or session.deleted
    ):
        # commit() flushes only after this hook: flush now so every change is noted.
        session.flush()
    pendientes = session.info.pop(CLAVE_PENDIENTES, None)
    accion_lote = session.info.pop(CLAVE_ACCION_LOTE, None)
    if not pendientes:
        return
    if len(pendientes) > LIMITE_DETALLE or accion_lote:
        conteos = Counter(f"{tipo}.{datos['cambio']}" for (tipo, _), datos in pendientes.items())
        registrar(
            session=session,
            accion=accion_lote or "lote",
            objeto_tipo="lote",
            resumen=_resumen_lote(conteos),
            detalles={
                "conteos": dict(conteos),
                "objetos": [f"{tipo}:{id_}" for tipo, id_ in list(pendientes)[:100]],
            },
        )
        return
    for (tipo, objeto_id), datos in pendientes.items():
        singular = NOMBRES_OBJETO[tipo][0]
        campos = ", ".join(datos["despues"]) if datos["cambio"] == "editar" else ""
        resumen = f"{VERBOS[datos['cambio']].capitalize()} de {singular} {objeto_id}"
        resumen += f"; campos: {campos}." if campos else "."
        registrar(
            session=session,
            accion=f"{tipo}.{datos['cambio']}",
            objeto_tipo=tipo,
            objeto_id=objeto_id,
            resumen=resumen,
            detalles={"antes": datos["antes"], "despues": datos["despues"]},
        )


@event.listens_for(Session, "after_soft_rollback")
def _olvidar_pendientes(session: Session, _transaccion: Any) -> None:
    session.info.pop(CLAVE_PENDIENTES, None)
    session.info.pop(CLAVE_ACCION_LOTE, None)


def _resumen_lote(conteos: Counter[str]) -> str:
    partes = []
    for clave, cantidad in sorted(conteos.items()):
        tipo, cambio = clave.split(".")
        nombre = NOMBRES_OBJETO[tipo][0 if cantidad == 1 else 1]
        partes.append(f"{cantidad} {nombre} ({VERBOS[cambio]})")
    return "Cambios en lote: " + ", ".join(partes) + "."


def marcar_lote(session: Session, accion: str) -> None:
    """Make the next commit of ``session`` one summary entry named ``accion``."""
    session.info[CLAVE_ACCION_LOTE] = accion
