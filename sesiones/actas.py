"""The acta of a mesa: a snapshot of its record, and its versions (borrador, aprobada).

``datos_del_acta`` reads the record of a concluded mesa (asistencia, quórum, orden del día
with notes, votaciones and deferrals, acuerdos) into plain JSON data; the acta's template
renders from that data alone. While the latest version is a borrador (or there is none yet)
the acta follows the record live. Approving it freezes the data and the HTML rendered from
it in that version's row; an approved row never changes again (``_proteger_aprobada``
refuses it). A correction opens version n+1 as a borrador, the record becomes editable
again (``sesiones.votaciones.registro_editable``), and approving it keeps every earlier
version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import column, event, inspect, table, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper
from sqlmodel import Session, col, select

from criterios.models import Garante, ahora
from sesiones.asistencia import asistencia_de_mesa
from sesiones.errores import TransicionNoPermitida
from sesiones.mesas import NOMBRES_MODALIDAD
from sesiones.models import Acta, Acuerdo, Mesa, PuntoOrden, ResponsableAcuerdo
from sesiones.orden_del_dia import puntos_de
from sesiones.quorum import (
    ETIQUETAS_REGLA,
    ETIQUETAS_RESULTADO,
    ETIQUETAS_SENTIDO,
    quorum_de_mesa,
)
from sesiones.votaciones import ETIQUETAS_ESTADO_PUNTO

# Version of the shape of ``datos``: an acta approved today must still render years later,
# so a template that changes the shape must keep reading the older ones.
FORMATO = 1
MAXIMO_MOTIVO = 2000
ETIQUETAS_TIPO_PUNTO = {
    "estandar": "Trámite",
    "propuesta": "Propuesta de tema",
    "grupo": "Grupo temático",
    "divergencia": "Divergencia",
    "proyecto": "Proyecto de criterio homologado",
    "libre": "Tema libre",
}

# The accounts' table, read for people's names only (``app.models`` is not ours to import).
_USUARIO = table("usuario", column("id"), column("nombre"))


# --- The snapshot ------------------------------------------------------------------------


def datos_del_acta(*, session: Session, mesa: Mesa) -> dict[str, Any]:
    """Return the record of ``mesa`` as JSON-serializable data, the only input of the acta.

    Dates are ISO strings; every code (estado, sentido, regla) comes with its label.
    """
    assert mesa.id is not None
    puntos = puntos_de(session=session, mesa_id=mesa.id)
    acuerdos = list(
        session.exec(
            select(Acuerdo)
            .where(Acuerdo.mesa_id == mesa.id)
            .order_by(col(Acuerdo.consecutivo), col(Acuerdo.id))
        )
    )
    responsables = _responsables(session, [a.id for a in acuerdos if a.id is not None])
    usuarios = _nombres_de_usuarios(
        session,
        [r.usuario_id for rs in responsables.values() for r in rs if r.usuario_id]
        + [
            voto.get("usuario")
            for p in puntos
            for voto in ((p.resultado_detalle or {}).get("votos") or {}).values()
        ],
    )
    garantes = {g.id: g for g in session.exec(select(Garante)).all()}
    acuerdos_de: dict[int | None, list[dict[str, Any]]] = {}
    for acuerdo in acuerdos:
        fila = _acuerdo(acuerdo, responsables.get(acuerdo.id, []), garantes, usuarios)
        acuerdos_de.setdefault(acuerdo.punto_id, []).append(fila)
    relacionados = _puntos_relacionados(session, puntos)
    quorum = quorum_de_mesa(session=session, mesa=mesa)
    version = ultima_version(session=session, mesa_id=mesa.id)
    return {
        "formato": FORMATO,
        "mesa": _mesa(mesa, garantes),
        "version": {
            "numero": version.version if version and version.estado == "borrador" else 1,
            "motivo_correccion": version.motivo_correccion
            if version and version.estado == "borrador"
            else None,
        },
        "asistencia": [
            {
                "garante_id": fila.garante.id,
                "garante": fila.garante.nombre,
                "siglas": fila.garante.siglas,
                "presente": fila.presente,
                "representantes": fila.representantes or None,
            }
            for fila in asistencia_de_mesa(session=session, mesa=mesa)
        ],
        "quorum": quorum.como_dict(),
        "puntos": [
            _punto(p, acuerdos_de.get(p.id, []), relacionados, garantes, usuarios) for p in puntos
        ],
        # Acuerdos not tied to a punto (the model allows it) still belong to the acta.
        "acuerdos_generales": acuerdos_de.get(None, []),
        "generada_en": ahora().isoformat(),
    }


def _iso(valor: date | datetime | None) -> str | None:
    return valor.isoformat() if valor is not None else None


def _nombre_garante(garantes: dict[str, Garante], garante_id: str) -> str:
    garante = garantes.get(garante_id)
    return garante.nombre if garante else garante_id


def _mesa(mesa: Mesa, garantes: dict[str, Garante]) -> dict[str, Any]:
    sede = garantes.get(mesa.sede_garante_id) if mesa.sede_garante_id else None
    return {
        "id": mesa.id,
        "numero": mesa.numero,
        "anio": mesa.anio,
        "titulo": mesa.titulo,
        "region": mesa.region,
        "fecha": _iso(mesa.fecha),
        "hora": mesa.hora.strftime("%H:%M") if mesa.hora else None,
        "modalidad": mesa.modalidad,
        "modalidad_texto": NOMBRES_MODALIDAD.get(mesa.modalidad, mesa.modalidad),
        "sede": {"id": sede.id, "nombre": sede.nombre} if sede else None,
        "enlace": mesa.enlace,
        "direccion": mesa.direccion,
        "iniciada_en": _iso(mesa.iniciada_en),
        "concluida_en": _iso(mesa.concluida_en),
    }


def _referencia(mesa: Mesa, punto: PuntoOrden) -> dict[str, Any]:
    return {
        "mesa_id": mesa.id,
        "mesa_numero": mesa.numero,
        "mesa_anio": mesa.anio,
        "mesa_titulo": mesa.titulo,
        "fecha": _iso(mesa.fecha),
        "punto": punto.orden,
    }


def _puntos_relacionados(session: Session, puntos: list[PuntoOrden]) -> dict[int, dict[str, Any]]:
    """Return, by punto id, where each deferred punto went and came from (with its mesa)."""
    ids = {i for p in puntos for i in (p.diferido_a_id, p.diferido_de_id) if i is not None}
    if not ids:
        return {}
    filas = session.exec(
        select(PuntoOrden, Mesa)
        .join(Mesa, col(Mesa.id) == col(PuntoOrden.mesa_id))
        .where(col(PuntoOrden.id).in_(ids))
    ).all()
    return {p.id: _referencia(m, p) for p, m in filas if p.id is not None}


def _enlace(punto: PuntoOrden) -> dict[str, Any] | None:
    """Return what the punto is about and the page that shows it (None for plain text)."""
    if punto.proyecto_id is not None:
        return {
            "texto": f"Proyecto n.º {punto.proyecto_id}",
            "url": f"/proyectos/{punto.proyecto_id}",
        }
    if punto.propuesta_id is not None:
        return {
            "texto": f"Propuesta n.º {punto.propuesta_id}",
            "url": f"/propuestas/{punto.propuesta_id}",
        }
    if punto.divergencia_clave:
        # A divergencia's row changes with every comparator run; its grupo's clave is stable.
        url = f"/grupos/{punto.grupo_clave}" if punto.grupo_clave else None
        return {"texto": f"Divergencia {punto.divergencia_clave}", "url": url}
    if punto.grupo_clave:
        return {
            "texto": f"Grupo temático {punto.grupo_clave}",
            "url": f"/grupos/{punto.grupo_clave}",
        }
    return None


def _punto(
    punto: PuntoOrden,
    acuerdos: list[dict[str, Any]],
    relacionados: dict[int, dict[str, Any]],
    garantes: dict[str, Garante],
    usuarios: dict[int, str],
) -> dict[str, Any]:
    return {
        "orden": punto.orden,
        "titulo": punto.titulo,
        "descripcion": punto.descripcion,
        "tipo": punto.tipo,
        "tipo_texto": ETIQUETAS_TIPO_PUNTO.get(punto.tipo, punto.tipo),
        "enlace": _enlace(punto),
        "estado": punto.estado,
        "estado_texto": ETIQUETAS_ESTADO_PUNTO.get(punto.estado, punto.estado),
        "votable": punto.votable,
        "notas": punto.notas_deliberacion,
        "votacion": _votacion(punto, garantes, usuarios),
        "diferido_a": relacionados.get(punto.diferido_a_id) if punto.diferido_a_id else None,
        "diferido_de": relacionados.get(punto.diferido_de_id) if punto.diferido_de_id else None,
        "acuerdos": acuerdos,
    }


def _votacion(
    punto: PuntoOrden, garantes: dict[str, Garante], usuarios: dict[int, str]
) -> dict[str, Any] | None:
    """Return the closed votación as frozen in ``resultado_detalle`` (None if there was none).

    Each garante entitled to vote gets a row: its sentido (or none), and who cast it.
    """
    detalle = punto.resultado_detalle
    if punto.estado != "votado" or not detalle:
        return None
    nombres: dict[str, str] = detalle.get("garantes") or {}
    votos: dict[str, dict[str, Any]] = detalle.get("votos") or {}
    filas = []
    for garante_id in detalle.get("con_derecho") or []:
        voto = votos.get(garante_id)
        filas.append(
            {
                "garante_id": garante_id,
                "garante": nombres.get(garante_id) or _nombre_garante(garantes, garante_id),
                "sentido": voto["sentido"] if voto else None,
                "sentido_texto": ETIQUETAS_SENTIDO.get(voto["sentido"], voto["sentido"])
                if voto
                else "Sin voto",
                "emitido_por": usuarios.get(voto.get("usuario") or 0) if voto else None,
                "por_secretaria": bool(voto and voto.get("por_secretaria")),
                "emitido_en": voto.get("emitido_en") if voto else None,
            }
        )
    regla = detalle.get("regla", punto.regla_votacion)
    resultado = punto.resultado or ""
    return {
        "regla": regla,
        "regla_texto": ETIQUETAS_REGLA.get(regla, regla),
        "votos": filas,
        "conteo": detalle.get("conteo") or {},
        "quorum": detalle.get("quorum"),
        "resultado": resultado,
        "resultado_texto": ETIQUETAS_RESULTADO.get(resultado, resultado),
        "cerrada_en": detalle.get("cerrada_en"),
    }


def _responsables(
    session: Session, acuerdo_ids: list[int]
) -> dict[int | None, list[ResponsableAcuerdo]]:
    if not acuerdo_ids:
        return {}
    por_acuerdo: dict[int | None, list[ResponsableAcuerdo]] = {}
    for responsable in session.exec(
        select(ResponsableAcuerdo)
        .where(col(ResponsableAcuerdo.acuerdo_id).in_(acuerdo_ids))
        .order_by(col(ResponsableAcuerdo.id))
    ):
        por_acuerdo.setdefault(responsable.acuerdo_id, []).append(responsable)
    return por_acuerdo


def _nombres_de_usuarios(session: Session, ids: Iterable[Any]) -> dict[int, str]:
    """Return the names of the accounts ``ids`` (those without a name are left out)."""
    buscados = {i for i in ids if isinstance(i, int)}
    if not buscados:
        return {}
    filas = session.execute(
        select(_USUARIO.c.id, _USUARIO.c.nombre).where(_USUARIO.c.id.in_(buscados))
    ).all()
    return {fila.id: fila.nombre for fila in filas if fila.nombre}


def _acuerdo(
    acuerdo: Acuerdo,
    responsables: list[ResponsableAcuerdo],
    garantes: dict[str, Garante],
    usuarios: dict[int, str],
) -> dict[str, Any]:
    nombres = []
    for responsable in responsables:
        if responsable.garante_id:
            nombres.append(_nombre_garante(garantes, responsable.garante_id))
        elif responsable.usuario_id:
            nombres.append(usuarios.get(responsable.usuario_id, "Cuenta sin nombre"))
    return {
        "numero": acuerdo.numero,
        "texto": acuerdo.texto,
        "responsables": nombres,
        "fecha_limite": _iso(acuerdo.fecha_limite),
    }


# --- Versions -----------------------------------------------------------------------------


def versiones(*, session: Session, mesa_id: int) -> list[Acta]:
    """Return the acta's versions of the mesa, the first one first."""
    return list(
        session.exec(select(Acta).where(Acta.mesa_id == mesa_id).order_by(col(Acta.version)))
    )


def ultima_version(*, session: Session, mesa_id: int) -> Acta | None:
    """Return the latest version of the mesa's acta (borrador or aprobada), if any."""
    return session.exec(
        select(Acta).where(Acta.mesa_id == mesa_id).order_by(col(Acta.version).desc()).limit(1)
    ).first()


def ultima_aprobada(*, session: Session, mesa_id: int) -> Acta | None:
    """Return the latest approved version (what the public reads), if any."""
    return session.exec(
        select(Acta)
        .where(Acta.mesa_id == mesa_id, Acta.estado == "aprobada")
        .order_by(col(Acta.version).desc())
        .limit(1)
    ).first()


def hay_borrador(*, session: Session, mesa: Mesa) -> bool:
    """Return whether the mesa's acta is a borrador now (it follows the record live)."""
    if mesa.estado != "concluida" or mesa.id is None:
        return False
    return es_borrador(mesa, ultima_version(session=session, mesa_id=mesa.id))


def es_borrador(mesa: Mesa, ultima: Acta | None) -> bool:
    """Return ``hay_borrador`` for a caller that already read the latest version (or none)."""
    return mesa.estado == "concluida" and (ultima is None or ultima.estado == "borrador")


def aprobar(
    *,
    session: Session,
    mesa: Mesa,
    usuario_id: int | None,
    renderizar: Callable[[dict[str, Any]], str],
) -> Acta:
    """Approve the borrador of the mesa's acta and return it, frozen.

    The record is read now (``datos_del_acta``); ``renderizar`` turns that data into the
    acta's HTML, which is kept with it. Version 1 is created here; a later borrador (a
    correction) is approved with a conditional UPDATE, so two approvals at once cannot
    both succeed.
    """
    assert mesa.id is not None
    if mesa.estado != "concluida":
        raise TransicionNoPermitida(
            "El acta se aprueba cuando la mesa ha concluido; esta mesa está "
            f"«{mesa.estado.replace('_', ' ')}»."
        )
    ultima = ultima_version(session=session, mesa_id=mesa.id)
    if ultima is not None and ultima.estado == "aprobada":
        raise TransicionNoPermitida(
            f"La versión {ultima.version} del acta ya está aprobada. Para cambiarla, "
            "registre una corrección: se abrirá una versión nueva."
        )
    datos = datos_del_acta(session=session, mesa=mesa)
    momento = ahora()
    datos["aprobacion"] = {
        "fecha": momento.isoformat(),
        "por": _nombres_de_usuarios(session, [usuario_id]).get(usuario_id or 0),
    }
    html = renderizar(datos)
    if ultima is None:
        acta = Acta(
            mesa_id=mesa.id,
            version=1,
            estado="aprobada",
            datos=datos,
            html=html,
            aprobada_en=momento,
            aprobada_por_id=usuario_id,
        )
        session.add(acta)
        _guardar(session, "Otra persona aprobó el acta al mismo tiempo; recargue la página.")
        return acta
    resultado = session.execute(
        update(Acta)
        .where(col(Acta.id) == ultima.id, col(Acta.estado) == "borrador")
        .values(
            estado="aprobada",
            datos=datos,
            html=html,
            aprobada_en=momento,
            aprobada_por_id=usuario_id,
        )
        .execution_options(synchronize_session=False)
    )
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        raise TransicionNoPermitida(
            "Otra persona aprobó esta versión del acta al mismo tiempo; recargue la página."
        )
    session.refresh(ultima)
    return ultima


def error_de_motivo(motivo: str) -> str | None:
    """Return why ``motivo`` is not a valid reason for a correction, or None."""
    texto = motivo.strip()
    if not texto:
        return "Escriba el motivo de la corrección: quedará en el acta y en su historial."
    if len(texto) > MAXIMO_MOTIVO:
        return f"El motivo admite hasta {MAXIMO_MOTIVO:,} caracteres."
    return None


def corregir(*, session: Session, mesa: Mesa, motivo: str) -> Acta:
    """Open a correction of the approved acta: return the new borrador version (n+1).

    The approved versions stay as they are; the record of the mesa may change again until
    the new version is approved.
    """
    assert mesa.id is not None
    error = error_de_motivo(motivo)
    if error:
        raise TransicionNoPermitida(error)
    ultima = ultima_version(session=session, mesa_id=mesa.id)
    if ultima is None:
        raise TransicionNoPermitida(
            "El acta aún no se ha aprobado: el borrador sigue el registro y puede cambiarse "
            "sin corrección."
        )
    if ultima.estado != "aprobada":
        raise TransicionNoPermitida(
            f"Ya hay una corrección en borrador (versión {ultima.version}); apruébela antes "
            "de abrir otra."
        )
    nueva = Acta(
        mesa_id=mesa.id,
        version=ultima.version + 1,
        estado="borrador",
        motivo_correccion=motivo.strip(),
    )
    session.add(nueva)
    _guardar(session, "Otra persona abrió una corrección al mismo tiempo; recargue la página.")
    return nueva


def _guardar(session: Session, mensaje: str) -> None:
    """Flush a new version; a duplicate (mesa, version) means someone else went first."""
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise TransicionNoPermitida(mensaje) from exc


# --- An approved version never changes ----------------------------------------------------


def _estado_guardado(conexion: Connection, acta: Acta) -> str | None:
    # Ask the database, not the instance: an expired or edited instance may not say it.
    return conexion.execute(
        select(col(Acta.estado)).where(col(Acta.id) == acta.id)
    ).scalar_one_or_none()


@event.listens_for(Acta, "before_update")
def _proteger_aprobada(_mapper: Mapper[Any], conexion: Connection, acta: Acta) -> None:
    """Refuse to write a change to an approved version (a correction makes a new one)."""
    cambiados = [a.key for a in inspect(acta).attrs if a.history.has_changes()]
    if cambiados and _estado_guardado(conexion, acta) == "aprobada":
        raise TransicionNoPermitida(
            f"La versión {acta.version} del acta está aprobada y no puede modificarse; "
            "una corrección crea una versión nueva."
        )


@event.listens_for(Acta, "before_delete")
def _no_borrar_aprobada(_mapper: Mapper[Any], conexion: Connection, acta: Acta) -> None:
    """Refuse to delete an approved version."""
    if _estado_guardado(conexion, acta) == "aprobada":
        raise TransicionNoPermitida(
            f"La versión {acta.version} del acta está aprobada y no puede borrarse."
        )
