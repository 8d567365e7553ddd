"""Índice de términos de búsqueda: tabla termino_criterio en lugar de criterio.busqueda.

Revision ID: a8585d5c4e2f
Revises: 86572b665cf9
Create Date: 2026-11-28 04:48:52.110033
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a8585d5c4e2f"
down_revision: str | None = "86572b665cf9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIPO_TERMINO = sa.String(length=60).with_variant(sa.String(length=60, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "termino_criterio",
        sa.Column("termino", TIPO_TERMINO, nullable=False),
        sa.Column("criterio_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["criterio_id"], ["criterio.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("termino", "criterio_id"),
    )
    with op.batch_alter_table("termino_criterio", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_termino_criterio_criterio_id"), ["criterio_id"], unique=False
        )
    _indexar_criterios_existentes()
    with op.batch_alter_table("criterio", schema=None) as batch_op:
        batch_op.drop_column("busqueda")


def _indexar_criterios_existentes() -> None:
    # The terms come from the same function the application uses when it saves.
    from criterios.registro import terminos_de_busqueda

    conexion = op.get_bind()
    criterio = sa.table(
        "criterio",
        sa.column("id", sa.Integer),
        sa.column("clave", sa.String),
        sa.column("rubro", sa.Text),
        sa.column("texto", sa.Text),
        sa.column("temas", sa.JSON),
        sa.column("precedentes", sa.JSON),
    )
    termino = sa.table(
        "termino_criterio", sa.column("termino", sa.String), sa.column("criterio_id", sa.Integer)
    )
    filas = []
    for fila in conexion.execute(sa.select(criterio)).mappings():
        datos = {**fila, "temas": fila["temas"] or [], "precedentes": fila["precedentes"] or []}
        filas += [{"termino": t, "criterio_id": fila["id"]} for t in terminos_de_busqueda(datos)]
    for inicio in range(0, len(filas), 20_000):
        conexion.execute(sa.insert(termino), filas[inicio : inicio + 20_000])


def downgrade() -> None:
    with op.batch_alter_table("criterio", schema=None) as batch_op:
        batch_op.add_column(sa.Column("busqueda", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("termino_criterio", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_termino_criterio_criterio_id"))
    op.drop_table("termino_criterio")
