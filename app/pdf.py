"""PDF documents (acta, convocatoria, criterio homologado) from the same templates as pages.

WeasyPrint renders the HTML of a template; it may read only our own static files (the
print style sheet), never the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from starlette.requests import Request
from starlette.responses import Response

from app.settings import STATIC_DIR

BASE_URL = "https://homologa.invalid/"


def _estatico(url: str) -> tuple[bytes, str]:
    """Return our static file for ``url`` and its type; refuse anything else."""
    partes = urlparse(url)
    if url.startswith(BASE_URL) and partes.path.startswith("/static/"):
        archivo = (STATIC_DIR / partes.path.removeprefix("/static/")).resolve()
        if archivo.is_relative_to(Path(STATIC_DIR).resolve()) and archivo.is_file():
            return archivo.read_bytes(), _tipo(archivo)
    raise ValueError(f"Recurso no permitido en un PDF: {url}")


def _tipo(archivo: Path) -> str:
    return {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}.get(
        archivo.suffix, "application/octet-stream"
    )


def pdf_de_html(html: str) -> bytes:
    """Return the PDF of ``html`` (links to /static/… resolve to our files)."""
    # Imported here: it loads Pango, and only PDFs need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SoloEstaticos(URLFetcher):  # type: ignore[misc]
        """Serve /static/… from disk; anything else (the network) is an error."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            contenido, tipo = _estatico(url)
            return URLFetcherResponse(url, contenido, {"Content-Type": tipo})

    documento = HTML(string=html, base_url=BASE_URL, url_fetcher=SoloEstaticos())
    return bytes(documento.write_pdf())


def html_de_plantilla(request: Request, nombre: str, contexto: dict[str, Any]) -> str:
    """Return the HTML of template ``nombre`` rendered for ``request`` (no response)."""
    plantilla = request.app.state.templates.env.get_template(nombre)
    return str(plantilla.render({"request": request, **contexto}))


def respuesta_pdf(pdf: bytes, nombre_archivo: str, *, descarga: bool = False) -> Response:
    """Return ``pdf`` as a response shown inline (or downloaded) under ``nombre_archivo``."""
    modo = "attachment" if descarga else "inline"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f"{modo}; filename*=UTF-8''{quote(nombre_archivo)}"},
    )
