"""The acta's pages and PDF: its content, the borrador, approval, correction and visibility."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlmodel import select

from app.models import EventoBitacora
from criterios.models import Garante
from sesiones.models import Acta, PuntoOrden
from tests.factories import crear_mesa
from tests.pdf import texto_pdf
from tests.sesiones.registro_de_mesa import crear_registro


class _Tablas(HTMLParser):
    """Collect the rows (lists of cell texts) of every table, by the table's class."""

    def __init__(self) -> None:
        super().__init__()
        self.tablas: dict[str, list[list[str]]] = {}
        self._tabla: list[list[str]] | None = None
        self._celda: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._tabla = self.tablas.setdefault(dict(attrs).get("class") or "", [])
        elif tag == "tr" and self._tabla is not None:
            self._tabla.append([])
        elif tag in ("td", "th") and self._tabla is not None:
            self._celda = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._tabla is not None and self._celda is not None:
            self._tabla[-1].append(" ".join("".join(self._celda).split()))
            self._celda = None
        elif tag == "table":
            self._tabla = None

    def handle_data(self, data: str) -> None:
        if self._celda is not None:
            self._celda.append(data)


def tabla(html: str, clase: str) -> list[list[str]]:
    lector = _Tablas()
    lector.feed(html)
    return lector.tablas[clase]


def texto(html: str) -> str:
    """Return the page's text: tags become spaces, collapsed, none before punctuation."""
    plano = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([.,;:)])", r"\1", plano)


@pytest.fixture
def registro(session):
    return crear_registro(session)


@pytest.fixture
def secretaria(cliente_como):
    return cliente_como("secretaria")


def _aprobar(cliente, mesa_id: int):
    respuesta = cliente.post(
        f"/mesas/{mesa_id}/acta/aprobar", data={"confirmo": "si"}, follow_redirects=False
    )
    assert respuesta.status_code == 303, respuesta.text[:2000]
    return respuesta


def test_el_borrador_muestra_el_registro_completo(registro, secretaria):
    respuesta = secretaria.get(f"/mesas/{registro.mesa.id}/acta")
    assert respuesta.status_code == 200
    html = respuesta.text
    assert '<span class="marca-borrador">BORRADOR</span> Versión 1 del acta, sin aprobar.' in html
    assert '<h1 id="acta-titulo">Acta de la 1.ª mesa de análisis de 2026</h1>' in html
    assert tabla(html, "acta-tabla")[1:] == [
        ["Instituto de Transparencia de Aguascalientes", "Presente", "Comisionado Jorge Díaz"],
        ["Instituto de Transparencia de Colima (INFOCOL)", "Presente", "Comisionado Luis Gómez"],
        ["Instituto de Transparencia de Jalisco (ITEI)", "Presente", "Comisionada Ana Pérez"],
        ["Instituto de Transparencia de Nayarit", "Ausente", "—"],
    ]
    # Each garante's vote and who cast it; the secretaría's on behalf of ags says so.
    assert tabla(html, "acta-tabla acta-votos") == [
        ["Garante", "Voto", "Emitido por"],
        [
            "Instituto de Transparencia de Aguascalientes",
            "A favor",
            "Registrado por la secretaría técnica a nombre del garante (Sofía Ruiz)",
        ],
        ["INFOCOL", "Abstención", "Luis Gómez"],
        ["ITEI", "A favor", "Ana Pérez"],
    ]
    contenido = texto(html)
    assert (
        "Garantes con derecho: 4 · presentes: 3 · requeridos para el quórum: 3 "
        "(más de la mitad de los garantes con derecho). Hubo quórum."
    ) in contenido
    assert "A favor: 2 · en contra: 0 · abstenciones: 1." in contenido
    assert "Resultado: Aprobado." in contenido
    assert "Regla: Mayoría simple de los garantes presentes." in contenido
    assert "Colima pidió &lt;datos&gt; &amp; cifras." in html  # the notes, escaped
    assert "Fecha 10 de diciembre de 2026, 10:00 horas Modalidad Virtual" in contenido
    assert (
        "CRCO/2026/01-01 Cada garante publicará su plazo de respuesta en su portal. "
        "Responsables: Instituto de Transparencia de Aguascalientes, Instituto de "
        "Transparencia de Jalisco, Sofía Ruiz · Fecha límite: 31 de enero de 2027"
    ) in contenido
    assert "Se difirió al punto 1 de la 1.ª mesa de 2027 (4 de febrero de 2027)." in contenido
    assert f'<a href="/mesas/{registro.destino.id}">1.ª mesa de 2027</a>' in html
    titulos = re.findall(r'<h3 id="punto-\d+-titulo">([^<]+)</h3>', html)
    assert titulos == [
        "1. Lista de asistencia y declaración de quórum",
        "2. Lectura y, en su caso, aprobación del orden del día",
        "3. Plazo para responder",
        "4. Prórrogas",
    ]
    assert f'action="/mesas/{registro.mesa.id}/acta/aprobar"' in html
    assert "Corregir el acta" not in html


def test_el_punto_que_continua_otro_dice_de_donde_viene(registro, session, secretaria):
    destino = registro.destino
    destino.estado = "concluida"
    session.add(destino)
    session.commit()
    contenido = texto(secretaria.get(f"/mesas/{destino.id}/acta").text)
    assert (
        "Continúa el punto 4 de la 1.ª mesa de 2026 (10 de diciembre de 2026), "
        "que se difirió a esta sesión."
    ) in contenido


@pytest.mark.parametrize(
    "ruta", ["/acta", "/acta.pdf", "/acta/versiones", "/acta/v/1", "/acta/v/1.pdf"]
)
def test_el_publico_no_ve_el_borrador(registro, anonimo, ruta):
    respuesta = anonimo.get(f"/mesas/{registro.mesa.id}{ruta}")
    assert respuesta.status_code == 404
    assert "BORRADOR" not in respuesta.text


@pytest.mark.parametrize(
    ("rol", "garante"),
    [("administrador", None), ("comisionado", "jal"), ("juridico", "ags")],
)
def test_toda_cuenta_ve_el_borrador_pero_solo_la_secretaria_lo_aprueba(
    registro, cliente_como, rol, garante
):
    html = cliente_como(rol, garante).get(f"/mesas/{registro.mesa.id}/acta").text
    assert "BORRADOR" in html
    assert "/acta/aprobar" not in html


def test_aprobar_pide_confirmacion(registro, secretaria, session):
    respuesta = secretaria.post(f"/mesas/{registro.mesa.id}/acta/aprobar", data={})
    assert respuesta.status_code == 400
    assert "Marque la casilla para confirmar que el acta puede aprobarse." in respuesta.text
    assert session.exec(select(Acta)).all() == []


def test_aprobar_publica_la_version_y_la_deja_fija(registro, secretaria, anonimo, session):
    mesa_id = registro.mesa.id
    respuesta = _aprobar(secretaria, mesa_id)
    assert respuesta.headers["location"] == f"/mesas/{mesa_id}/acta?aviso=aprobada"
    acta = session.exec(select(Acta)).one()
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "acta.aprobar")
    ).one()
    assert evento.usuario_id is not None
    assert (acta.version, acta.estado, acta.aprobada_por_id) == (1, "aprobada", evento.usuario_id)
    assert "Registrado por la secretaría técnica a nombre del garante" in acta.html
    assert evento.objeto_id == f"{mesa_id}/v1"
    assert evento.resumen == "Aprobación del acta de la 1.ª mesa de 2026, versión 1."
    assert len(evento.detalles["sha256_html"]) == 64

    publica = anonimo.get(f"/mesas/{mesa_id}/acta")
    assert publica.status_code == 200
    assert "BORRADOR" not in publica.text
    assert "Versión 1 del acta, aprobada el" in publica.text
    assert "/acta/aprobar" not in publica.text and "/acta/corregir" not in publica.text
    votos = tabla(publica.text, "acta-tabla acta-votos")

    # The record changes later (a garante's name, a punto's notes): the acta does not.
    garante = session.get(Garante, "ags")
    garante.nombre = "Otro nombre"
    punto = session.get(PuntoOrden, registro.votado.id)
    punto.notas_deliberacion = "Notas cambiadas por fuera."
    session.add_all([garante, punto])
    session.commit()
    despues = anonimo.get(f"/mesas/{mesa_id}/acta").text
    assert tabla(despues, "acta-tabla acta-votos") == votos
    assert "Instituto de Transparencia de Aguascalientes" in despues
    assert "Otro nombre" not in despues and "Notas cambiadas por fuera." not in despues
    assert "Colima pidió &lt;datos&gt; &amp; cifras." in despues


def test_un_acta_aprobada_no_se_aprueba_otra_vez(registro, secretaria):
    _aprobar(secretaria, registro.mesa.id)
    respuesta = secretaria.post(f"/mesas/{registro.mesa.id}/acta/aprobar", data={"confirmo": "si"})
    assert respuesta.status_code == 409
    assert "La versión 1 del acta ya está aprobada." in respuesta.text


def test_la_mesa_sin_concluir_aun_no_tiene_acta(session, secretaria, anonimo):
    mesa = crear_mesa(session, estado="en_curso")
    respuesta = secretaria.get(f"/mesas/{mesa.id}/acta")
    assert respuesta.status_code == 404
    assert "El acta se genera cuando la mesa concluye; esta mesa está en curso." in respuesta.text
    assert anonimo.get(f"/mesas/{mesa.id}/acta").status_code == 404
    respuesta = secretaria.post(f"/mesas/{mesa.id}/acta/aprobar", data={"confirmo": "si"})
    assert respuesta.status_code == 409
    assert "El acta se aprueba cuando la mesa ha concluido" in respuesta.text


def test_una_mesa_en_borrador_no_existe_para_el_publico(session, anonimo):
    mesa = crear_mesa(session, estado="borrador")
    assert anonimo.get(f"/mesas/{mesa.id}/acta").status_code == 404
    assert anonimo.get("/mesas/999/acta").status_code == 404


def test_correccion_crea_una_version_nueva_y_conserva_la_anterior(
    registro, secretaria, anonimo, session
):
    mesa_id = registro.mesa.id
    _aprobar(secretaria, mesa_id)

    sin_motivo = secretaria.post(f"/mesas/{mesa_id}/acta/corregir", data={"motivo": "  "})
    assert sin_motivo.status_code == 400
    assert "Escriba el motivo de la corrección" in sin_motivo.text
    respuesta = secretaria.post(
        f"/mesas/{mesa_id}/acta/corregir",
        data={"motivo": "Faltaba un representante."},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/mesas/{mesa_id}/acta?aviso=correccion"
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "acta.corregir")
    ).one()
    assert evento.detalles["motivo"] == "Faltaba un representante."

    # The secretaría now sees the borrador of version 2; the public still sees version 1.
    interno = secretaria.get(f"/mesas/{mesa_id}/acta").text
    assert "Versión 2 del acta, sin aprobar." in interno
    assert f'versión vigente y pública es la <a href="/mesas/{mesa_id}/acta/v/1">versión 1</a>' in (
        interno
    )
    assert "Corrige la versión 1. Motivo: Faltaba un representante." in texto(interno)
    publica = anonimo.get(f"/mesas/{mesa_id}/acta").text
    assert "Versión 1 del acta, aprobada el" in publica and "BORRADOR" not in publica
    assert anonimo.get(f"/mesas/{mesa_id}/acta/v/2").status_code == 404
    publicas = tabla(anonimo.get(f"/mesas/{mesa_id}/acta/versiones").text, "tabla-versiones-acta")
    assert [fila[:2] for fila in publicas[1:]] == [["1", "Aprobada"]]
    filas = tabla(secretaria.get(f"/mesas/{mesa_id}/acta/versiones").text, "tabla-versiones-acta")
    assert [(f[0], f[1], f[3]) for f in filas[1:]] == [
        ("2", "Borrador", "Faltaba un representante."),
        ("1", "Aprobada", "—"),
    ]

    # While the correction is a borrador, the record may change and the borrador follows it.
    punto = session.get(PuntoOrden, registro.votado.id)
    punto.notas_deliberacion = "Notas corregidas."
    session.add(punto)
    session.commit()
    assert "Notas corregidas." in secretaria.get(f"/mesas/{mesa_id}/acta").text

    _aprobar(secretaria, mesa_id)
    v2 = anonimo.get(f"/mesas/{mesa_id}/acta").text
    assert "Versión 2 del acta, aprobada el" in v2
    assert "Notas corregidas." in v2
    assert "Corrige la versión 1. Motivo: Faltaba un representante." in texto(v2)
    v1 = anonimo.get(f"/mesas/{mesa_id}/acta/v/1").text
    assert "Notas corregidas." not in v1 and "Colima pidió &lt;datos&gt; &amp; cifras." in v1
    assert "Existe una versión posterior" in v1
    assert [(a.version, a.estado) for a in session.exec(select(Acta).order_by(Acta.version))] == [
        (1, "aprobada"),
        (2, "aprobada"),
    ]


def test_corregir_antes_de_aprobar_es_un_conflicto(registro, secretaria):
    respuesta = secretaria.post(
        f"/mesas/{registro.mesa.id}/acta/corregir", data={"motivo": "Un error."}
    )
    assert respuesta.status_code == 409
    assert "El acta aún no se ha aprobado" in respuesta.text


def test_version_inexistente(registro, secretaria):
    _aprobar(secretaria, registro.mesa.id)
    for ruta in ("/acta/v/2", "/acta/v/0", "/acta/v/2.pdf"):
        assert secretaria.get(f"/mesas/{registro.mesa.id}{ruta}").status_code == 404


def test_pdf_del_borrador_y_de_la_version_aprobada(registro, secretaria, anonimo):
    mesa_id = registro.mesa.id
    borrador = secretaria.get(f"/mesas/{mesa_id}/acta.pdf")
    assert borrador.status_code == 200
    assert borrador.headers["content-type"] == "application/pdf"
    assert borrador.content.startswith(b"%PDF")
    assert "acta-mesa-01-2026-borrador.pdf" in borrador.headers["content-disposition"]
    texto_borrador = texto_pdf(borrador.content)
    assert "BORRADOR" in texto_borrador
    assert "Registrado por la secretaría técnica" in texto_borrador

    _aprobar(secretaria, mesa_id)
    aprobada = anonimo.get(f"/mesas/{mesa_id}/acta.pdf")
    assert aprobada.status_code == 200 and aprobada.content.startswith(b"%PDF")
    assert "acta-mesa-01-2026-v1.pdf" in aprobada.headers["content-disposition"]
    assert anonimo.get(f"/mesas/{mesa_id}/acta/v/1.pdf").content.startswith(b"%PDF")
    texto_aprobada = texto_pdf(aprobada.content)
    assert "BORRADOR" not in texto_aprobada
    assert "Acta de la 1.ª mesa de análisis de 2026" in texto_aprobada
