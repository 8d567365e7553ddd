"""The clock of the register: ``ahora`` and the moment fixed by ``en_el_momento``."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from criterios.models import Ajuste, ahora, en_el_momento

CDMX = timezone(timedelta(hours=-6))


def test_en_el_momento_fija_la_hora_del_bloque_y_la_devuelve_al_salir():
    pasado = datetime(2026, 9, 17, 10, 4, tzinfo=CDMX)
    with en_el_momento(pasado):
        assert ahora() == datetime(2026, 9, 17, 16, 4, tzinfo=UTC)
        assert Ajuste(clave="x", valor=1).actualizado_en == ahora()  # defaults read it too
        with en_el_momento(pasado + timedelta(hours=1)):
            assert ahora().hour == 17
        assert ahora().hour == 16
    assert ahora() > pasado + timedelta(days=30)


def test_la_hora_vuelve_aunque_el_bloque_falle():
    pasado = datetime(2026, 9, 17, 10, 4, tzinfo=UTC)
    with pytest.raises(RuntimeError), en_el_momento(pasado):
        raise RuntimeError("falla a media historia")
    assert ahora() > pasado + timedelta(days=30)


def test_en_el_momento_exige_zona_horaria():
    with pytest.raises(ValueError, match="zona horaria"), en_el_momento(datetime(2026, 9, 17)):
        pass
