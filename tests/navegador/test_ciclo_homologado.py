"""In a real browser, from a divergence to a published criterio homologado that two
garantes adopted: the jurídico of one garante drafts it from the divergence, a mesa votes
it, the secretaría técnica publishes it, two garantes record their adoption and the public
sees it, with both adoptions, on its page and in the list."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from criterios.models import hoy
from tests.navegador.conftest import Servidor
from tests.navegador.datos_ciclo import (
    COMISIONADA_NAY,
    COMISIONADO_ZAC,
    JURIDICO_NAY,
    SECRETARIA,
    Persona,
    Reparto,
    aviso,
    cerrar_votacion,
    comparar_y_abrir_divergencia,
    convocar_e_iniciar,
    crear_mesa,
    id_en_url,
    preparar_registro,
    punto_en_sesion,
    reparto,
    todos_presentes,
    votar,
)

pytestmark = pytest.mark.navegador

RUBRO = "ACCESO A LA INFORMACIÓN. LA RESPUESTA SE NOTIFICA DENTRO DE QUINCE DÍAS HÁBILES."
TEXTO = (
    "La respuesta a una solicitud de acceso se notifica dentro de quince días hábiles "
    "contados a partir del día siguiente a su presentación; el plazo puede ampliarse una "
    "sola vez, por diez días hábiles más, con razones fundadas y motivadas."
)
EVIDENCIAS = {
    "nay": "https://www.itai.org.mx/acuerdos/2026/adopcion-criterio-homologado.pdf",
    "zac": "https://www.izai.org.mx/pleno/2026/acuerdo-adopcion.pdf",
}


@pytest.fixture
def personas(servidor: Servidor, navegador: Browser) -> Iterator[Reparto]:
    preparar_registro(servidor)
    with reparto(navegador, servidor) as personas:
        yield personas


def _redactar_proyecto(juridico: Page, divergencia_id: int) -> int:
    """From the divergence, start a proyecto, save a second version; return its id."""
    juridico.goto(f"/divergencias/{divergencia_id}")
    juridico.get_by_role("link", name="Iniciar proyecto de criterio homologado").click()
    expect(juridico.get_by_role("heading", level=1)).to_have_text(
        "Nuevo proyecto de criterio homologado"
    )
    expect(juridico.get_by_role("link", name=re.compile("^Divergencia «"))).to_be_visible()
    # The draft starts from the sources' text, which the jurídico then reworks.
    expect(juridico.get_by_label("Rubro")).not_to_be_empty()
    juridico.get_by_role("button", name="Crear proyecto").click()
    aviso(juridico, "Proyecto creado como versión 1.")
    proyecto_id = id_en_url(juridico, "/proyectos")

    juridico.get_by_role("textbox", name="Rubro", exact=True).fill(RUBRO)
    juridico.get_by_role("textbox", name="Texto", exact=True).fill(TEXTO)
    juridico.get_by_role("button", name="Guardar como versión 2").click()
    aviso(juridico, "Cambios guardados en una nueva versión.")
    expect(juridico.get_by_text(re.compile(r"^Versión 2 · "))).to_be_visible()
    expect(juridico.locator("#fuentes h2")).to_have_text("Criterios que homologa (2)")
    return proyecto_id


def _llevar_a_votacion(secretaria: Page, mesa_id: int) -> None:
    secretaria.locator("summary", has_text="Proyecto de criterio homologado").click()
    secretaria.get_by_role("combobox", name="Proyecto", exact=True).select_option(label=RUBRO)
    secretaria.get_by_role("button", name="Agregar el proyecto").click()
    aviso(secretaria, "Punto agregado al orden del día")
    convocar_e_iniciar(secretaria, mesa_id)
    todos_presentes(secretaria)


def _registrar_adopcion(pagina: Page, criterio_id: int, persona: Persona, siglas: str) -> None:
    """Record, as ``persona``, that their garante adopted the criterio homologado today."""
    assert persona.garante is not None
    pagina.goto(f"/criterios-homologados/{criterio_id}")
    pagina.get_by_text(f"Actualizar la adhesión de {siglas}").click()  # opens its <details>
    pagina.get_by_role("combobox", name="Estado").select_option(label="Adoptado")
    pagina.get_by_label("Fecha de la resolución del garante").fill(hoy().isoformat())
    pagina.get_by_label("Enlace a la evidencia").fill(EVIDENCIAS[persona.garante])
    pagina.get_by_role("button", name=f"Guardar la adhesión de {siglas}").click()
    aviso(pagina, "Adhesión guardada")
    expect(pagina.locator(f"#adhesion-{persona.garante}")).to_contain_text("Adoptado")


def test_de_una_divergencia_a_un_criterio_homologado_adoptado(personas: Reparto) -> None:
    juridico = personas.entrar(JURIDICO_NAY)
    divergencia_id = comparar_y_abrir_divergencia(
        juridico,
        ["Instituto de Transparencia de Nayarit", "Instituto Zacatecano de Transparencia"],
    )
    proyecto_id = _redactar_proyecto(juridico, divergencia_id)

    secretaria = personas.entrar(SECRETARIA)
    fecha = hoy()
    mesa_id = crear_mesa(
        secretaria,
        titulo="Plazo de respuesta a las solicitudes de acceso",
        fecha=fecha,
        sede="Instituto Zacatecano de Transparencia",
    )
    _llevar_a_votacion(secretaria, mesa_id)
    punto_id, punto = punto_en_sesion(secretaria, f"Proyecto de criterio homologado: {RUBRO}")
    punto.get_by_role("button", name="Abrir votación").click()
    aviso(secretaria, "Votación abierta")

    comisionada_nay = personas.entrar(COMISIONADA_NAY)
    votar(comisionada_nay, mesa_id, punto_id, "ITAI")
    comisionado_zac = personas.entrar(COMISIONADO_ZAC)
    votar(comisionado_zac, mesa_id, punto_id, "IZAI")
    secretaria.reload()
    for siglas in ("ITEA", "ITEI", "INFOQRO"):
        votar(secretaria, mesa_id, punto_id, siglas)
    cerrar_votacion(secretaria, punto_id, "Aprobado")

    # The vote approved the proyecto: it now has the clave of the region's pattern.
    clave = f"CH-CO 01/{fecha.year}"
    secretaria.goto(f"/proyectos/{proyecto_id}")
    expect(secretaria.get_by_role("heading", level=1)).to_have_text(clave)
    expect(secretaria.locator("dt:text-is('Clave') + dd")).to_have_text(clave)
    secretaria.goto(f"/criterios-homologados/{proyecto_id}")
    secretaria.get_by_role("link", name="Publicar…").click()
    secretaria.get_by_role("button", name="Sí, publicar").click()
    aviso(secretaria, "Criterio homologado publicado")

    _registrar_adopcion(juridico, proyecto_id, JURIDICO_NAY, "ITAI")
    _registrar_adopcion(comisionado_zac, proyecto_id, COMISIONADO_ZAC, "IZAI")

    publico = personas.pagina_nueva()
    publico.goto(f"/criterios-homologados/{proyecto_id}")
    expect(publico.get_by_role("heading", level=1)).to_have_text(RUBRO)
    expect(publico.locator(".criterio-homologado .meta").first).to_contain_text(clave)
    expect(publico.locator(".progreso-adhesion")).to_have_text("2 de 5 garantes lo han adoptado.")
    for garante, evidencia in EVIDENCIAS.items():
        fila = publico.locator(f"#adhesion-{garante}")
        expect(fila.get_by_role("cell").first).to_have_text("Adoptado")
        expect(fila.get_by_role("link", name="Publicación del garante")).to_have_attribute(
            "href", evidencia
        )
    expect(publico.locator("#adhesion-ags").get_by_role("cell").first).to_have_text("Pendiente")

    publico.goto("/criterios-homologados")
    publicados = publico.get_by_role("region", name="Publicados")
    resultado = publicados.get_by_role("listitem").filter(has_text=clave)
    expect(resultado.get_by_role("link")).to_have_text(f"{clave} — {RUBRO}")
    expect(resultado).to_contain_text("2 de 5 garantes lo han adoptado")
    assert personas.violaciones == []
