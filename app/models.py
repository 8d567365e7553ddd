"""Tables of the access layer: users, their server-side sessions, login attempts, bitácora."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, event, text
from sqlmodel import Field, SQLModel

from criterios.models import ahora

ROLES = ("administrador", "secretaria", "comisionado", "juridico")
ROLES_DE_GARANTE = ("comisionado", "juridico")
NOMBRES_ROL = {
    "administrador": "Administración",
    "secretaria": "Secretaría técnica",
    "comisionado": "Comisionado(a)",
    "juridico": "Personal jurídico",
}


class Usuario(SQLModel, table=True):
    """An account: one role, tied to one garante when the role is comisionado or juridico."""

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased so that lookups and the unique index ignore case.
    correo: str = Field(max_length=254, unique=True, index=True)
    nombre: str = Field(default="", max_length=200)
    rol: str = Field(max_length=20)
    garante_id: str | None = Field(default=None, foreign_key="garante.id", max_length=40)
    contrasena_hash: str | None = Field(default=None, max_length=255)
    # A one-time password set by an administrator must be replaced at first login.
    debe_cambiar_contrasena: bool = True
    contrasena_cambiada_en: datetime = Field(default_factory=ahora)
    activo: bool = True
    creado_en: datetime = Field(default_factory=ahora)

    @property
    def nombre_rol(self) -> str:
        return NOMBRES_ROL.get(self.rol, self.rol)

    @property
    def nombre_visible(self) -> str:
        return self.nombre or self.correo


class SesionUsuario(SQLModel, table=True):
    """A server-side session; the cookie holds a random id whose SHA-256 is ``id_hash``."""

    __tablename__ = "sesion_usuario"

    id: int | None = Field(default=None, primary_key=True)
    id_hash: str = Field(max_length=64, unique=True, index=True)
    usuario_id: int = Field(foreign_key="usuario.id", index=True, ondelete="CASCADE")
    creada_en: datetime = Field(default_factory=ahora)
    ultimo_uso: datetime = Field(default_factory=ahora)
    direccion: str | None = Field(default=None, max_length=64)


class IntentoAcceso(SQLModel, table=True):
    """One login attempt, kept to throttle guessing per account and per client address."""

    __tablename__ = "intento_acceso"
    __table_args__ = (
        Index("ix_intento_acceso_correo_creado", "correo", "creado_en"),
        Index("ix_intento_acceso_direccion_creado", "direccion", "creado_en"),
    )

    id: int | None = Field(default=None, primary_key=True)
    correo: str = Field(max_length=254)
    direccion: str = Field(default="", max_length=64)
    exitoso: bool = False
    creado_en: datetime = Field(default_factory=ahora)


class EventoBitacora(SQLModel, table=True):
    """An append-only audit entry: who, when (UTC), what action, on which object, what changed."""

    __tablename__ = "evento_bitacora"

    id: int | None = Field(default=None, primary_key=True)
    creado_en: datetime = Field(default_factory=ahora, index=True)
    # No foreign key: an entry must outlive any change to the account it names.
    usuario_id: int | None = Field(default=None, index=True)
    usuario_correo: str | None = Field(default=None, max_length=254, index=True)
    accion: str = Field(max_length=60, index=True)
    objeto_tipo: str | None = Field(default=None, max_length=40, index=True)
    objeto_id: str | None = Field(default=None, max_length=200)
    resumen: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    detalles: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    direccion: str | None = Field(default=None, max_length=64)


# Triggers that make the bitácora append-only in the database itself; the migration runs
# them and ``metadata.create_all`` (tests) runs them through the listener below.
SOLO_AGREGAR_BITACORA: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER evento_bitacora_sin_cambios BEFORE UPDATE ON evento_bitacora "
        "BEGIN SELECT RAISE(ABORT, 'la bitácora solo admite agregar entradas'); END",
        "CREATE TRIGGER evento_bitacora_sin_borrado BEFORE DELETE ON evento_bitacora "
        "BEGIN SELECT RAISE(ABORT, 'la bitácora solo admite agregar entradas'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION bitacora_solo_agregar() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'la bitácora solo admite agregar entradas'; END $$",
        "CREATE TRIGGER evento_bitacora_solo_agregar BEFORE UPDATE OR DELETE "
        "ON evento_bitacora FOR EACH ROW EXECUTE FUNCTION bitacora_solo_agregar()",
    ),
}


@event.listens_for(EventoBitacora.__table__, "after_create")  # type: ignore[attr-defined]
def _bitacora_solo_agregar(tabla: Any, conexion: Any, **_: Any) -> None:
    for sentencia in SOLO_AGREGAR_BITACORA.get(conexion.dialect.name, ()):
        conexion.execute(text(sentencia))
