"""mesas de análisis y criterios homologados

Revision ID: 06018db577be
Revises: a8585d5c4e2f
Create Date: 2026-11-28 06:17:20.573849
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "06018db577be"
down_revision: str | None = "a8585d5c4e2f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "criterio_homologado",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clave", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("rubro", sa.Text(), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("precedentes", sa.Text(), nullable=True),
        sa.Column("marco_normativo", sa.Text(), nullable=True),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("grupo_clave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("divergencia_clave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("punto_origen_id", sa.Integer(), nullable=True),
        sa.Column("punto_aprobacion_id", sa.Integer(), nullable=True),
        sa.Column("version_aprobada", sa.Integer(), nullable=True),
        sa.Column("aprobado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("publicado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("publicado_por_id", sa.Integer(), nullable=True),
        sa.Column("superado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actualizado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creado_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["publicado_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["superado_por_id"],
            ["criterio_homologado.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("clave"),
    )
    with op.batch_alter_table("criterio_homologado", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterio_homologado_estado"), ["estado"], unique=False)

    op.create_table(
        "mesa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("anio", sa.Integer(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("titulo", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("hora", sa.Time(), nullable=True),
        sa.Column("modalidad", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("sede_garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("enlace", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("direccion", sa.Text(), nullable=True),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("motivo_cancelacion", sa.Text(), nullable=True),
        sa.Column("quorum_fraccion", sa.Float(), nullable=False),
        sa.Column("quorum_estricto", sa.Boolean(), nullable=False),
        sa.Column("creada_por_id", sa.Integer(), nullable=True),
        sa.Column("creada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("convocada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("iniciada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("concluida_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("actualizada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creada_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sede_garante_id"],
            ["garante.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("anio", "numero", name="uq_mesa_anio_numero"),
    )
    with op.batch_alter_table("mesa", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mesa_estado"), ["estado"], unique=False)
        batch_op.create_index(batch_op.f("ix_mesa_fecha"), ["fecha"], unique=False)

    op.create_table(
        "propuesta_tema",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("titulo", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("justificacion", sa.Text(), nullable=False),
        sa.Column("origen", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("divergencia_clave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("grupo_clave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("resumen_origen", sa.Text(), nullable=True),
        sa.Column("criterio_ids", sa.JSON(), nullable=False),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("motivo_no_admision", sa.Text(), nullable=True),
        sa.Column("resuelta_por_id", sa.Integer(), nullable=True),
        sa.Column("resuelta_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("creada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.ForeignKeyConstraint(
            ["resuelta_por_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("propuesta_tema", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propuesta_tema_divergencia_clave"), ["divergencia_clave"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_propuesta_tema_estado"), ["estado"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_propuesta_tema_grupo_clave"), ["grupo_clave"], unique=False
        )

    op.create_table(
        "acta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mesa_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("datos", sa.JSON(), nullable=True),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("motivo_correccion", sa.Text(), nullable=True),
        sa.Column("creada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("aprobada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("aprobada_por_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["aprobada_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mesa_id"],
            ["mesa.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mesa_id", "version", name="uq_acta_mesa_version"),
    )
    with op.batch_alter_table("acta", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acta_mesa_id"), ["mesa_id"], unique=False)

    op.create_table(
        "apoyo_propuesta",
        sa.Column("propuesta_id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["propuesta_id"], ["propuesta_tema.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("propuesta_id", "usuario_id"),
    )
    op.create_table(
        "asistencia",
        sa.Column("mesa_id", sa.Integer(), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("presente", sa.Boolean(), nullable=False),
        sa.Column("representantes", sa.Text(), nullable=True),
        sa.Column("registrada_por_id", sa.Integer(), nullable=True),
        sa.Column("registrada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.ForeignKeyConstraint(["mesa_id"], ["mesa.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["registrada_por_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("mesa_id", "garante_id"),
    )
    op.create_table(
        "criterio_superado",
        sa.Column("criterio_id", sa.Integer(), nullable=False),
        sa.Column("criterio_homologado_id", sa.Integer(), nullable=False),
        sa.Column("vigencia_anterior", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("marcado_por_id", sa.Integer(), nullable=True),
        sa.Column("marcado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterio_homologado_id"],
            ["criterio_homologado.id"],
        ),
        sa.ForeignKeyConstraint(["criterio_id"], ["criterio.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["marcado_por_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("criterio_id"),
    )
    with op.batch_alter_table("criterio_superado", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_criterio_superado_criterio_homologado_id"),
            ["criterio_homologado_id"],
            unique=False,
        )

    op.create_table(
        "fuente_criterio_homologado",
        sa.Column("criterio_homologado_id", sa.Integer(), nullable=False),
        sa.Column("criterio_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterio_homologado_id"], ["criterio_homologado.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["criterio_id"],
            ["criterio.id"],
        ),
        sa.PrimaryKeyConstraint("criterio_homologado_id", "criterio_id"),
    )
    with op.batch_alter_table("fuente_criterio_homologado", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fuente_criterio_homologado_criterio_id"), ["criterio_id"], unique=False
        )

    op.create_table(
        "observacion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("criterio_homologado_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("respuesta", sa.Text(), nullable=True),
        sa.Column("resuelta_por_id", sa.Integer(), nullable=True),
        sa.Column("resuelta_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("creada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["criterio_homologado_id"], ["criterio_homologado.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.ForeignKeyConstraint(
            ["resuelta_por_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("observacion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_observacion_criterio_homologado_id"),
            ["criterio_homologado_id"],
            unique=False,
        )

    op.create_table(
        "punto_orden",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mesa_id", sa.Integer(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("titulo", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("descripcion", sa.Text(), nullable=True),
        sa.Column("tipo", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("clave_estandar", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("propuesta_id", sa.Integer(), nullable=True),
        sa.Column("grupo_clave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("divergencia_clave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("proyecto_id", sa.Integer(), nullable=True),
        sa.Column("notas_deliberacion", sa.Text(), nullable=True),
        sa.Column("votable", sa.Boolean(), nullable=False),
        sa.Column("regla_votacion", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("resultado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("resultado_detalle", sa.JSON(), nullable=True),
        sa.Column("votacion_abierta_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("votacion_cerrada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("diferido_de_id", sa.Integer(), nullable=True),
        sa.Column("diferido_a_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["diferido_a_id"],
            ["punto_orden.id"],
        ),
        sa.ForeignKeyConstraint(
            ["diferido_de_id"],
            ["punto_orden.id"],
        ),
        sa.ForeignKeyConstraint(["mesa_id"], ["mesa.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["propuesta_id"],
            ["propuesta_tema.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proyecto_id"],
            ["criterio_homologado.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("punto_orden", schema=None) as batch_op:
        batch_op.create_index("ix_punto_orden_mesa_orden", ["mesa_id", "orden"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_punto_orden_propuesta_id"), ["propuesta_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_punto_orden_proyecto_id"), ["proyecto_id"], unique=False
        )

    # Puntos and criterios homologados point at each other: these two constraints go in
    # once both tables exist.
    with op.batch_alter_table("criterio_homologado", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_criterio_homologado_punto_origen", "punto_orden", ["punto_origen_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_criterio_homologado_punto_aprobacion",
            "punto_orden",
            ["punto_aprobacion_id"],
            ["id"],
        )

    op.create_table(
        "version_criterio_homologado",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("criterio_homologado_id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("rubro", sa.Text(), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("precedentes", sa.Text(), nullable=True),
        sa.Column("marco_normativo", sa.Text(), nullable=True),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("autor", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("creada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["criterio_homologado_id"], ["criterio_homologado.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "criterio_homologado_id", "numero", name="uq_version_criterio_homologado"
        ),
    )
    with op.batch_alter_table("version_criterio_homologado", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_version_criterio_homologado_criterio_homologado_id"),
            ["criterio_homologado_id"],
            unique=False,
        )

    op.create_table(
        "acuerdo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("mesa_id", sa.Integer(), nullable=False),
        sa.Column("punto_id", sa.Integer(), nullable=True),
        sa.Column("consecutivo", sa.Integer(), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("fecha_limite", sa.Date(), nullable=True),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("creado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("cumplido_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cumplido_por_id", sa.Integer(), nullable=True),
        sa.Column("actualizado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creado_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["cumplido_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mesa_id"],
            ["mesa.id"],
        ),
        sa.ForeignKeyConstraint(
            ["punto_id"],
            ["punto_orden.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("numero"),
    )
    with op.batch_alter_table("acuerdo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acuerdo_estado"), ["estado"], unique=False)
        batch_op.create_index(batch_op.f("ix_acuerdo_fecha_limite"), ["fecha_limite"], unique=False)
        batch_op.create_index(batch_op.f("ix_acuerdo_mesa_id"), ["mesa_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_acuerdo_punto_id"), ["punto_id"], unique=False)

    op.create_table(
        "voto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("punto_id", sa.Integer(), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("sentido", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("por_secretaria", sa.Boolean(), nullable=False),
        sa.Column("emitido_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.ForeignKeyConstraint(["punto_id"], ["punto_orden.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("punto_id", "garante_id", name="uq_voto_punto_garante"),
    )
    with op.batch_alter_table("voto", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voto_punto_id"), ["punto_id"], unique=False)

    op.create_table(
        "avance_acuerdo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acuerdo_id", sa.Integer(), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("nota", sa.Text(), nullable=False),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["acuerdo_id"], ["acuerdo.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("avance_acuerdo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_avance_acuerdo_acuerdo_id"), ["acuerdo_id"], unique=False
        )

    op.create_table(
        "responsable_acuerdo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acuerdo_id", sa.Integer(), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["acuerdo_id"], ["acuerdo.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("responsable_acuerdo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responsable_acuerdo_acuerdo_id"), ["acuerdo_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_responsable_acuerdo_garante_id"), ["garante_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_responsable_acuerdo_usuario_id"), ["usuario_id"], unique=False
        )

    op.create_table(
        "evidencia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("avance_id", sa.Integer(), nullable=True),
        sa.Column("nombre_archivo", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("tipo_mime", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("tamano", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("contenido", sa.LargeBinary(), nullable=False),
        sa.Column("subida_por_id", sa.Integer(), nullable=True),
        sa.Column("subida_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["avance_id"], ["avance_acuerdo.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["subida_por_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidencia", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidencia_avance_id"), ["avance_id"], unique=False)

    op.create_table(
        "adhesion",
        sa.Column("criterio_homologado_id", sa.Integer(), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=True),
        sa.Column("nota", sa.Text(), nullable=True),
        sa.Column("evidencia_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("evidencia_id", sa.Integer(), nullable=True),
        sa.Column("actualizada_por_id", sa.Integer(), nullable=True),
        sa.Column("actualizada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actualizada_por_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["criterio_homologado_id"], ["criterio_homologado.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["evidencia_id"],
            ["evidencia.id"],
        ),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.PrimaryKeyConstraint("criterio_homologado_id", "garante_id"),
    )


def downgrade() -> None:
    with op.batch_alter_table("criterio_homologado", schema=None) as batch_op:
        batch_op.drop_constraint("fk_criterio_homologado_punto_aprobacion", type_="foreignkey")
        batch_op.drop_constraint("fk_criterio_homologado_punto_origen", type_="foreignkey")
    op.drop_table("adhesion")
    with op.batch_alter_table("evidencia", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidencia_avance_id"))

    op.drop_table("evidencia")
    with op.batch_alter_table("responsable_acuerdo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responsable_acuerdo_usuario_id"))
        batch_op.drop_index(batch_op.f("ix_responsable_acuerdo_garante_id"))
        batch_op.drop_index(batch_op.f("ix_responsable_acuerdo_acuerdo_id"))

    op.drop_table("responsable_acuerdo")
    with op.batch_alter_table("avance_acuerdo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_avance_acuerdo_acuerdo_id"))

    op.drop_table("avance_acuerdo")
    with op.batch_alter_table("voto", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voto_punto_id"))

    op.drop_table("voto")
    with op.batch_alter_table("acuerdo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acuerdo_punto_id"))
        batch_op.drop_index(batch_op.f("ix_acuerdo_mesa_id"))
        batch_op.drop_index(batch_op.f("ix_acuerdo_fecha_limite"))
        batch_op.drop_index(batch_op.f("ix_acuerdo_estado"))

    op.drop_table("acuerdo")
    with op.batch_alter_table("version_criterio_homologado", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_version_criterio_homologado_criterio_homologado_id"))

    op.drop_table("version_criterio_homologado")
    with op.batch_alter_table("punto_orden", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_punto_orden_proyecto_id"))
        batch_op.drop_index(batch_op.f("ix_punto_orden_propuesta_id"))
        batch_op.drop_index("ix_punto_orden_mesa_orden")

    op.drop_table("punto_orden")
    with op.batch_alter_table("observacion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observacion_criterio_homologado_id"))

    op.drop_table("observacion")
    with op.batch_alter_table("fuente_criterio_homologado", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fuente_criterio_homologado_criterio_id"))

    op.drop_table("fuente_criterio_homologado")
    with op.batch_alter_table("criterio_superado", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterio_superado_criterio_homologado_id"))

    op.drop_table("criterio_superado")
    op.drop_table("asistencia")
    op.drop_table("apoyo_propuesta")
    with op.batch_alter_table("acta", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acta_mesa_id"))

    op.drop_table("acta")
    with op.batch_alter_table("propuesta_tema", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_propuesta_tema_grupo_clave"))
        batch_op.drop_index(batch_op.f("ix_propuesta_tema_estado"))
        batch_op.drop_index(batch_op.f("ix_propuesta_tema_divergencia_clave"))

    op.drop_table("propuesta_tema")
    with op.batch_alter_table("mesa", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mesa_fecha"))
        batch_op.drop_index(batch_op.f("ix_mesa_estado"))

    op.drop_table("mesa")
    with op.batch_alter_table("criterio_homologado", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterio_homologado_estado"))

    op.drop_table("criterio_homologado")
