"""In a real browser: sign in as jurídico of jal, edit an own criterio, be refused another
garante's, sign out; and no Content-Security-Policy violation along the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.cuentas import cifrar
from app.models import Usuario
from criterios.models import Criterio
from tests.navegador.conftest import Servidor

pytestmark = pytest.mark.navegador

CORREO = "juridico-acceso@pruebas.mx"
CONTRASENA = "frase del juridico de jalisco"


@pytest.fixture
def ids(servidor: Servidor) -> dict[str, int]:
    """Create the jurídico of jal (once) and return the ids of jal-02 and ags-01."""
    with Session(servidor.engine) as session:
        if session.exec(select(Usuario).where(Usuario.correo == CORREO)).first() is None:
            session.add(
                Usuario(
                    correo=CORREO, nombre="Jurídica de Jalisco", rol="juridico",
                    garante_id="jal", contrasena_hash=cifrar(CONTRASENA),
                    debe_cambiar_contrasena=False,
                )
            )  # fmt: skip
            session.commit()
        criterios = {c.id_externo: c.id for c in session.exec(select(Criterio))}
    return {"propio": criterios["jal-02"], "ajeno": criterios["ags-01"]}


def test_entrar_editar_un_criterio_propio_y_salir(pagina: Page, ids: dict[str, int]) -> None:
    violaciones: list[str] = []
    pagina.on(
        "console",
        lambda m: violaciones.append(m.text) if "Content Security Policy" in m.text else None,
    )
    pagina.goto(f"/criterios/{ids['propio']}/editar")
    # The public is sent to sign in and comes back afterwards.
    expect(pagina).to_have_url(re.compile(r"/entrar\?siguiente="))
    pagina.get_by_label("Correo").fill(CORREO)
    pagina.get_by_label("Contraseña").fill(CONTRASENA)
    pagina.get_by_role("button", name="Entrar").click()
    expect(pagina).to_have_url(re.compile(rf"/criterios/{ids['propio']}/editar$"))
    expect(pagina.locator(".cuenta")).to_contain_text("Jurídica de Jalisco")

    pagina.get_by_label("Rubro").fill(
        "RECURSO DE REVISIÓN. PLAZO DE QUINCE DÍAS PARA INTERPONERLO."
    )
    pagina.get_by_role("button", name=re.compile("Guardar")).click()
    expect(pagina).to_have_url(re.compile(rf"/criterios/{ids['propio']}\?aviso=editado"))
    expect(pagina.get_by_role("heading", level=1)).to_contain_text("PLAZO DE QUINCE DÍAS")

    respuesta = pagina.goto(f"/criterios/{ids['ajeno']}/editar")
    assert respuesta is not None and respuesta.status == 403
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Acceso denegado")

    pagina.goto("/")
    pagina.locator(".cuenta").get_by_role("button", name="Salir").click()
    expect(pagina.locator(".cuenta").get_by_role("link", name="Entrar")).to_be_visible()
    pagina.goto(f"/criterios/{ids['propio']}/editar")
    expect(pagina).to_have_url(re.compile(r"/entrar\?siguiente="))
    assert violaciones == [], violaciones
