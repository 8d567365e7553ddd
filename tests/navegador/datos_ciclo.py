"""What the full-cycle browser tests share: three more garantes of the region with
criterios that diverge, the accounts of the people who take part, and the steps of a mesa
as the secretaría técnica takes them in the browser.

The server is shared by every browser test of the session, so everything here is written
only when missing (garantes and criterios are upserted by id, accounts looked up by correo)
and named so that no other test counts it by mistake: the garantes are new ids of the same
región as the conftest's (quórum counts the región's garantes), the accounts have their own
correos.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from sqlmodel import Session, select

from app.cuentas import cifrar
from app.models import Usuario
from criterios.registro import guardar_criterios, guardar_garantes
from tests.navegador.conftest import Servidor

CONTRASENA = "frase de prueba del ciclo completo"
# A run spawns a fresh process that imports the engine; give it room on a slow machine.
ESPERA_COMPARACION_MS = 90_000
REGION = "Centro-Occidente"

GARANTES = [
    {"id": "nay", "nombre": "Instituto de Transparencia de Nayarit", "siglas": "ITAI",
     "entidad": "Nayarit", "region": REGION},
    {"id": "qro", "nombre": "Comisión de Transparencia de Querétaro", "siglas": "INFOQRO",
     "entidad": "Querétaro", "region": REGION},
    {"id": "zac", "nombre": "Instituto Zacatecano de Transparencia", "siglas": "IZAI",
     "entidad": "Zacatecas", "region": REGION},
]  # fmt: skip
# Two topics: Nayarit and Querétaro differ on the deadline to appeal (the mesa's cycle),
# Nayarit and Zacatecas on the deadline to answer (the criterio homologado's cycle).
CRITERIOS = [
    {"id": "nay-01", "garante": "nay", "clave": "CRITERIO 02/2021",
     "rubro": "RECURSO DE REVISIÓN. PLAZO PARA INTERPONERLO.",
     "texto": "El recurso de revisión se interpone dentro de quince días hábiles.",
     "temas": ["recurso de revisión"]},
    {"id": "qro-01", "garante": "qro", "clave": "CRITERIO 05/2020",
     "rubro": "RECURSO DE REVISIÓN. PLAZO PARA INTERPONERLO.",
     "texto": "El recurso de revisión se interpone dentro de diez días hábiles.",
     "temas": ["recurso de revisión"]},
    {"id": "nay-02", "garante": "nay", "clave": "CRITERIO 03/2021",
     "rubro": "ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.",
     "texto": "La respuesta a la solicitud se notifica dentro de diez días hábiles.",
     "temas": ["plazo de respuesta"]},
    {"id": "zac-01", "garante": "zac", "clave": "CRITERIO 01/2022",
     "rubro": "ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.",
     "texto": "La respuesta a la solicitud se notifica dentro de quince días hábiles.",
     "temas": ["plazo de respuesta"]},
]  # fmt: skip


@dataclass(frozen=True)
class Persona:
    """An account taking part in the cycle."""

    correo: str
    nombre: str
    rol: str
    garante: str | None = None


SECRETARIA = Persona("secretaria-ciclo@pruebas.mx", "Sofía Secretaria Técnica", "secretaria")
COMISIONADA_NAY = Persona("comisionada-nay@pruebas.mx", "Nora Comisionada", "comisionado", "nay")
COMISIONADO_QRO = Persona("comisionado-qro@pruebas.mx", "Quirino Comisionado", "comisionado", "qro")
COMISIONADO_ZAC = Persona("comisionado-zac@pruebas.mx", "Zoé Comisionada", "comisionado", "zac")
JURIDICO_NAY = Persona("juridico-nay@pruebas.mx", "Julián Jurídico", "juridico", "nay")
PERSONAS = [SECRETARIA, COMISIONADA_NAY, COMISIONADO_QRO, COMISIONADO_ZAC, JURIDICO_NAY]


def preparar_registro(servidor: Servidor) -> None:
    """Add the three garantes, their criterios and the accounts (only what is missing)."""
    with Session(servidor.engine) as session:
        guardar_garantes(session=session, registros=GARANTES)
        existentes = set(session.exec(select(Usuario.correo)))
        # Both are upserts: run again, they change nothing.
        guardar_criterios(session=session, registros=CRITERIOS, motivo="alta")
        for persona in PERSONAS:
            if persona.correo not in existentes:
                session.add(
                    Usuario(
                        correo=persona.correo, nombre=persona.nombre, rol=persona.rol,
                        garante_id=persona.garante, contrasena_hash=cifrar(CONTRASENA),
                        debe_cambiar_contrasena=False,
                    )
                )  # fmt: skip
        session.commit()


# --- People in their own browsers --------------------------------------------------------


@dataclass
class Reparto:
    """The people of a test, each signed in in a browser context of their own.

    Every page reports any Content-Security-Policy violation to ``violaciones``.
    """

    navegador: Browser
    servidor: Servidor
    contextos: list[BrowserContext] = field(default_factory=list)
    violaciones: list[str] = field(default_factory=list)

    def pagina_nueva(self) -> Page:
        """Return a page in a fresh context, signed in as nobody (the public)."""
        contexto = self.navegador.new_context(base_url=self.servidor.url, locale="es-MX")
        contexto.set_default_timeout(10_000)
        self.contextos.append(contexto)
        pagina = contexto.new_page()
        pagina.on(
            "console",
            lambda m: (
                self.violaciones.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        return pagina

    def entrar(self, persona: Persona) -> Page:
        """Return a page of ``persona`` signed in through the login form."""
        pagina = self.pagina_nueva()
        pagina.goto("/entrar")
        pagina.get_by_label("Correo").fill(persona.correo)
        pagina.get_by_label("Contraseña").fill(CONTRASENA)
        pagina.get_by_role("button", name="Entrar").click()
        expect(pagina.locator(".cuenta")).to_contain_text(persona.nombre)
        return pagina

    def cerrar(self) -> None:
        for contexto in self.contextos:
            contexto.close()


@contextmanager
def reparto(navegador: Browser, servidor: Servidor) -> Iterator[Reparto]:
    """Yield a ``Reparto`` and close its browser contexts afterwards."""
    personas = Reparto(navegador, servidor)
    try:
        yield personas
    finally:
        personas.cerrar()


# --- Steps ------------------------------------------------------------------------------


def id_en_url(pagina: Page, ruta: str) -> int:
    """Return the number that follows ``ruta`` in the page's URL (/mesas/7 → 7)."""
    encontrado = re.search(rf"{re.escape(ruta)}/(\d+)", pagina.url)
    assert encontrado, f"{pagina.url} no es una página de {ruta}"
    return int(encontrado.group(1))


def aviso(pagina: Page, texto: str) -> None:
    """Wait for the page's success notice (the role=status alert) to say ``texto``."""
    expect(pagina.locator(".alerta-exito").first).to_contain_text(texto)


def comparar_y_abrir_divergencia(pagina: Page, nombres: list[str]) -> int:
    """Run the comparator over the garantes ``nombres``, wait for it, open its only
    divergence and return its id."""
    pagina.goto("/comparaciones")
    pagina.get_by_label("Solo los garantes o temas que elija").check()
    for nombre in nombres:
        pagina.get_by_label(nombre, exact=True).check()
    pagina.get_by_role("button", name="Iniciar la comparación").click()
    expect(pagina).to_have_url(re.compile(r"/comparaciones/\d+$"))
    # htmx polls the progress every second; the run goes on in a background process.
    expect(pagina.get_by_role("heading", name="Estado: Terminada")).to_be_visible(
        timeout=ESPERA_COMPARACION_MS
    )
    pagina.get_by_role("link", name=re.compile(r"\b1\s+divergencias")).click()
    divergencias = pagina.locator(".lista-divergencias h2 a")
    expect(divergencias).to_have_count(1)
    divergencias.click()
    expect(pagina).to_have_url(re.compile(r"/divergencias/\d+$"))
    return id_en_url(pagina, "/divergencias")


def crear_mesa(pagina: Page, *, titulo: str, fecha: date, sede: str) -> int:
    """Create a virtual mesa in borrador as the secretaría and return its id."""
    pagina.goto("/mesas")
    pagina.get_by_role("link", name="Nueva mesa", exact=True).click()
    pagina.get_by_label("Título").fill(titulo)
    pagina.get_by_label("Fecha").fill(fecha.isoformat())
    pagina.get_by_label("Hora de inicio").fill("10:00")
    pagina.get_by_label("Modalidad").select_option(label="Virtual")
    pagina.get_by_label("Garante sede").select_option(label=sede)
    pagina.get_by_label("Enlace de la reunión").fill("https://reuniones.example.mx/mesa")
    pagina.get_by_role("button", name="Crear mesa en borrador").click()
    aviso(pagina, "Mesa creada en borrador")
    expect(pagina.get_by_role("heading", level=1)).to_contain_text(titulo)
    return id_en_url(pagina, "/mesas")


def confirmar_paso(pagina: Page, mesa_id: int, enlace: str, boton: str, resultado: str) -> None:
    """Follow a state link of the mesa's page, confirm it and wait for the notice."""
    pagina.goto(f"/mesas/{mesa_id}")
    pagina.get_by_role("link", name=enlace, exact=True).click()
    pagina.get_by_role("button", name=boton).click()
    aviso(pagina, resultado)


def convocar_e_iniciar(pagina: Page, mesa_id: int) -> None:
    """Convoke the mesa, start its session and go to the conducción page."""
    confirmar_paso(pagina, mesa_id, "Convocar", "Sí, convocar", "Mesa convocada")
    confirmar_paso(pagina, mesa_id, "Iniciar la sesión", "Sí, iniciar la sesión", "Sesión iniciada")
    pagina.get_by_role("link", name="Conducir la sesión").click()
    expect(pagina).to_have_url(re.compile(rf"/mesas/{mesa_id}/sesion$"))


def todos_presentes(pagina: Page) -> None:
    """Mark every garante con derecho present (each with a representative) and save."""
    filas = pagina.locator("#asistencia tbody tr")
    expect(filas.first).to_be_visible()
    for fila in filas.all():
        nombre = fila.get_by_role("rowheader").inner_text()
        fila.get_by_role("checkbox").check()
        fila.get_by_role("textbox").fill(f"Titular de {nombre}")
    pagina.get_by_role("button", name="Guardar asistencia").click()
    aviso(pagina, "Asistencia guardada; el quórum se actualizó.")
    expect(pagina.locator("#en-vivo h2")).to_have_text("Hay quórum")


def punto_en_sesion(pagina: Page, titulo: str) -> tuple[int, Locator]:
    """Return the id and the locator of the punto titled ``titulo`` on the session page."""
    articulo = pagina.get_by_role("article").filter(
        has=pagina.get_by_role("heading", name=re.compile(rf"^\d+\. {re.escape(titulo)}$"))
    )
    expect(articulo).to_have_count(1)
    punto_id = int((articulo.get_attribute("id") or "").removeprefix("punto-"))
    return punto_id, articulo


def votar(pagina: Page, mesa_id: int, punto_id: int, siglas: str, sentido: str = "A favor") -> None:
    """Cast the vote of the garante ``siglas`` on the open votación (its comisionado, or the
    secretaría on its behalf) and wait until the table shows it."""
    if f"/mesas/{mesa_id}/sesion" not in pagina.url:
        pagina.goto(f"/mesas/{mesa_id}/sesion")
    panel = pagina.locator(f"#votacion-{punto_id}")
    panel.get_by_role("button", name=f"{sentido}: voto de {siglas}", exact=True).click()
    aviso(pagina, "Voto registrado")
    fila = pagina.locator(f"#votacion-{punto_id}").get_by_role("row", name=re.compile(siglas))
    expect(fila.get_by_role("cell").first).to_have_text(sentido)


def cerrar_votacion(pagina: Page, punto_id: int, resultado: str) -> None:
    """Close the punto's votación after its confirmation page and check the result."""
    panel = pagina.locator(f"#votacion-{punto_id}")
    panel.get_by_role("link", name="Cerrar la votación…").click()
    expect(pagina.get_by_role("heading", level=1)).to_contain_text("Cerrar la votación")
    prevision = pagina.locator("dt:text-is('Resultado si se cierra ahora') + dd")
    expect(prevision).to_have_text(resultado)
    pagina.get_by_role("button", name="Cerrar la votación").click()
    aviso(pagina, "Votación cerrada: el resultado quedó fijo.")
    expect(pagina.locator(f"#votacion-{punto_id} .resultado-votacion")).to_have_text(
        f"Resultado: {resultado}"
    )
