"""The generic Atom builder: escaping, XML-safe text, RFC 3339 times, ids and order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sesiones import feed

MEXICO = timezone(timedelta(hours=-6))

A = "{http://www.w3.org/2005/Atom}"
CANAL = feed.Canal(
    id="tag:ejemplo.mx,2026-01-01:prueba",
    titulo="Canal <de> prueba & más",
    enlace_propio="https://ejemplo.mx/feed.atom",
    enlace_alterno="https://ejemplo.mx/",
    autor="Secretaría técnica",
)


def _entrada(id: str, momento: datetime, titulo: str = "Título") -> feed.Entrada:
    return feed.Entrada(
        id=id, titulo=titulo, actualizada=momento, enlace=f"https://ejemplo.mx/{id}?a=1&b=2",
        resumen="Resumen.",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("momento", "esperado"),
    [
        (datetime(2026, 12, 10, 17, 5, 9, 123456, tzinfo=UTC), "2026-12-10T17:05:09Z"),
        (datetime(2026, 12, 10, 11, 5, tzinfo=MEXICO), "2026-12-10T17:05:00Z"),
        (datetime(2026, 12, 10, 17, 5), "2026-12-10T17:05:00Z"),  # naive: stored UTC
    ],
)  # fmt: skip
def test_rfc3339_en_utc(momento, esperado):
    assert feed.rfc3339(momento) == esperado


@pytest.mark.parametrize(
    ("autoridad", "esperado"),
    [("Homologa.Ejemplo.MX:8443", "tag:homologa.ejemplo.mx,2026-11-28:mesa/3"),
     ("", "tag:localhost,2026-11-28:mesa/3")],
)  # fmt: skip
def test_tag_uri(autoridad, esperado):
    assert (
        feed.tag_uri(autoridad=autoridad, fecha=date(2026, 11, 28), especifico="mesa/3") == esperado
    )


def test_el_xml_escapa_y_quita_lo_que_xml_no_admite():
    entrada = _entrada("a", datetime(2026, 1, 2, tzinfo=UTC), titulo="Uno <b>\x0b & \x00dos")
    xml = feed.atom(canal=CANAL, entradas=[entrada], actualizado=datetime(2026, 1, 2, tzinfo=UTC))
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    raiz = ET.fromstring(xml)
    assert raiz.findtext(f"{A}title") == "Canal <de> prueba & más"
    assert raiz.findtext(f"{A}entry/{A}title") == "Uno <b> & dos"
    assert raiz.find(f"{A}entry/{A}link").get("href") == "https://ejemplo.mx/a?a=1&b=2"
    assert raiz.find(f"{A}entry/{A}title").get("type") == "text"


def test_ordenar_lo_mas_reciente_primero_con_limite():
    base = datetime(2026, 1, 1, tzinfo=UTC)
    entradas = [_entrada(f"e{n}", base + timedelta(minutes=n % 3)) for n in range(6)]
    ordenadas = feed.ordenar(entradas, limite=4)
    assert [e.id for e in ordenadas] == ["e2", "e5", "e1", "e4"]


def test_dentro_del_mismo_segundo_decide_la_hora_completa():
    base = datetime(2026, 1, 1, tzinfo=UTC)
    temprano = _entrada("a-temprano", base + timedelta(milliseconds=100))
    tarde = _entrada("b-tarde", base + timedelta(milliseconds=900))
    assert [e.id for e in feed.ordenar([temprano, tarde])] == ["b-tarde", "a-temprano"]
