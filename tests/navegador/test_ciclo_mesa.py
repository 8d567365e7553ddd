"""In a real browser, the whole cycle of a mesa de análisis, each step by the person whose
job it is: a divergence found by the comparator becomes a propuesta, gets an apoyo, is
admitted, goes to a mesa's orden del día, is voted in session and approved, gives an
acuerdo, and the approved acta is public, as a page and as a PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from criterios.models import hoy
from tests.navegador.conftest import Servidor
from tests.navegador.datos_ciclo import (
    COMISIONADA_NAY,
    COMISIONADO_QRO,
    SECRETARIA,
    Reparto,
    aviso,
    cerrar_votacion,
    comparar_y_abrir_divergencia,
    confirmar_paso,
    convocar_e_iniciar,
    crear_mesa,
    id_en_url,
    preparar_registro,
    punto_en_sesion,
    reparto,
    todos_presentes,
    votar,
)
from tests.pdf import texto_pdf

pytestmark = pytest.mark.navegador

TITULO_PROPUESTA = "Plazo para interponer el recurso de revisión: quince o diez días"
TITULO_MESA = "Plazos del recurso de revisión en la región"
TEXTO_ACUERDO = (
    "Los garantes de Nayarit y Querétaro presentarán a la próxima mesa un proyecto de "
    "criterio común sobre el plazo para interponer el recurso de revisión."
)


@pytest.fixture
def personas(servidor: Servidor, navegador: Browser) -> Iterator[Reparto]:
    preparar_registro(servidor)
    with reparto(navegador, servidor) as personas:
        yield personas


def _proponer(comisionada: Page, divergencia_id: int) -> int:
    """From the divergence's page, present it as a topic; return the propuesta's id."""
    comisionada.goto(f"/divergencias/{divergencia_id}")
    comisionada.get_by_role("link", name="Proponer como tema").click()
    expect(comisionada.get_by_role("heading", name="A partir de una divergencia")).to_be_visible()
    expect(comisionada.get_by_text("CRITERIO 05/2020")).to_be_visible()
    comisionada.get_by_label("Título del tema").fill(TITULO_PROPUESTA)
    comisionada.get_by_label("Justificación").fill(
        "Nayarit da quince días hábiles para interponer el recurso y Querétaro diez: una "
        "misma persona tiene derechos distintos según el estado."
    )
    comisionada.get_by_role("button", name="Presentar propuesta").click()
    aviso(comisionada, "Propuesta presentada.")
    expect(comisionada.get_by_role("heading", level=1)).to_have_text(TITULO_PROPUESTA)
    return id_en_url(comisionada, "/propuestas")


def _apoyar(comisionado: Page, propuesta_id: int) -> None:
    comisionado.goto(f"/propuestas/{propuesta_id}")
    comisionado.get_by_role("button", name="Apoyar esta propuesta").click()
    apoyos = comisionado.locator("#apoyos")
    expect(apoyos.get_by_role("heading")).to_have_text("Apoyos (1)")
    expect(apoyos).to_contain_text("Su apoyo quedó registrado.")
    expect(apoyos.get_by_role("listitem")).to_contain_text(COMISIONADO_QRO.nombre)


def _admitir(secretaria: Page, propuesta_id: int) -> None:
    secretaria.goto(f"/propuestas/{propuesta_id}")
    secretaria.get_by_label("Admitir", exact=True).check()
    secretaria.get_by_role("button", name="Guardar decisión").click()
    # Irreversible: without the confirmation box nothing is saved.
    expect(secretaria.locator("#error-confirmacion")).to_have_text(
        "Confirme la decisión: después no se puede cambiar."
    )
    secretaria.get_by_label("Admitir", exact=True).check()
    secretaria.get_by_label("Confirmo la decisión").check()
    secretaria.get_by_role("button", name="Guardar decisión").click()
    aviso(secretaria, "Propuesta admitida")


def _agregar_propuesta(secretaria: Page) -> None:
    secretaria.locator("summary", has_text="Propuesta de tema admitida").click()
    propuesta = secretaria.get_by_role("combobox", name="Propuesta", exact=True)
    propuesta.select_option(label=TITULO_PROPUESTA)
    secretaria.get_by_role("button", name="Agregar la propuesta").click()
    aviso(secretaria, "Punto agregado al orden del día")
    expect(secretaria.locator("#orden-del-dia")).to_contain_text(TITULO_PROPUESTA)


def _registrar_acuerdo(secretaria: Page, punto: Locator, fecha_limite: date) -> str:
    punto.get_by_role("link", name="Registrar un acuerdo de este punto").click()
    secretaria.get_by_label("Texto del acuerdo").fill(TEXTO_ACUERDO)
    secretaria.get_by_label("Fecha límite").fill(fecha_limite.isoformat())
    secretaria.get_by_label("ITAI", exact=True).check()
    secretaria.get_by_label("INFOQRO", exact=True).check()
    secretaria.get_by_role("button", name="Registrar acuerdo").click()
    aviso(secretaria, "Acuerdo registrado")
    expect(secretaria.get_by_text(TEXTO_ACUERDO)).to_be_visible()
    return secretaria.get_by_role("heading", level=1).inner_text().removeprefix("Acuerdo ")


def test_de_una_divergencia_a_un_acta_publica(personas: Reparto) -> None:
    secretaria = personas.entrar(SECRETARIA)
    divergencia_id = comparar_y_abrir_divergencia(
        secretaria,
        ["Instituto de Transparencia de Nayarit", "Comisión de Transparencia de Querétaro"],
    )

    comisionada_nay = personas.entrar(COMISIONADA_NAY)
    propuesta_id = _proponer(comisionada_nay, divergencia_id)
    comisionado_qro = personas.entrar(COMISIONADO_QRO)
    _apoyar(comisionado_qro, propuesta_id)
    _admitir(secretaria, propuesta_id)

    fecha = hoy()
    mesa_id = crear_mesa(
        secretaria, titulo=TITULO_MESA, fecha=fecha, sede="Instituto de Transparencia de Nayarit"
    )
    _agregar_propuesta(secretaria)
    convocar_e_iniciar(secretaria, mesa_id)
    todos_presentes(secretaria)
    punto_id, punto = punto_en_sesion(secretaria, TITULO_PROPUESTA)
    punto.get_by_role("button", name="Abrir votación").click()
    aviso(secretaria, "Votación abierta")

    # Each comisionado votes for their own garante; the secretaría records the others.
    votar(comisionada_nay, mesa_id, punto_id, "ITAI")
    votar(comisionado_qro, mesa_id, punto_id, "INFOQRO")
    secretaria.reload()
    votos = secretaria.locator(f"#votacion-{punto_id}")
    expect(votos.get_by_role("row", name=re.compile("ITAI"))).to_contain_text(
        COMISIONADA_NAY.nombre
    )
    for siglas in ("ITEA", "IZAI"):
        votar(secretaria, mesa_id, punto_id, siglas)
    votar(secretaria, mesa_id, punto_id, "ITEI", "Abstención")
    expect(votos.locator(".conteo")).to_have_text(
        "A favor: 4 · En contra: 0 · Abstención: 1 · Sin voto: 0"
    )
    cerrar_votacion(secretaria, punto_id, "Aprobado")

    _, punto = punto_en_sesion(secretaria, TITULO_PROPUESTA)
    numero_acuerdo = _registrar_acuerdo(secretaria, punto, fecha + timedelta(days=30))
    confirmar_paso(
        secretaria, mesa_id, "Concluir la mesa", "Sí, concluir la mesa", "Mesa concluida."
    )

    secretaria.get_by_role("link", name="Acta", exact=True).click()
    expect(secretaria.locator(".marca-borrador")).to_have_text("BORRADOR")
    secretaria.get_by_label("Revisé el acta y confirmo").check()
    secretaria.get_by_role("button", name="Aprobar la versión 1").click()
    aviso(secretaria, "Acta aprobada")

    # The public: the mesa among the past ones, its approved acta as a page and a PDF.
    publico = personas.pagina_nueva()
    publico.goto("/mesas")
    anteriores = publico.get_by_role("region", name="Anteriores")
    anteriores.get_by_role("link", name=TITULO_MESA).click()
    expect(publico).to_have_url(re.compile(rf"/mesas/{mesa_id}$"))
    publico.get_by_role("link", name="Acta", exact=True).click()
    expect(publico.locator(".acta-estado")).to_contain_text("Aprobada")
    expect(publico.locator(".acta-pagina")).to_contain_text(TEXTO_ACUERDO)

    respuesta = publico.request.get(f"/mesas/{mesa_id}/acta.pdf")
    assert respuesta.status == 200
    assert respuesta.headers["content-type"] == "application/pdf"
    assert respuesta.body().startswith(b"%PDF")
    texto = texto_pdf(respuesta.body())
    assert TITULO_MESA in texto
    assert numero_acuerdo in texto
    assert personas.violaciones == []
