"""Cuentas, sesiones del servidor, intentos de acceso, bitácora y catálogo público por garante

Revision ID: 490b7766545f
Revises: 9f16086c1433
Create Date: 2026-11-28 04:10:21.686854
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.models import SOLO_AGREGAR_BITACORA

revision: str = "490b7766545f"
down_revision: str | None = "9f16086c1433"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evento_bitacora",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("usuario_correo", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("accion", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("objeto_tipo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("objeto_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("resumen", sa.Text(), nullable=False),
        sa.Column("detalles", sa.JSON(), nullable=True),
        sa.Column("direccion", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evento_bitacora", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evento_bitacora_accion"), ["accion"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evento_bitacora_creado_en"), ["creado_en"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evento_bitacora_objeto_tipo"), ["objeto_tipo"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evento_bitacora_usuario_correo"), ["usuario_correo"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evento_bitacora_usuario_id"), ["usuario_id"], unique=False
        )
    # The bitácora is append-only in the database too, not only in the app.
    for sentencia in SOLO_AGREGAR_BITACORA[op.get_bind().dialect.name]:
        op.execute(sentencia)

    op.create_table(
        "intento_acceso",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("correo", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("direccion", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("exitoso", sa.Boolean(), nullable=False),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("intento_acceso", schema=None) as batch_op:
        batch_op.create_index(
            "ix_intento_acceso_correo_creado", ["correo", "creado_en"], unique=False
        )
        batch_op.create_index(
            "ix_intento_acceso_direccion_creado", ["direccion", "creado_en"], unique=False
        )

    op.create_table(
        "usuario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("correo", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("nombre", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("rol", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("garante_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("contrasena_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("debe_cambiar_contrasena", sa.Boolean(), nullable=False),
        sa.Column("contrasena_cambiada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("activo", sa.Boolean(), nullable=False),
        sa.Column("creado_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["garante_id"],
            ["garante.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("usuario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usuario_correo"), ["correo"], unique=True)

    op.create_table(
        "sesion_usuario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("creada_en", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ultimo_uso", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("direccion", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sesion_usuario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sesion_usuario_id_hash"), ["id_hash"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_sesion_usuario_usuario_id"), ["usuario_id"], unique=False
        )

    with op.batch_alter_table("garante", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("catalogo_publico", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("garante", schema=None) as batch_op:
        batch_op.drop_column("catalogo_publico")

    with op.batch_alter_table("sesion_usuario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sesion_usuario_usuario_id"))
        batch_op.drop_index(batch_op.f("ix_sesion_usuario_id_hash"))

    op.drop_table("sesion_usuario")
    with op.batch_alter_table("usuario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usuario_correo"))

    op.drop_table("usuario")
    with op.batch_alter_table("intento_acceso", schema=None) as batch_op:
        batch_op.drop_index("ix_intento_acceso_direccion_creado")
        batch_op.drop_index("ix_intento_acceso_correo_creado")

    op.drop_table("intento_acceso")
    with op.batch_alter_table("evento_bitacora", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evento_bitacora_usuario_id"))
        batch_op.drop_index(batch_op.f("ix_evento_bitacora_usuario_correo"))
        batch_op.drop_index(batch_op.f("ix_evento_bitacora_objeto_tipo"))
        batch_op.drop_index(batch_op.f("ix_evento_bitacora_creado_en"))
        batch_op.drop_index(batch_op.f("ix_evento_bitacora_accion"))

    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bitacora_solo_agregar() CASCADE")
    op.drop_table("evento_bitacora")
