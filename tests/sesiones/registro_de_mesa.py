"""A concluded mesa with a full record, built through the session's own functions.

Garantes jal, ags and col attend (jal's comisionada and ags's represented by name); nay is
entitled but absent; zac's vigencia ended before the mesa (not entitled). The orden del día
has the two standard opening puntos, a punto voted (jal a favor by its comisionada, ags a
favor recorded by the secretaría on its behalf, col abstains) with deliberation notes and
an acuerdo, and a punto deferred to a later mesa.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models import Usuario
from sesiones import mesas, orden_del_dia, votaciones
from sesiones.acuerdos import crear_acuerdo
from sesiones.asistencia import Registro, registrar_asistencia
from sesiones.models import Mesa, PuntoOrden
from tests.factories import crear_garante, crear_mesa

NOTAS = "Jalisco expuso su práctica de diez días.\nColima pidió <datos> & cifras."
TEXTO_ACUERDO = "Cada garante publicará su plazo de respuesta en su portal."


@dataclass
class RegistroDeMesa:
    mesa: Mesa
    votado: PuntoOrden
    diferido: PuntoOrden
    continuacion: PuntoOrden
    destino: Mesa
    comisionada: Usuario
    secretaria: Usuario


def _cuenta(session: Session, correo: str, nombre: str, rol: str, garante: str | None) -> Usuario:
    cuenta = Usuario(
        correo=correo, nombre=nombre, rol=rol, garante_id=garante, debe_cambiar_contrasena=False
    )
    session.add(cuenta)
    session.commit()
    return cuenta


def crear_registro(
    session: Session, *, titulo_punto: str = "Plazo para responder"
) -> RegistroDeMesa:
    """Return a concluded mesa (3/2026 style numbering, 10 de diciembre de 2026) and its parts."""
    crear_garante(session, "jal", nombre="Instituto de Transparencia de Jalisco", siglas="ITEI")
    crear_garante(session, "ags", nombre="Instituto de Transparencia de Aguascalientes")
    crear_garante(session, "col", nombre="Instituto de Transparencia de Colima", siglas="INFOCOL")
    crear_garante(session, "nay", nombre="Instituto de Transparencia de Nayarit")
    crear_garante(
        session, "zac", nombre="Instituto de Zacatecas (extinto)", vigente_hasta="2025-06-30"
    )
    comisionada = _cuenta(session, "ana@itei.mx", "Ana Pérez", "comisionado", "jal")
    comisionado_col = _cuenta(session, "luis@infocol.mx", "Luis Gómez", "comisionado", "col")
    secretaria = _cuenta(session, "sofia@region.mx", "Sofía Ruiz", "secretaria", None)

    mesa = crear_mesa(session, fecha=date(2026, 12, 10), titulo="Plazos de respuesta")
    destino = crear_mesa(session, fecha=date(2027, 2, 4), titulo="Seguimiento de plazos")
    for clave, (titulo, votable) in mesas.PUNTOS_DE_APERTURA.items():
        session.add(
            PuntoOrden(mesa_id=mesa.id, orden=0, titulo=titulo, tipo="estandar",
                       clave_estandar=clave, votable=votable)
        )  # fmt: skip
    session.flush()
    votado = orden_del_dia.agregar_libre(
        session=session,
        mesa=mesa,
        titulo=titulo_punto,
        descripcion="Diferencias de plazo.",
        regla="mayoria_simple",
    )
    diferido = orden_del_dia.agregar_libre(
        session=session, mesa=mesa, titulo="Prórrogas", descripcion=None, regla="mayoria_simple"
    )
    mesas.convocar(session=session, mesa=mesa)
    mesas.iniciar(session=session, mesa=mesa)
    session.commit()

    registrar_asistencia(
        session=session,
        mesa=mesa,
        registros={
            "jal": Registro(True, "Comisionada Ana Pérez"),
            "ags": Registro(True, "Comisionado Jorge Díaz"),
            "col": Registro(True, "Comisionado Luis Gómez"),
            "nay": Registro(False),
        },
        usuario=secretaria,
    )
    votaciones.abrir_votacion(session=session, punto=votado, usuario=secretaria)
    for garante, sentido, quien, por_secretaria in (
        ("jal", "a_favor", comisionada, False),
        ("ags", "a_favor", secretaria, True),
        ("col", "abstencion", comisionado_col, False),
    ):
        votaciones.emitir_voto(
            session=session, punto=votado, garante_id=garante, sentido=sentido,
            usuario=quien, por_secretaria=por_secretaria,
        )  # fmt: skip
    votaciones.guardar_notas(session=session, punto=votado, notas=NOTAS)
    votaciones.cerrar_votacion(session=session, punto=votado, usuario=secretaria)
    continuacion = votaciones.diferir_punto(
        session=session, punto=diferido, destino=destino, usuario=secretaria
    )
    crear_acuerdo(
        session=session,
        punto=votado,
        texto=TEXTO_ACUERDO,
        fecha_limite=date(2027, 1, 31),
        garante_ids=["jal", "ags"],
        usuario_ids=[secretaria.id],
        usuario_id=secretaria.id,
    )
    mesas.concluir(session=session, mesa=mesa)
    session.commit()
    return RegistroDeMesa(mesa, votado, diferido, continuacion, destino, comisionada, secretaria)
