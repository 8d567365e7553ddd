"""Tables of the catalog: garantes, criterios (versioned), precedentes, procedimientos."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

TIPOS_CRITERIO = ("reiterado", "relevante", "orientador", "obligatorio", "otro")
VIGENCIAS = ("vigente", "superado", "abandonado")
SENTIDOS_PRECEDENTE = ("confirma", "modifica", "revoca", "sobresee", "desecha", "ordena", "otro")
UNIDADES_PLAZO = ("dias_habiles", "dias_naturales", "meses", "horas")


def ahora() -> datetime:
    """Return the current UTC time without tzinfo (stored as naive UTC on both backends)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Garante(SQLModel, table=True):
    """A guarantor authority; several per entidad are possible, each with its vigencia."""

    id: str = Field(primary_key=True, max_length=40)
    nombre: str
    siglas: str | None = None
    entidad: str | None = Field(default=None, index=True)
    region: str | None = Field(default=None, index=True)
    sitio: str | None = None
    vigente_desde: date | None = None
    vigente_hasta: date | None = None

    def vigente_en(self, dia: date) -> bool:
        """Return whether the garante exists on ``dia``."""
        if self.vigente_desde and dia < self.vigente_desde:
            return False
        return not (self.vigente_hasta and dia > self.vigente_hasta)


class Criterio(SQLModel, table=True):
    """The current state of a criterion; every change leaves a ``CriterioVersion``."""

    __table_args__ = (
        UniqueConstraint("garante_id", "id_externo", name="uq_criterio_garante_id_externo"),
    )

    id: int | None = Field(default=None, primary_key=True)
    garante_id: str = Field(foreign_key="garante.id", index=True, max_length=40)
    id_externo: str = Field(max_length=120)
    clave: str | None = None
    rubro: str = Field(sa_column=Column(Text, nullable=False))
    texto: str = Field(sa_column=Column(Text, nullable=False))
    tipo: str | None = Field(default=None, index=True, max_length=20)
    vigencia: str = Field(default="vigente", index=True, max_length=20)
    fecha_aprobacion: date | None = None
    fuente: str | None = None
    marco_normativo: str | None = None
    temas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    precedentes: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    version: int = 1
    actualizado_en: datetime = Field(default_factory=ahora)
    # Normalized, stemmed terms padded with spaces, for accent-insensitive search.
    busqueda: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class CriterioTema(SQLModel, table=True):
    """One tema of a criterio, kept apart so lists can filter by tema with an index."""

    __tablename__ = "criterio_tema"

    criterio_id: int = Field(foreign_key="criterio.id", primary_key=True, ondelete="CASCADE")
    tema: str = Field(primary_key=True, max_length=200, index=True)


class CriterioVersion(SQLModel, table=True):
    """A snapshot of a criterio in the interchange shape, written on every change."""

    __tablename__ = "criterio_version"
    __table_args__ = (UniqueConstraint("criterio_id", "numero", name="uq_criterio_version"),)

    id: int | None = Field(default=None, primary_key=True)
    criterio_id: int = Field(foreign_key="criterio.id", index=True, ondelete="CASCADE")
    numero: int
    creado_en: datetime = Field(default_factory=ahora)
    autor: str | None = None
    motivo: str = Field(max_length=40)
    datos: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class Procedimiento(SQLModel, table=True):
    """A procedure of one garante (solicitud de acceso, recurso de revisión, …)."""

    __table_args__ = (
        UniqueConstraint("garante_id", "id_externo", name="uq_procedimiento_garante_id_externo"),
    )

    id: int | None = Field(default=None, primary_key=True)
    garante_id: str = Field(foreign_key="garante.id", index=True, max_length=40)
    id_externo: str = Field(max_length=120)
    nombre: str
    fundamento: str | None = None
    requisitos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    actualizado_en: datetime = Field(default_factory=ahora)


class Etapa(SQLModel, table=True):
    """A stage of a procedimiento with its plazo and optional ampliación."""

    __table_args__ = (Index("ix_etapa_procedimiento_orden", "procedimiento_id", "orden"),)

    id: int | None = Field(default=None, primary_key=True)
    procedimiento_id: int = Field(foreign_key="procedimiento.id", ondelete="CASCADE")
    orden: int
    nombre: str
    plazo_cantidad: int | None = None
    plazo_unidad: str | None = Field(default=None, max_length=20)
    ampliacion_cantidad: int | None = None
    ampliacion_unidad: str | None = Field(default=None, max_length=20)
    fundamento: str | None = None
    descripcion: str | None = Field(default=None, sa_column=Column(Text))


class CorreccionEtapa(SQLModel, table=True):
    """A user's correction of the stage alignment: this stage belongs to row ``fila``."""

    __tablename__ = "correccion_etapa"
    __table_args__ = (
        UniqueConstraint(
            "garante_id", "procedimiento_id_externo", "etapa", name="uq_correccion_etapa"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    garante_id: str = Field(foreign_key="garante.id", max_length=40)
    procedimiento_id_externo: str = Field(max_length=120)
    etapa: str
    fila: str
    creado_en: datetime = Field(default_factory=ahora)
    autor: str | None = None


class Ajuste(SQLModel, table=True):
    """A setting kept in the database (e.g. whether the demo data was loaded)."""

    clave: str = Field(primary_key=True, max_length=80)
    valor: Any = Field(default=None, sa_column=Column(JSON))
    actualizado_en: datetime = Field(default_factory=ahora)
