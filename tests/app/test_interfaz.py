"""What a person reviewing the screens checks on every page of the deliberation workflow.

The pages are those of the demo (``homologa serve``), seen by the public, the secretaría
and a comisionado: each has its own title, one h1, headings in order, breadcrumbs, a label
for every field, dates in words, and tables that turn into labelled cards on a phone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from app.cli import _renderizador_de_actas
from app.cuentas import crear_cuentas_de_ejemplo
from criterios.demo import cargar_demo
from sesiones.demo import cargar_demo_de_sesiones
from sesiones.models import CriterioHomologado

PUBLICAS = [
    "/",
    "/mesas",
    "/mesas/1",
    "/mesas/2",
    "/mesas/1/acta",
    "/acuerdos",
    "/acuerdos/1",
    "/criterios-homologados",
    "/criterios-homologados/1",
    "/criterios-homologados/adhesion",
    "/garantes/ags",
]
INTERNAS = [
    "/mesas/1/sesion",
    "/propuestas",
    "/propuestas/1",
    "/proyectos",
    "/proyectos/{proyecto}",
    "/proyectos/{proyecto}/versiones",
]
# Tables whose rows become cards on a phone: each cell but the main one names its column.
TABLAS_TARJETA = ("tabla-tarjetas", "tabla-criterios", "tabla-propuestas")
FECHA_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SIN_ETIQUETA = {"hidden", "submit", "button", "reset"}


@dataclass
class _Tabla:
    clase: str
    encabezados: list[str] = field(default_factory=list)
    # (data-etiqueta, class, column number) of every td of the body
    celdas: list[tuple[str | None, str, int]] = field(default_factory=list)


class _Pagina(HTMLParser):
    """What the review looks at in a page's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.titulo = ""
        self.encabezados: list[int] = []
        self.etiquetas_para: set[str] = set()
        self.campos: list[dict[str, str | None]] = []
        self.hay_migas = False
        self.texto: list[str] = []
        self.tablas: list[_Tabla] = []
        self.actuales_por_submenu: list[int] = []
        self._pila: list[str] = []
        self._en_titulo = False
        self._en_label = 0
        self._th: list[str] | None = None
        self._columna = 0
        self._en_submenu = False
        self._ignorar = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        clases = (a.get("class") or "").split()
        if tag in ("script", "style"):
            self._ignorar += 1
        if tag == "title":
            self._en_titulo = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.encabezados.append(int(tag[1]))
        elif tag == "label":
            self._en_label += 1
            if a.get("for"):
                self.etiquetas_para.add(a["for"] or "")
        elif tag in ("input", "select", "textarea"):
            if (a.get("type") or "text") not in SIN_ETIQUETA:
                self.campos.append({**a, "_en_label": "1" if self._en_label else None})
        elif tag == "nav":
            self.hay_migas = self.hay_migas or "migas" in clases
            self._en_submenu = "submenu" in clases
            if self._en_submenu:
                self.actuales_por_submenu.append(0)
        elif tag == "a" and self._en_submenu and "aria-current" in a:
            self.actuales_por_submenu[-1] += 1
        elif tag == "table":
            self.tablas.append(_Tabla(clase=a.get("class") or ""))
        elif tag == "tr" and self.tablas:
            self._columna = 0
        elif tag == "th" and self.tablas:
            self._th = []
        elif tag == "td" and self.tablas:
            self.tablas[-1].celdas.append(
                (a.get("data-etiqueta"), a.get("class") or "", self._columna)
            )
            self._columna += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._ignorar -= 1
        elif tag == "title":
            self._en_titulo = False
        elif tag == "label":
            self._en_label -= 1
        elif tag == "nav":
            self._en_submenu = False
        elif tag == "th" and self._th is not None and self.tablas:
            self.tablas[-1].encabezados.append(" ".join("".join(self._th).split()))
            self._th = None
            self._columna += 1

    def handle_data(self, data: str) -> None:
        if self._en_titulo:
            self.titulo += data
        if self._th is not None:
            self._th.append(data)
        if not self._ignorar:
            self.texto.append(data)

    def problemas(self, ruta: str) -> list[str]:
        """Return what a reviewer would flag on this page, in words."""
        problemas = []
        titulo = " ".join(self.titulo.split())
        if not titulo.endswith(" · Homologa") or titulo == "Homologa · Homologa":
            problemas.append(f"título sin nombre propio: «{titulo}»")
        if self.encabezados.count(1) != 1:
            problemas.append(f"{self.encabezados.count(1)} encabezados h1")
        for antes, despues in zip(self.encabezados, self.encabezados[1:], strict=False):
            if despues > antes + 1:
                problemas.append(f"un h{despues} sigue a un h{antes}")
        for campo in self.campos:
            etiquetado = (
                campo.get("id") in self.etiquetas_para
                or campo["_en_label"]
                or campo.get("aria-label")
                or campo.get("aria-labelledby")
            )
            if not etiquetado:
                problemas.append(f"campo sin etiqueta: {campo.get('name')}")
        if ruta != "/" and not self.hay_migas:
            problemas.append("sin migas de pan")
        if any(actuales > 1 for actuales in self.actuales_por_submenu):
            problemas.append("más de un enlace actual en el submenú")
        fechas = FECHA_ISO.findall(" ".join(self.texto))
        if fechas:
            problemas.append(f"fechas sin escribir en palabras: {fechas[:3]}")
        for tabla in self.tablas:
            if not any(clase in tabla.clase.split() for clase in TABLAS_TARJETA):
                continue
            for etiqueta, clase, columna in tabla.celdas:
                if {"celda-principal", "vacio"} & set(clase.split()):
                    continue
                esperada = tabla.encabezados[columna] if columna < len(tabla.encabezados) else ""
                if etiqueta != esperada:
                    problemas.append(f"celda de «{esperada}» con data-etiqueta={etiqueta!r}")
        return problemas


def revisar(html: str, ruta: str) -> list[str]:
    pagina = _Pagina()
    pagina.feed(html)
    return pagina.problemas(ruta)


@pytest.fixture
def demo(session: Session) -> dict[str, int]:
    """Load the catalog, the demo accounts and the demo mesas as ``homologa serve`` does."""
    cargar_demo(session)
    cuentas = [cuenta for cuenta, _ in crear_cuentas_de_ejemplo(session=session)]
    session.commit()
    assert cargar_demo_de_sesiones(
        session=session, cuentas=cuentas, renderizar_acta=_renderizador_de_actas()
    )
    session.commit()
    borrador = session.exec(
        select(CriterioHomologado).where(CriterioHomologado.estado == "proyecto")
    ).first()
    assert borrador is not None
    return {"proyecto": borrador.id or 0}


@pytest.mark.parametrize(
    ("rol", "garante", "rutas"),
    [
        (None, None, PUBLICAS),
        ("secretaria", None, [*PUBLICAS, *INTERNAS, "/bitacora"]),
        ("comisionado", "ags", [*PUBLICAS, *INTERNAS]),
        ("administrador", None, ["/bitacora", "/administracion", "/usuarios"]),
    ],
)
def test_cada_pagina_pasa_la_revision_de_interfaz(
    demo: dict[str, int],
    cliente_como: Callable[..., TestClient],
    rol: str | None,
    garante: str | None,
    rutas: list[str],
) -> None:
    cliente = cliente_como(rol, garante)
    hallazgos = {}
    for plantilla in rutas:
        ruta = plantilla.format(**demo)
        respuesta = cliente.get(ruta, follow_redirects=False)
        assert respuesta.status_code == 200, ruta
        if problemas := revisar(respuesta.text, ruta):
            hallazgos[ruta] = problemas
    assert hallazgos == {}


@pytest.mark.parametrize(
    ("html", "problema"),
    [
        (
            "<title>Homologa · Homologa</title><h1>x</h1>",
            "título sin nombre propio: «Homologa · Homologa»",
        ),
        ("<title>A · Homologa</title><h1>x</h1><h1>y</h1>", "2 encabezados h1"),
        ("<title>A · Homologa</title><h1>x</h1><h3>y</h3>", "un h3 sigue a un h1"),
        ('<title>A · Homologa</title><h1>x</h1><input id="q" name="q">', "campo sin etiqueta: q"),
        (
            "<title>A · Homologa</title><h1>x</h1><p>2026-11-28</p>",
            "fechas sin escribir en palabras: ['2026-11-28']",
        ),
        (
            '<title>A · Homologa</title><h1>x</h1><table class="tabla-tarjetas"><tr><th>Clave</th>'
            "<th>Tipo</th></tr><tr><td class=celda-principal>1</td><td>Reiterado</td></tr></table>",
            "celda de «Tipo» con data-etiqueta=None",
        ),
        (
            '<title>A · Homologa</title><h1>x</h1><nav class="submenu">'
            '<a href="/a" aria-current="page">A</a><a href="/a/b" aria-current="true">B</a></nav>',
            "más de un enlace actual en el submenú",
        ),
    ],
)
def test_la_revision_senala_lo_que_esta_mal(html: str, problema: str) -> None:
    assert problema in revisar(html, "/x")


def test_una_pagina_correcta_no_tiene_hallazgos() -> None:
    html = (
        '<title>A · Homologa</title><nav class="migas"></nav><h1>x</h1><h2>y</h2>'
        '<label for="q">Buscar</label><input id="q" name="q"><input type="hidden" name="t">'
        '<time datetime="2026-11-28">28 de noviembre de 2026</time>'
    )
    assert revisar(html, "/x") == []


def test_el_submenu_marca_solo_la_pagina_de_adhesion(
    demo: dict[str, int], anonimo: TestClient
) -> None:
    submenu = (
        anonimo.get("/criterios-homologados/adhesion")
        .text.split('class="submenu"')[1]
        .split("</nav>")[0]
    )
    assert (
        '<a href="/criterios-homologados/adhesion" aria-current="page">Adhesión por garante</a>'
        in submenu
    )
    assert '<a href="/criterios-homologados">Publicados</a>' in submenu


def test_la_bitacora_no_dice_utc_en_la_hora_del_centro_de_mexico(
    demo: dict[str, int], cliente_como: Callable[..., TestClient]
) -> None:
    texto = cliente_como("secretaria").get("/bitacora").text
    assert '<th scope="col">Fecha y hora</th>' in texto
    assert "Fecha (UTC)" not in texto


def test_la_cuenta_va_junto_a_la_marca_y_el_menu_en_su_propia_fila(
    cliente_como: Callable[..., TestClient],
) -> None:
    texto = cliente_como("administrador").get("/").text
    cabecera = texto.split('<header class="cabecera">')[1].split("</header>")[0]
    primera_fila, menu = cabecera.split('<nav class="contenedor" aria-label="Principal">')
    assert 'class="marca"' in primera_fila and 'class="cuenta"' in primera_fila
    assert menu.count("<li>") == 10


def _migas(html: str) -> list[str]:
    """Return the breadcrumbs of a page as a person reads them."""
    nav = html.split('class="migas">', 1)[1].split("</nav>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", "", "<li" + li).split()) for li in nav.split("<li")[1:]]


@pytest.mark.parametrize(
    ("ruta", "seccion"),
    [
        ("/mesas", ["Inicio", "Mesas de análisis"]),
        (
            "/mesas/1/sesion",
            [
                "Inicio",
                "Mesas de análisis",
                "Plazo de respuesta, información estadística en cero y gratuidad",
            ],
        ),
        ("/mesas/1/acta", ["Inicio", "Mesas de análisis", "1.ª mesa de 2026"]),
        ("/acuerdos/1", ["Inicio", "Mesas de análisis", "Acuerdos y seguimiento"]),
        ("/propuestas/1", ["Inicio", "Mesas de análisis", "Propuestas de tema"]),
        ("/proyectos", ["Inicio", "Criterios homologados"]),
        ("/usuarios", ["Inicio", "Administración", "Usuarios"]),
        (
            "/proyectos/{proyecto}/versiones",
            ["Inicio", "Criterios homologados", "Proyectos de criterio homologado"],
        ),
    ],
)
def test_las_migas_empiezan_por_la_seccion_del_menu(
    demo: dict[str, int], cliente_como: Callable[..., TestClient], ruta: str, seccion: list[str]
) -> None:
    rol = "administrador" if ruta == "/usuarios" else "secretaria"
    migas = _migas(cliente_como(rol).get(ruta.format(**demo)).text)
    assert migas[: len(seccion)] == seccion


def test_la_lista_de_proyectos_separa_la_introduccion_del_encabezado(
    demo: dict[str, int], cliente_como: Callable[..., TestClient]
) -> None:
    texto = cliente_como("secretaria").get("/proyectos").text
    assert "</div>\n<p>Textos que la región redacta para homologar criterios" in texto
