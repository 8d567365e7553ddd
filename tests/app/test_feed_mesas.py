"""The public Atom feed of the mesas: /mesas/feed.atom."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest

from criterios.models import ahora
from sesiones.models import Mesa
from tests.factories import crear_acuerdo, crear_mesa
from tests.sesiones.registro_de_mesa import crear_registro

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _canal(cliente) -> ET.Element:
    respuesta = cliente.get("/mesas/feed.atom")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/atom+xml; charset=utf-8"
    raiz = ET.fromstring(respuesta.content)
    assert raiz.tag == f"{A}feed"
    return raiz


def _entradas(raiz: ET.Element) -> list[dict[str, str]]:
    entradas = []
    for entrada in raiz.findall(f"{A}entry"):
        enlace = entrada.find(f"{A}link")
        assert enlace is not None and enlace.get("rel") == "alternate"
        entradas.append(
            {
                "id": entrada.findtext(f"{A}id"),
                "title": entrada.findtext(f"{A}title"),
                "updated": entrada.findtext(f"{A}updated"),
                "summary": entrada.findtext(f"{A}summary"),
                "href": enlace.get("href"),
            }
        )
    return entradas


def _mesa(session, **campos) -> Mesa:
    momento = campos.pop("actualizada_en")
    return crear_mesa(session, actualizada_en=momento, creada_en=momento, **campos)


@pytest.fixture
def registro(session, cliente_como):
    """The concluded mesa (with its acta approved), its borrador destino, and other mesas."""
    registro = crear_registro(session)
    secretaria = cliente_como("secretaria")
    aprobada = secretaria.post(
        f"/mesas/{registro.mesa.id}/acta/aprobar", data={"confirmo": "si"}, follow_redirects=False
    )
    assert aprobada.status_code == 303
    hace = ahora() - timedelta(days=30)
    _mesa(
        session,
        estado="convocada",
        titulo="Tarifas <de> reproducción & envío",
        convocada_en=hace,
        actualizada_en=hace,
        fecha=date(2027, 3, 1),
    )
    # Cancelled before it was ever convocada: it never was public.
    _mesa(
        session,
        estado="cancelada",
        titulo="Mesa que nunca se convocó",
        actualizada_en=hace,
        fecha=date(2027, 3, 2),
    )
    _mesa(
        session,
        estado="borrador",
        titulo="Mesa en preparación",
        actualizada_en=ahora(),
        fecha=date(2027, 3, 3),
    )
    return registro  # fmt: skip


def test_el_canal_es_atom_valido_y_completo(registro, anonimo):
    raiz = _canal(anonimo)
    assert raiz.findtext(f"{A}id") == "tag:testserver,2026-01-01:mesas"
    assert raiz.findtext(f"{A}title") == "Mesas de análisis — Homologa"
    assert RFC3339.match(raiz.findtext(f"{A}updated") or "")
    enlaces = {e.get("rel"): e.get("href") for e in raiz.findall(f"{A}link")}
    assert enlaces == {
        "self": "http://testserver/mesas/feed.atom",
        "alternate": "http://testserver/mesas",
    }
    assert raiz.findtext(f"{A}author/{A}name") == "Secretaría técnica regional"

    entradas = _entradas(raiz)
    for entrada in entradas:
        assert entrada["id"].startswith("tag:testserver,")
        assert entrada["title"] and entrada["summary"]
        assert RFC3339.match(entrada["updated"]), entrada
        assert entrada["href"].startswith("http://testserver/")
    assert len({e["id"] for e in entradas}) == len(entradas)
    actualizadas = [e["updated"] for e in entradas]
    assert actualizadas == sorted(actualizadas, reverse=True)
    assert raiz.findtext(f"{A}updated") == actualizadas[0]


def test_lleva_mesas_actas_aprobadas_y_acuerdos_pero_no_borradores(registro, anonimo):
    entradas = _entradas(_canal(anonimo))
    por_enlace = {e["href"].removeprefix("http://testserver"): e for e in entradas}
    mesa_id = registro.mesa.id
    assert set(por_enlace) == {
        f"/mesas/{mesa_id}",
        f"/mesas/{mesa_id}/acta/v/1",
        "/acuerdos/1",
        f"/mesas/{mesa_id + 2}",  # the convocada one
    }
    # Neither the destino (borrador), nor the borrador, nor the cancelled borrador.
    assert all("preparación" not in e["title"] and "nunca" not in e["title"] for e in entradas)
    assert f"/mesas/{registro.destino.id}" not in por_enlace

    acta = por_enlace[f"/mesas/{mesa_id}/acta/v/1"]
    assert acta["title"] == "Acta de la 1.ª mesa de 2026, versión 1: Plazos de respuesta"
    assert acta["id"].endswith(f":mesa/{mesa_id}/acta/1")
    concluida = por_enlace[f"/mesas/{mesa_id}"]
    assert concluida["title"] == "1.ª mesa de 2026: Plazos de respuesta (concluida)"
    assert concluida["summary"] == "Sesionó el 10 de diciembre de 2026 a las 10:00; concluida."
    acuerdo = por_enlace["/acuerdos/1"]
    assert acuerdo["title"] == "Acuerdo CRCO/2026/01-01 (pendiente)"
    assert acuerdo["summary"] == (
        "Pendiente. Cada garante publicará su plazo de respuesta en su portal. "
        "Fecha límite: 31 de enero de 2027. Acuerdo de la 1.ª mesa de 2026."
    )


def test_los_titulos_con_marcas_se_escapan(registro, anonimo):
    respuesta = anonimo.get("/mesas/feed.atom")
    assert b"Tarifas &lt;de&gt; reproducci\xc3\xb3n &amp; env\xc3\xado" in respuesta.content
    titulos = [e["title"] for e in _entradas(ET.fromstring(respuesta.content))]
    assert "2.ª mesa de 2027: Tarifas <de> reproducción & envío (convocada)" in titulos


def test_una_correccion_en_borrador_no_aparece_y_la_version_aprobada_si(
    registro, cliente_como, anonimo
):
    secretaria = cliente_como("secretaria")
    mesa_id = registro.mesa.id
    secretaria.post(f"/mesas/{mesa_id}/acta/corregir", data={"motivo": "Un nombre."})
    enlaces = {e["href"] for e in _entradas(_canal(anonimo))}
    assert f"http://testserver/mesas/{mesa_id}/acta/v/1" in enlaces
    assert f"http://testserver/mesas/{mesa_id}/acta/v/2" not in enlaces
    secretaria.post(f"/mesas/{mesa_id}/acta/aprobar", data={"confirmo": "si"})
    entradas = _entradas(_canal(anonimo))
    v2 = next(e for e in entradas if e["href"].endswith(f"/mesas/{mesa_id}/acta/v/2"))
    assert v2["summary"] == (
        "Acta de la 1.ª mesa de 2026 (Plazos de respuesta), aprobada. "
        "Corrige la versión 1: Un nombre."
    )
    assert entradas[0] == v2  # the newest change


def test_un_acuerdo_vencido_cambia_el_dia_despues_de_su_fecha_limite(session, anonimo):
    hace_un_anio = ahora() - timedelta(days=365)
    mesa = _mesa(
        session, estado="concluida", convocada_en=hace_un_anio, actualizada_en=hace_un_anio
    )
    limite = ahora().date() - timedelta(days=3)
    crear_acuerdo(session, mesa, fecha_limite=limite, actualizado_en=hace_un_anio,
                  creado_en=hace_un_anio)  # fmt: skip
    entradas = _entradas(_canal(anonimo))
    acuerdo = next(e for e in entradas if "/acuerdos/" in e["href"])
    assert acuerdo["title"].endswith("(vencido)")
    vencimiento = datetime.combine(limite + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    assert acuerdo["updated"] == vencimiento.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert entradas[0] == acuerdo


def test_a_lo_mas_cincuenta_entradas_las_mas_recientes(session, anonimo):
    inicio = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(55):
        momento = inicio + timedelta(hours=n)
        _mesa(session, estado="convocada", convocada_en=momento, actualizada_en=momento,
              titulo=f"Mesa {n}")  # fmt: skip
    entradas = _entradas(_canal(anonimo))
    assert len(entradas) == 50
    assert entradas[0]["title"].endswith("Mesa 54 (convocada)")
    assert entradas[-1]["title"].endswith("Mesa 5 (convocada)")


def test_canal_vacio(anonimo):
    raiz = _canal(anonimo)
    assert raiz.findall(f"{A}entry") == []
    assert raiz.findtext(f"{A}updated") == "2026-01-01T00:00:00Z"
