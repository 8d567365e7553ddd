"""In a real browser, what the layout looks like: the header of a signed-in administrador
at 1280 px, and pages read on a 390 px phone without scrolling sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from app.cuentas import cifrar
from app.models import Usuario
from sesiones.models import PropuestaTema
from tests.navegador.conftest import Servidor

pytestmark = pytest.mark.navegador

CONTRASENA = "frase larga de la revision de interfaz"
CUENTAS = {
    "administrador": ("admin-interfaz@pruebas.mx", "Administración de la revisión"),
    "secretaria": ("secretaria-interfaz@pruebas.mx", "Secretaría técnica de la revisión"),
}
TEMA = "Costo de reproducción de las hojas que requieren versión pública"


@pytest.fixture
def cuentas(servidor: Servidor) -> None:
    """Create (once) the accounts of this module and one propuesta de tema."""
    with Session(servidor.engine) as session:
        for rol, (correo, nombre) in CUENTAS.items():
            if session.exec(select(Usuario).where(Usuario.correo == correo)).first() is None:
                session.add(
                    Usuario(
                        correo=correo, nombre=nombre, rol=rol, contrasena_hash=cifrar(CONTRASENA),
                        debe_cambiar_contrasena=False,
                    )
                )  # fmt: skip
        if session.exec(select(PropuestaTema).where(PropuestaTema.titulo == TEMA)).first() is None:
            session.add(
                PropuestaTema(
                    titulo=TEMA, justificacion="Cada garante cobra distinto.", garante_id="ags"
                )
            )
        session.commit()


def _entrar(pagina: Page, rol: str) -> None:
    pagina.goto("/entrar")
    pagina.get_by_label("Correo").fill(CUENTAS[rol][0])
    pagina.get_by_label("Contraseña").fill(CONTRASENA)
    pagina.get_by_role("button", name="Entrar").click()
    expect(pagina.locator(".cuenta")).to_contain_text(CUENTAS[rol][1])


def test_el_menu_completo_cabe_en_una_linea_a_1280(pagina: Page, cuentas: None) -> None:
    pagina.set_viewport_size({"width": 1280, "height": 900})
    _entrar(pagina, "administrador")
    pagina.goto("/bitacora")
    enlaces = pagina.get_by_role("navigation", name="Principal").get_by_role("link")
    expect(enlaces).to_have_count(10)
    alturas = {round(enlace.bounding_box()["y"]) for enlace in enlaces.all()}  # type: ignore[index]
    assert len(alturas) == 1
    # The account (name, role and «Salir») sits on the brand's row, above the menu.
    cuenta = pagina.locator(".cuenta").bounding_box()
    assert cuenta is not None and cuenta["y"] + cuenta["height"] <= min(alturas)


@pytest.fixture
def telefono(navegador: Browser, servidor: Servidor, cuentas: None) -> Iterator[Page]:
    """Return a 390 × 844 page signed in as the secretaría técnica."""
    contexto = navegador.new_context(
        base_url=servidor.url, locale="es-MX", viewport={"width": 390, "height": 844}
    )
    contexto.set_default_timeout(10_000)
    pagina = contexto.new_page()
    _entrar(pagina, "secretaria")
    yield pagina
    contexto.close()


@pytest.mark.parametrize("ruta", ["/garantes/jal", "/bitacora", "/propuestas", "/criterios"])
def test_en_el_telefono_las_tablas_no_se_salen_de_la_pantalla(telefono: Page, ruta: str) -> None:
    telefono.goto(ruta)
    expect(telefono.locator("table").first).to_be_visible()
    ancho = telefono.evaluate("document.querySelector('main').clientWidth")
    tablas = telefono.evaluate("[...document.querySelectorAll('table')].map(t => t.scrollWidth)")
    assert tablas and max(tablas) <= ancho
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 390


def test_el_origen_de_una_propuesta_en_la_lista_no_es_un_recuadro(telefono: Page) -> None:
    telefono.goto("/propuestas")
    origen = telefono.get_by_role("row").filter(has_text=TEMA).locator(".origen")
    expect(origen).to_have_text("· Tema libre")
    assert origen.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"
