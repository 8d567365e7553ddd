"""Routes: /evidencias/{id}, an evidence file (of an avance or an adhesión) as a download.

Only signed-in accounts download evidence: the public sees that it exists, not its content.
The file goes out as an attachment with the type its content was checked to be, so a
browser never renders it inside the site.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.permisos import autorizar
from app.web import get_session
from sesiones.models import Evidencia


def disposicion_adjunto(nombre: str) -> str:
    """Return a Content-Disposition that downloads ``nombre`` (RFC 6266, UTF-8 name too)."""
    ascii_ = unicodedata.normalize("NFKD", nombre).encode("ascii", "ignore").decode()
    ascii_ = "".join(c if c.isalnum() or c in " .-_()" else "_" for c in ascii_).strip()
    return f"attachment; filename=\"{ascii_ or 'evidencia'}\"; filename*=UTF-8''{quote(nombre)}"


def evidencia(request: Request) -> Response:
    """Return an evidence file as a download, for signed-in accounts only."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    archivo = session.get(Evidencia, request.path_params["id"])
    if archivo is None:
        raise HTTPException(404, "No existe ningún archivo de evidencia con ese número.")
    return Response(
        bytes(archivo.contenido),
        media_type=archivo.tipo_mime,
        headers={
            "Content-Disposition": disposicion_adjunto(archivo.nombre_archivo),
            "Cache-Control": "private, no-store",
        },
    )


routes = [Route("/evidencias/{id:int}", evidencia, methods=["GET"])]
