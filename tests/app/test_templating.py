"""The Spanish filters of the one Jinja environment."""

from datetime import UTC, date, datetime

import pytest

from app.templating import fecha_hora, fecha_larga, plazo


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (None, ""),
        (date(2026, 11, 28), "28 de noviembre de 2026"),
        # Stored moments are UTC; people read them on central Mexico's calendar (UTC−6).
        (datetime(2026, 11, 29, 3, 30, tzinfo=UTC), "28 de noviembre de 2026"),
        (datetime(2026, 11, 29, 6, 0, tzinfo=UTC), "29 de noviembre de 2026"),
        (datetime(2026, 1, 1, 5, 59, tzinfo=UTC), "31 de diciembre de 2025"),
    ],
)
def test_fecha_larga(valor, esperado):
    assert fecha_larga(valor) == esperado


@pytest.mark.parametrize(
    ("cantidad", "unidad", "esperado"),
    [(15, "dias_habiles", "15 días hábiles"), (1, "meses", "1 mes"), (None, "meses", "")],
)
def test_plazo(cantidad, unidad, esperado):
    assert plazo(cantidad, unidad) == esperado


def test_fecha_hora_en_la_hora_del_centro_de_mexico():
    assert (
        fecha_hora(datetime(2026, 11, 29, 3, 30, tzinfo=UTC)) == "28 de noviembre de 2026, 21:30 h"
    )
    assert fecha_hora(None) == ""
