"""Tables of the catalog: garantes, criterios (versioned), precedentes, procedimientos."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint, true
from sqlmodel import Field, SQLModel

TIPOS_CRITERIO = ("reiterado", "relevante", "orientador", "obligatorio", "otro")
VIGENCIAS = ("vigente", "superado", "abandonado")
SENTIDOS_PRECEDENTE = ("confirma", "modifica", "revoca", "sobresee", "desecha", "ordena", "otro")
UNIDADES_PLAZO = ("dias_habiles", "dias_naturales", "meses", "horas")


# The civil calendar of the users: what "today" is for a deadline or a vigencia.
ZONA_HORARIA = ZoneInfo("America/Mexico_City")


# Set only by ``en_el_momento``: code that replays past events (the demo data) stamps them
# with their own time instead of the moment it runs.
_momento_fijado: ContextVar[datetime | None] = ContextVar("momento_fijado", default=None)


def ahora() -> datetime:
    """Return the current time, aware, in UTC (SQLModel's UTCDateTime refuses naive values)."""
    return _momento_fijado.get() or datetime.now(UTC)


@contextmanager
def en_el_momento(momento: datetime) -> Iterator[None]:
    """Make ``ahora()`` return ``momento`` (aware) inside the block, in this context only."""
    if momento.tzinfo is None:
        raise ValueError("en_el_momento necesita una hora con zona horaria.")
    marca = _momento_fijado.set(momento.astimezone(UTC))
    try:
        yield
    finally:
        _momento_fijado.reset(marca)


def fecha_local(momento: datetime) -> date:
    """Return the date of ``momento`` (aware) on the users' calendar (central Mexico)."""
    return momento.astimezone(ZONA_HORARIA).date()


def hoy() -> date:
    """Return today's date in central Mexico (not the server's or UTC's: an acuerdo falls
    due, and a garante stops being vigente, by the users' calendar)."""
    return datetime.now(ZONA_HORARIA).date()


MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


def fecha_larga(valor: date | datetime | None) -> str:
    """Return a date as '28 de noviembre de 2026' (empty for None).

    A moment (aware datetime, stored in UTC) is given the date it had in central Mexico.
    """
    if valor is None:
        return ""
    if isinstance(valor, datetime) and valor.tzinfo is not None:
        valor = fecha_local(valor)
    return f"{valor.day} de {MESES[valor.month - 1]} de {valor.year}"


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
    # A private catalog is visible only to the administración, the secretaría and the
    # garante's own users (see app/permisos.py).
    catalogo_publico: bool = Field(default=True, sa_column_kwargs={"server_default": true()})

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


# Stems are ASCII (accents removed): the "C" collation on PostgreSQL makes a prefix a
# plain byte range, so ``termino >= 'plaz' AND termino < 'pla{'`` walks the index.
TIPO_TERMINO = String(60).with_variant(String(60, collation="C"), "postgresql")


class TerminoCriterio(SQLModel, table=True):
    """One search term (a Snowball stem without accents) of a criterio: the search index."""

    __tablename__ = "termino_criterio"

    termino: str = Field(sa_column=Column(TIPO_TERMINO, primary_key=True))
    criterio_id: int = Field(
        foreign_key="criterio.id", primary_key=True, ondelete="CASCADE", index=True
    )


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


# Comparaciones y revisiones

ESTADOS_COMPARACION = ("pendiente", "en_curso", "terminada", "fallida", "interrumpida")
ESTADOS_DIVERGENCIA = ("pendiente", "confirmada", "descartada")
TIPOS_DIVERGENCIA = ("plazo", "sentido", "requisito", "alcance", "otro")


class Comparacion(SQLModel, table=True):
    """A comparator run over the register: who started it, its stage, counts and duration."""

    id: int | None = Field(default=None, primary_key=True)
    creada_en: datetime = Field(default_factory=ahora)
    iniciada_por: str | None = None
    estado: str = Field(default="pendiente", index=True, max_length=20)
    etapa: str = Field(default="En espera")
    progreso: int = 0
    parametros: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    conteos: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    iniciada_en: datetime | None = None
    terminada_en: datetime | None = None
    duracion_s: float | None = None
    error: str | None = Field(default=None, sa_column=Column(Text))


class ReporteComparacion(SQLModel, table=True):
    """The full report of a finished run, apart so that listing runs never loads it."""

    __tablename__ = "reporte_comparacion"

    comparacion_id: int = Field(foreign_key="comparacion.id", primary_key=True, ondelete="CASCADE")
    contenido: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # The report names criterios by the ids handed to the engine; this maps each one to
    # its garante, row and version, so the report can leave out non-public catalogs.
    criterios: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class GrupoTematico(SQLModel, table=True):
    """A grupo temático found by a run, with the counts the lists sort and filter on."""

    __tablename__ = "grupo_tematico"
    __table_args__ = (
        UniqueConstraint("comparacion_id", "clave", name="uq_grupo_tematico_clave"),
        Index("ix_grupo_tematico_orden", "comparacion_id", "n_divergencias"),
    )

    id: int | None = Field(default=None, primary_key=True)
    comparacion_id: int = Field(foreign_key="comparacion.id", ondelete="CASCADE")
    # The engine's stable id of the group.
    clave: str = Field(max_length=120)
    tema: str = Field(sa_column=Column(Text, nullable=False))
    garantes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The engine's posturas: [{"id", "resumen"}], in its order.
    posturas: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    n_criterios: int = 0
    n_posturas: int = 0
    n_divergencias: int = 0
    n_ausencias: int = 0


class GrupoCriterio(SQLModel, table=True):
    """A criterio inside a grupo temático, with its postura and version at run time."""

    __tablename__ = "grupo_criterio"
    __table_args__ = (Index("ix_grupo_criterio_grupo_garante", "grupo_id", "garante_id"),)

    id: int | None = Field(default=None, primary_key=True)
    grupo_id: int = Field(foreign_key="grupo_tematico.id", ondelete="CASCADE")
    criterio_id: int = Field(foreign_key="criterio.id", index=True, ondelete="CASCADE")
    garante_id: str = Field(max_length=40)
    postura: str | None = Field(default=None, max_length=120)
    version: int = 1


class Divergencia(SQLModel, table=True):
    """A divergence a run flagged between two criterios, and its review state in that run."""

    __table_args__ = (
        Index("ix_divergencia_comparacion_orden", "comparacion_id", "puntaje", "id"),
        Index("ix_divergencia_comparacion_estado", "comparacion_id", "estado"),
        Index("ix_divergencia_comparacion_tipo", "comparacion_id", "tipo"),
        Index("ix_divergencia_comparacion_garante_a", "comparacion_id", "garante_a"),
        Index("ix_divergencia_comparacion_garante_b", "comparacion_id", "garante_b"),
    )

    id: int | None = Field(default=None, primary_key=True)
    comparacion_id: int = Field(foreign_key="comparacion.id", ondelete="CASCADE")
    # The engine's stable id of the divergence.
    clave: str = Field(max_length=120, index=True)
    grupo_id: int = Field(foreign_key="grupo_tematico.id", index=True, ondelete="CASCADE")
    criterio_a_id: int = Field(foreign_key="criterio.id", index=True, ondelete="CASCADE")
    criterio_b_id: int = Field(foreign_key="criterio.id", index=True, ondelete="CASCADE")
    garante_a: str = Field(max_length=40)
    garante_b: str = Field(max_length=40)
    version_a: int
    version_b: int
    tipo: str = Field(max_length=20)
    puntaje: float = 0.0
    explicacion: str = Field(sa_column=Column(Text, nullable=False))
    evidencia_a: str | None = Field(default=None, sa_column=Column(Text))
    evidencia_b: str | None = Field(default=None, sa_column=Column(Text))
    estado: str = Field(default="pendiente", max_length=20)
    motivo: str | None = Field(default=None, sa_column=Column(Text))
    # Why a review did not carry over: which criterio changed since it was reviewed.
    nota_cambio: str | None = Field(default=None, sa_column=Column(Text))
    revisado_por: str | None = None
    revisado_en: datetime | None = None


class Ausencia(SQLModel, table=True):
    """A garante of the compared set that has no criterio in a grupo temático."""

    __table_args__ = (Index("ix_ausencia_comparacion_garante", "comparacion_id", "garante_id"),)

    id: int | None = Field(default=None, primary_key=True)
    comparacion_id: int = Field(foreign_key="comparacion.id", ondelete="CASCADE")
    grupo_id: int = Field(foreign_key="grupo_tematico.id", index=True, ondelete="CASCADE")
    garante_id: str = Field(max_length=40)


class RevisionDivergencia(SQLModel, table=True):
    """The latest human review of a divergence, kept across runs.

    It names the criterio versions it judged, so a later run carries it over only while
    both texts stay as they were.
    """

    __tablename__ = "revision_divergencia"
    __table_args__ = (Index("ix_revision_divergencia_criterios", "criterio_a_id", "criterio_b_id"),)

    id: int | None = Field(default=None, primary_key=True)
    clave: str = Field(max_length=120, unique=True)
    criterio_a_id: int = Field(foreign_key="criterio.id", ondelete="CASCADE")
    version_a: int
    criterio_b_id: int = Field(foreign_key="criterio.id", ondelete="CASCADE")
    version_b: int
    estado: str = Field(max_length=20)
    motivo: str | None = Field(default=None, sa_column=Column(Text))
    revisado_por: str | None = None
    revisado_en: datetime = Field(default_factory=ahora)
