"""Read back the text of a PDF the application produced (pypdf), spaces collapsed."""

from __future__ import annotations

import io

from pypdf import PdfReader


def texto_pdf(contenido: bytes) -> str:
    """Return the text of every page of ``contenido`` with runs of whitespace as one space."""
    paginas = PdfReader(io.BytesIO(contenido)).pages
    return " ".join(" ".join(pagina.extract_text() for pagina in paginas).split())
