"""Tables of the deliberation workflow: propuestas, mesas, puntos, votos, acuerdos, actas,
and the criterios homologados with their versions, observaciones and adhesiones.

A propuesta or punto names comparator results by their stable ``clave`` (runs replace the
rows, the claves survive) and keeps the ids of the criterios it is about.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlmodel import Field, SQLModel

from criterios.models import ahora

# Propuestas de tema
ESTADOS_PROPUESTA = ("propuesta", "admitida", "no_admitida", "en_orden_del_dia", "discutida")
ORIGENES_PROPUESTA = ("divergencia", "grupo", "libre")

# Mesas
ESTADOS_MESA = ("borrador", "convocada", "en_curso", "concluida", "cancelada")
MODALIDADES = ("presencial", "virtual", "mixta")

# Puntos del orden del día
TIPOS_PUNTO = ("estandar", "propuesta", "grupo", "divergencia", "proyecto", "libre")
PUNTOS_ESTANDAR = ("asistencia_quorum", "aprobacion_orden", "asuntos_generales", "clausura")
ESTADOS_PUNTO = ("pendiente", "en_votacion", "votado", "diferido")
REGLAS_VOTACION = ("mayoria_simple", "unanimidad")
RESULTADOS_VOTACION = ("aprobado", "rechazado")
SENTIDOS_VOTO = ("a_favor", "en_contra", "abstencion")

# Acuerdos (``vencido`` is computed from the fecha límite, never stored)
ESTADOS_ACUERDO = ("pendiente", "en_proceso", "cumplido")

# Actas
ESTADOS_ACTA = ("borrador", "aprobada")

# Criterios homologados
ESTADOS_PROYECTO = ("proyecto", "en_orden_del_dia", "aprobado", "rechazado", "publicado")
ESTADOS_OBSERVACION = ("pendiente", "atendida", "no_atendida")
ESTADOS_ADHESION = ("pendiente", "adoptado", "rechazado", "parcial")


class PropuestaTema(SQLModel, table=True):
    """A comisionado's proposal of a topic for a mesa, from a comparator result or free text."""

    __tablename__ = "propuesta_tema"

    id: int | None = Field(default=None, primary_key=True)
    titulo: str = Field(max_length=300)
    justificacion: str = Field(sa_column=Column(Text, nullable=False))
    origen: str = Field(default="libre", max_length=20)
    # The comparator result it comes from (stable claves) and what it said at the time.
    divergencia_clave: str | None = Field(default=None, max_length=120, index=True)
    grupo_clave: str | None = Field(default=None, max_length=120, index=True)
    resumen_origen: str | None = Field(default=None, sa_column=Column(Text))
    criterio_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    garante_id: str | None = Field(default=None, foreign_key="garante.id", max_length=40)
    estado: str = Field(default="propuesta", max_length=20, index=True)
    motivo_no_admision: str | None = Field(default=None, sa_column=Column(Text))
    resuelta_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    resuelta_en: datetime | None = None
    creada_en: datetime = Field(default_factory=ahora)


class ApoyoPropuesta(SQLModel, table=True):
    """One comisionado's support of a propuesta (one per person, withdrawable)."""

    __tablename__ = "apoyo_propuesta"

    propuesta_id: int = Field(foreign_key="propuesta_tema.id", primary_key=True, ondelete="CASCADE")
    usuario_id: int = Field(foreign_key="usuario.id", primary_key=True)
    creado_en: datetime = Field(default_factory=ahora)


class Mesa(SQLModel, table=True):
    """A mesa de análisis: its convocatoria, state, quórum rule and numbering."""

    __table_args__ = (UniqueConstraint("anio", "numero", name="uq_mesa_anio_numero"),)

    id: int | None = Field(default=None, primary_key=True)
    # Consecutive within the year of its fecha: "3.ª mesa de 2026" (used by acuerdo numbers).
    anio: int
    numero: int
    titulo: str = Field(max_length=300)
    region: str | None = Field(default=None, max_length=120)
    fecha: date = Field(index=True)
    hora: time | None = None
    modalidad: str = Field(default="presencial", max_length=20)
    sede_garante_id: str | None = Field(default=None, foreign_key="garante.id", max_length=40)
    enlace: str | None = Field(default=None, max_length=500)
    direccion: str | None = Field(default=None, sa_column=Column(Text))
    estado: str = Field(default="borrador", max_length=20, index=True)
    motivo_cancelacion: str | None = Field(default=None, sa_column=Column(Text))
    # The quórum rule frozen for this mesa: a fraction that must be exceeded ("more than
    # half" is 0.5) or reached, of the vigente garantes of the region on the mesa's fecha.
    quorum_fraccion: float = 0.5
    quorum_estricto: bool = True
    creada_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creada_en: datetime = Field(default_factory=ahora)
    convocada_en: datetime | None = None
    iniciada_en: datetime | None = None
    concluida_en: datetime | None = None
    actualizada_en: datetime = Field(default_factory=ahora)


class PuntoOrden(SQLModel, table=True):
    """An item of a mesa's orden del día, with its deliberation notes and its votación."""

    __tablename__ = "punto_orden"
    __table_args__ = (Index("ix_punto_orden_mesa_orden", "mesa_id", "orden"),)

    id: int | None = Field(default=None, primary_key=True)
    mesa_id: int = Field(foreign_key="mesa.id", ondelete="CASCADE")
    orden: int
    titulo: str = Field(max_length=300)
    descripcion: str | None = Field(default=None, sa_column=Column(Text))
    tipo: str = Field(default="libre", max_length=20)
    clave_estandar: str | None = Field(default=None, max_length=40)
    propuesta_id: int | None = Field(default=None, foreign_key="propuesta_tema.id", index=True)
    grupo_clave: str | None = Field(default=None, max_length=120)
    divergencia_clave: str | None = Field(default=None, max_length=120)
    proyecto_id: int | None = Field(default=None, foreign_key="criterio_homologado.id", index=True)
    notas_deliberacion: str | None = Field(default=None, sa_column=Column(Text))
    votable: bool = True
    regla_votacion: str = Field(default="mayoria_simple", max_length=20)
    estado: str = Field(default="pendiente", max_length=20)
    resultado: str | None = Field(default=None, max_length=20)
    # Frozen when the vote closes: who was entitled, who voted what, the counts and rule.
    resultado_detalle: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    votacion_abierta_en: datetime | None = None
    votacion_cerrada_en: datetime | None = None
    # A deferred punto stays in its mesa (estado "diferido") and continues as a new punto
    # in a later mesa: ``diferido_de_id`` links the new one back, so its history is a chain.
    diferido_de_id: int | None = Field(default=None, foreign_key="punto_orden.id")
    diferido_a_id: int | None = Field(default=None, foreign_key="punto_orden.id")


class Asistencia(SQLModel, table=True):
    """Whether a garante attends a mesa and who represents it."""

    mesa_id: int = Field(foreign_key="mesa.id", primary_key=True, ondelete="CASCADE")
    garante_id: str = Field(foreign_key="garante.id", primary_key=True, max_length=40)
    presente: bool = True
    representantes: str | None = Field(default=None, sa_column=Column(Text))
    registrada_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    registrada_en: datetime = Field(default_factory=ahora)


class Voto(SQLModel, table=True):
    """One garante's vote on a punto, cast by its comisionado or recorded by the secretaría."""

    __table_args__ = (UniqueConstraint("punto_id", "garante_id", name="uq_voto_punto_garante"),)

    id: int | None = Field(default=None, primary_key=True)
    punto_id: int = Field(foreign_key="punto_orden.id", index=True, ondelete="CASCADE")
    garante_id: str = Field(foreign_key="garante.id", max_length=40)
    sentido: str = Field(max_length=20)
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    # True when the secretaría recorded the vote on the garante's behalf.
    por_secretaria: bool = False
    emitido_en: datetime = Field(default_factory=ahora)


class Acuerdo(SQLModel, table=True):
    """An agreement of a mesa with its automatic número, due date and follow-up state."""

    id: int | None = Field(default=None, primary_key=True)
    numero: str = Field(max_length=80, unique=True)
    mesa_id: int = Field(foreign_key="mesa.id", index=True)
    punto_id: int | None = Field(default=None, foreign_key="punto_orden.id", index=True)
    consecutivo: int
    texto: str = Field(sa_column=Column(Text, nullable=False))
    fecha_limite: date | None = Field(default=None, index=True)
    estado: str = Field(default="pendiente", max_length=20, index=True)
    creado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = Field(default_factory=ahora)
    cumplido_en: datetime | None = None
    cumplido_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    actualizado_en: datetime = Field(default_factory=ahora)


class ResponsableAcuerdo(SQLModel, table=True):
    """A garante or a user responsible for an acuerdo."""

    __tablename__ = "responsable_acuerdo"

    id: int | None = Field(default=None, primary_key=True)
    acuerdo_id: int = Field(foreign_key="acuerdo.id", index=True, ondelete="CASCADE")
    garante_id: str | None = Field(
        default=None, foreign_key="garante.id", max_length=40, index=True
    )
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id", index=True)


class AvanceAcuerdo(SQLModel, table=True):
    """A progress report on an acuerdo by a responsible garante (or the secretaría)."""

    __tablename__ = "avance_acuerdo"

    id: int | None = Field(default=None, primary_key=True)
    acuerdo_id: int = Field(foreign_key="acuerdo.id", index=True, ondelete="CASCADE")
    garante_id: str | None = Field(default=None, foreign_key="garante.id", max_length=40)
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    nota: str = Field(sa_column=Column(Text, nullable=False))
    creado_en: datetime = Field(default_factory=ahora)


class Evidencia(SQLModel, table=True):
    """An uploaded file (type checked by its content), kept in the database with its hash.

    Evidence of an acuerdo's progress or of a garante's adhesión; kept in the database so a
    failed save never leaves a file behind and a backup of the database is a backup of all.
    """

    id: int | None = Field(default=None, primary_key=True)
    avance_id: int | None = Field(
        default=None, foreign_key="avance_acuerdo.id", index=True, ondelete="CASCADE"
    )
    nombre_archivo: str = Field(max_length=255)
    tipo_mime: str = Field(max_length=100)
    tamano: int
    sha256: str = Field(max_length=64)
    contenido: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    subida_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    subida_en: datetime = Field(default_factory=ahora)


class Acta(SQLModel, table=True):
    """A version of a mesa's acta: a borrador follows the record; an approved one is frozen."""

    __table_args__ = (UniqueConstraint("mesa_id", "version", name="uq_acta_mesa_version"),)

    id: int | None = Field(default=None, primary_key=True)
    mesa_id: int = Field(foreign_key="mesa.id", index=True)
    version: int = 1
    estado: str = Field(default="borrador", max_length=20)
    # The record as it was approved (the template renders from it) and its HTML.
    datos: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    html: str | None = Field(default=None, sa_column=Column(Text))
    motivo_correccion: str | None = Field(default=None, sa_column=Column(Text))
    creada_en: datetime = Field(default_factory=ahora)
    aprobada_en: datetime | None = None
    aprobada_por_id: int | None = Field(default=None, foreign_key="usuario.id")


# An approved acta is the record: the database itself refuses to change or delete it (the
# code refuses first; see sesiones/actas.py). The migration creates these triggers and
# ``metadata.create_all`` (tests) runs them through the listener below.
ACTA_APROBADA_INMUTABLE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER acta_aprobada_sin_cambios BEFORE UPDATE ON acta "
        "WHEN OLD.estado = 'aprobada' "
        "BEGIN SELECT RAISE(ABORT, 'un acta aprobada no se modifica'); END",
        "CREATE TRIGGER acta_aprobada_sin_borrado BEFORE DELETE ON acta "
        "WHEN OLD.estado = 'aprobada' "
        "BEGIN SELECT RAISE(ABORT, 'un acta aprobada no se borra'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION acta_aprobada_inmutable() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF OLD.estado = 'aprobada' THEN "
        "RAISE EXCEPTION 'un acta aprobada no se modifica ni se borra'; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER acta_aprobada_inmutable BEFORE UPDATE OR DELETE ON acta "
        "FOR EACH ROW EXECUTE FUNCTION acta_aprobada_inmutable()",
    ),
}


@event.listens_for(Acta.__table__, "after_create")  # type: ignore[attr-defined]
def _acta_aprobada_inmutable(tabla: Any, conexion: Any, **_: Any) -> None:
    for sentencia in ACTA_APROBADA_INMUTABLE.get(conexion.dialect.name, ()):
        conexion.execute(text(sentencia))


# Criterios homologados


def _fk_punto(nombre: str) -> ForeignKey:
    return ForeignKey("punto_orden.id", use_alter=True, name=nombre)


class CriterioHomologado(SQLModel, table=True):
    """A harmonized criterion: a proyecto until a mesa approves it, then frozen and adopted."""

    __tablename__ = "criterio_homologado"

    id: int | None = Field(default=None, primary_key=True)
    # Given on approval from a configurable pattern, e.g. "CH-CO 01/2026".
    clave: str | None = Field(default=None, max_length=80, unique=True)
    rubro: str = Field(sa_column=Column(Text, nullable=False))
    texto: str = Field(sa_column=Column(Text, nullable=False))
    precedentes: str | None = Field(default=None, sa_column=Column(Text))
    marco_normativo: str | None = Field(default=None, sa_column=Column(Text))
    estado: str = Field(default="proyecto", max_length=20, index=True)
    version: int = 1
    # Where it started (comparator claves or a punto) — shown as context.
    grupo_clave: str | None = Field(default=None, max_length=120)
    divergencia_clave: str | None = Field(default=None, max_length=120)
    # (Puntos point at proyectos too: these two constraints are added after both tables
    # exist, so the tables can be created and dropped in order.)
    punto_origen_id: int | None = Field(
        default=None, sa_column=Column(Integer, _fk_punto("fk_criterio_homologado_punto_origen"))
    )
    # Approval: the punto whose vote approved it and the version it froze.
    punto_aprobacion_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, _fk_punto("fk_criterio_homologado_punto_aprobacion")),
    )
    version_aprobada: int | None = None
    aprobado_en: datetime | None = None
    publicado_en: datetime | None = None
    publicado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    # A later harmonized criterion can supersede this one.
    superado_por_id: int | None = Field(default=None, foreign_key="criterio_homologado.id")
    creado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = Field(default_factory=ahora)
    actualizado_en: datetime = Field(default_factory=ahora)


class VersionCriterioHomologado(SQLModel, table=True):
    """A saved version of a criterio homologado's text, with its author and time."""

    __tablename__ = "version_criterio_homologado"
    __table_args__ = (
        UniqueConstraint("criterio_homologado_id", "numero", name="uq_version_criterio_homologado"),
    )

    id: int | None = Field(default=None, primary_key=True)
    criterio_homologado_id: int = Field(
        foreign_key="criterio_homologado.id", index=True, ondelete="CASCADE"
    )
    numero: int
    rubro: str = Field(sa_column=Column(Text, nullable=False))
    texto: str = Field(sa_column=Column(Text, nullable=False))
    precedentes: str | None = Field(default=None, sa_column=Column(Text))
    marco_normativo: str | None = Field(default=None, sa_column=Column(Text))
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    autor: str | None = None
    creada_en: datetime = Field(default_factory=ahora)


class FuenteCriterioHomologado(SQLModel, table=True):
    """A garante's criterio that a criterio homologado harmonizes."""

    __tablename__ = "fuente_criterio_homologado"

    criterio_homologado_id: int = Field(
        foreign_key="criterio_homologado.id", primary_key=True, ondelete="CASCADE"
    )
    criterio_id: int = Field(foreign_key="criterio.id", primary_key=True, index=True)


class Observacion(SQLModel, table=True):
    """A comment of a garante's staff on a proyecto, marked atendida or no atendida."""

    id: int | None = Field(default=None, primary_key=True)
    criterio_homologado_id: int = Field(
        foreign_key="criterio_homologado.id", index=True, ondelete="CASCADE"
    )
    version: int
    garante_id: str | None = Field(default=None, foreign_key="garante.id", max_length=40)
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    texto: str = Field(sa_column=Column(Text, nullable=False))
    estado: str = Field(default="pendiente", max_length=20)
    respuesta: str | None = Field(default=None, sa_column=Column(Text))
    resuelta_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    resuelta_en: datetime | None = None
    creada_en: datetime = Field(default_factory=ahora)


class Adhesion(SQLModel, table=True):
    """Whether a garante adopted an approved criterio homologado, with date and evidence."""

    criterio_homologado_id: int = Field(
        foreign_key="criterio_homologado.id", primary_key=True, ondelete="CASCADE"
    )
    garante_id: str = Field(foreign_key="garante.id", primary_key=True, max_length=40)
    estado: str = Field(default="pendiente", max_length=20)
    fecha: date | None = None
    nota: str | None = Field(default=None, sa_column=Column(Text))
    evidencia_url: str | None = Field(default=None, max_length=500)
    evidencia_id: int | None = Field(default=None, foreign_key="evidencia.id")
    actualizada_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    actualizada_en: datetime = Field(default_factory=ahora)


class CriterioSuperado(SQLModel, table=True):
    """A garante's criterio superseded by a criterio homologado it adopted.

    The criterio's own ``vigencia`` becomes "superado" (so the comparator leaves it out);
    this row says by which criterio homologado and what its vigencia was before.
    """

    __tablename__ = "criterio_superado"

    criterio_id: int = Field(foreign_key="criterio.id", primary_key=True, ondelete="CASCADE")
    criterio_homologado_id: int = Field(foreign_key="criterio_homologado.id", index=True)
    vigencia_anterior: str = Field(max_length=20)
    marcado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    marcado_en: datetime = Field(default_factory=ahora)
