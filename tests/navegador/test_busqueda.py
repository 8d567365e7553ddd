import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.navegador


def test_la_busqueda_activa_actualiza_los_resultados_al_escribir(pagina):
    # Filtered to one garante of this file's data: other browser tests add criterios to
    # the shared server, and the counts must not depend on which ran first.
    pagina.goto("/criterios?garante=jal")
    resultados = pagina.locator("#resultados")
    expect(resultados.locator(".conteo")).to_have_text("2 criterios")
    # A full page load would wipe this mark; htmx swaps only the results.
    pagina.evaluate("window.sinRecargar = true")

    # Typed key by key and without Enter, as a person types: only htmx can react.
    pagina.locator("#campo-q").press_sequentially("informacion", delay=30)

    expect(resultados.locator(".conteo")).to_have_text("1 criterio")
    expect(resultados.locator("tbody td:nth-child(2)")).to_have_text(
        ["ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER."]
    )
    expect(pagina).to_have_url(re.compile(r"/criterios\?(.*&)?q=informacion(&|$)"))
    assert pagina.evaluate("window.sinRecargar") is True


def test_sin_coincidencias_muestra_el_estado_vacio(pagina):
    pagina.goto("/criterios")
    pagina.locator("#campo-q").press_sequentially("zzzz", delay=30)
    expect(pagina.locator("#resultados")).to_contain_text(
        "Ningún criterio coincide con la búsqueda «zzzz»."
    )
