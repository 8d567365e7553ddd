"""In a real browser: start a comparison, follow its progress, dismiss a divergence, re-run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.cuentas import cifrar
from app.models import Usuario
from criterios.registro import guardar_criterios, guardar_garantes
from tests.navegador.conftest import Servidor

pytestmark = pytest.mark.navegador

CORREO = "secretaria-revision@pruebas.mx"
CONTRASENA = "una frase de prueba bastante larga"
# A run spawns a fresh process that imports the engine; give it room on a slow machine.
ESPERA_MS = 90_000


@pytest.fixture
def registro_y_cuenta(servidor: Servidor) -> None:
    """Add a garante whose deadline differs from jal-01's, and a secretaría account."""
    with Session(servidor.engine) as session:
        guardar_garantes(
            session=session,
            registros=[{"id": "col", "nombre": "Instituto de Transparencia de Colima"}],
        )
        guardar_criterios(
            session=session,
            registros=[
                {
                    "id": "col-01",
                    "garante": "col",
                    "rubro": "ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.",
                    "texto": "La respuesta se notifica dentro de diez días hábiles.",
                }
            ],
            motivo="alta",
        )
        if session.exec(select(Usuario).where(Usuario.correo == CORREO)).first() is None:
            session.add(
                Usuario(
                    correo=CORREO,
                    rol="secretaria",
                    contrasena_hash=cifrar(CONTRASENA),
                    debe_cambiar_contrasena=False,
                )
            )
        session.commit()


def _entrar(pagina: Page) -> None:
    pagina.goto("/entrar")
    pagina.get_by_label("Correo").fill(CORREO)
    pagina.get_by_label("Contraseña").fill(CONTRASENA)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_load_state()


def _comparar_col_y_jal(pagina: Page) -> None:
    """Start a run over col and jal and wait for the polled progress bar to finish."""
    pagina.goto("/comparaciones")
    pagina.get_by_label("Solo los garantes o temas que elija").check()
    pagina.get_by_label("Instituto de Transparencia de Colima").check()
    pagina.get_by_label("Instituto de Transparencia de Jalisco").check()
    pagina.get_by_role("button", name="Iniciar la comparación").click()
    expect(pagina).to_have_url(re.compile(r"/comparaciones/\d+$"))
    expect(pagina.locator("progress#barra-progreso")).to_be_visible()
    # htmx swaps the progress block every second; the page itself is never reloaded.
    expect(pagina.get_by_role("heading", name="Estado: Terminada")).to_be_visible(timeout=ESPERA_MS)
    expect(pagina.locator("progress#barra-progreso")).to_have_attribute("value", "100")


def test_descartar_una_divergencia_sobrevive_a_otra_comparacion(
    pagina: Page, registro_y_cuenta: None
) -> None:
    _entrar(pagina)
    _comparar_col_y_jal(pagina)

    pagina.get_by_role("link", name=re.compile(r"divergencias")).click()
    divergencia = pagina.locator(".lista-divergencias h2 a").first
    expect(divergencia).to_contain_text("(col) frente a")
    divergencia.click()
    expect(pagina.locator("mark").first).to_be_visible()

    pagina.get_by_label("Descartar: no es una diferencia de fondo").check()
    pagina.get_by_role("button", name="Guardar revisión").click()
    expect(pagina.locator("#error-motivo")).to_have_text(
        "Escriba el motivo para descartar la divergencia."
    )
    pagina.get_by_label("Descartar: no es una diferencia de fondo").check()
    pagina.get_by_label("Motivo").fill("El plazo de Colima ya se reformó.")
    pagina.get_by_role("button", name="Guardar revisión").click()
    expect(pagina.get_by_role("status").first).to_have_text(
        "Revisión guardada; quedó en la bitácora."
    )

    _comparar_col_y_jal(pagina)
    pagina.get_by_role("link", name=re.compile(r"divergencias")).click()
    primera = pagina.locator(".lista-divergencias li").first
    expect(primera.locator(".insignia.revision-descartada")).to_have_text("Descartada")
    primera.locator("h2 a").click()
    expect(pagina.get_by_text("Motivo: El plazo de Colima ya se reformó.")).to_be_visible()
