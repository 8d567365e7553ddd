"""Acta aprobada inmutable: disparadores que impiden modificarla o borrarla en la base.

Revision ID: 3c1f0a9d2b7e
Revises: 06018db577be
Create Date: 2026-11-28 07:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

from sesiones.models import ACTA_APROBADA_INMUTABLE

revision: str = "3c1f0a9d2b7e"
down_revision: str | None = "06018db577be"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for sentencia in ACTA_APROBADA_INMUTABLE[op.get_bind().dialect.name]:
        op.execute(sentencia)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS acta_aprobada_inmutable ON acta")
        op.execute("DROP FUNCTION IF EXISTS acta_aprobada_inmutable()")
    else:
        op.execute("DROP TRIGGER IF EXISTS acta_aprobada_sin_cambios")
        op.execute("DROP TRIGGER IF EXISTS acta_aprobada_sin_borrado")
