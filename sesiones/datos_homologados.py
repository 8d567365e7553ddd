"""Open data of the published criterios homologados: JSON, CSV and the Atom feed's entries.

The shapes are documented on /datos and stay stable: fields are added, never renamed.

JSON (``/datos/criterios-homologados.json``)::

    {"formato": "criterios-homologados", "version": "1", "generado_en": "…Z",
     "criterios_homologados": [
       {"id", "clave", "rubro", "texto", "precedentes", "marco_normativo", "version",
        "aprobado_en", "publicado_en", "url", "pdf",
        "mesa": {"id", "titulo", "fecha", "punto", "url"} | null,
        "superado_por": {"id", "clave", "url"} | null, "supera_a": [{"id", "clave", "url"}],
        "fuentes": [{"garante", "id", "clave", "rubro"}],
        "adhesiones": [{"garante", "nombre_garante", "estado", "fecha", "nota",
                        "evidencia_enlace", "evidencia_archivo"}]}]}

CSV (``/datos/criterios-homologados.csv``): one row per criterio homologado and garante, with
the columns of ``COLUMNAS_CSV``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from criterios.models import ahora, fecha_local
from sesiones.feed import Entrada, rfc3339, tag_uri
from sesiones.models import Adhesion, CriterioHomologado
from sesiones.publicacion import Ficha, ultima_actualizacion

# The feed's tag URI carries a date on which the site existed; it never changes.
FECHA_CANAL = date(2026, 1, 1)
# The ``updated`` of a feed without entries.
INICIO_CANAL = datetime(2026, 1, 1, tzinfo=UTC)
FORMATO = "criterios-homologados"
VERSION = "1"
COLUMNAS_CSV = (
    "clave", "rubro", "fecha_aprobacion", "fecha_publicacion", "superado_por",
    "garante", "nombre_garante", "adhesion", "fecha_adhesion", "nota",
    "evidencia_enlace", "evidencia_archivo", "direccion",
)  # fmt: skip


def ruta(criterio: CriterioHomologado) -> str:
    """Return the path of the criterio homologado's public page."""
    return f"/criterios-homologados/{criterio.id}"


def ruta_evidencia(adhesion: Adhesion) -> str | None:
    """Return the path of an adhesión's evidence file (None when it has none)."""
    if adhesion.evidencia_id is None:
        return None
    return (
        f"/criterios-homologados/{adhesion.criterio_homologado_id}"
        f"/adhesiones/{adhesion.garante_id}/evidencia"
    )


def _momento(valor: datetime | None) -> str | None:
    return rfc3339(valor) if valor else None


def _referencia(criterio: CriterioHomologado, base: str) -> dict[str, Any]:
    return {"id": criterio.id, "clave": criterio.clave, "url": base + ruta(criterio)}


def como_dict(ficha: Ficha, *, base: str) -> dict[str, Any]:
    """Return one criterio homologado in the open data shape; ``base``: the site's origin."""
    criterio = ficha.criterio
    mesa = None
    if ficha.mesa is not None and ficha.punto is not None:
        mesa = {
            "id": ficha.mesa.id,
            "titulo": ficha.mesa.titulo,
            "fecha": ficha.mesa.fecha.isoformat(),
            "punto": ficha.punto.orden,
            "url": f"{base}/mesas/{ficha.mesa.id}",
        }
    return {
        "id": criterio.id,
        "clave": criterio.clave,
        "rubro": criterio.rubro,
        "texto": criterio.texto,
        "precedentes": criterio.precedentes,
        "marco_normativo": criterio.marco_normativo,
        "version": criterio.version_aprobada or criterio.version,
        "aprobado_en": _momento(criterio.aprobado_en),
        "publicado_en": _momento(criterio.publicado_en),
        "url": base + ruta(criterio),
        "pdf": base + ruta(criterio) + ".pdf",
        "mesa": mesa,
        "superado_por": _referencia(ficha.superado_por, base) if ficha.superado_por else None,
        "supera_a": [_referencia(c, base) for c in ficha.supera_a],
        "fuentes": [
            {"garante": g.id, "id": c.id_externo, "clave": c.clave, "rubro": c.rubro}
            for c, g in ficha.fuentes
        ],
        "adhesiones": [
            {
                "garante": fila.garante.id,
                "nombre_garante": fila.garante.nombre,
                "estado": fila.adhesion.estado,
                "fecha": fila.adhesion.fecha.isoformat() if fila.adhesion.fecha else None,
                "nota": fila.adhesion.nota,
                "evidencia_enlace": fila.adhesion.evidencia_url,
                "evidencia_archivo": (base + e) if (e := ruta_evidencia(fila.adhesion)) else None,
            }
            for fila in ficha.adhesiones
        ],
    }


def documento_json(fichas: list[Ficha], *, base: str) -> dict[str, Any]:
    """Return the whole open data document of the published criterios homologados."""
    return {
        "formato": FORMATO,
        "version": VERSION,
        "generado_en": rfc3339(ahora()),
        "criterios_homologados": [como_dict(f, base=base) for f in fichas],
    }


def filas_csv(fichas: list[Ficha], *, base: str) -> Iterator[list[Any]]:
    """Yield the CSV header and one row per criterio homologado × garante adhesión."""
    yield list(COLUMNAS_CSV)
    for ficha in fichas:
        criterio = ficha.criterio
        comunes = [
            criterio.clave,
            criterio.rubro,
            fecha_local(criterio.aprobado_en).isoformat() if criterio.aprobado_en else None,
            fecha_local(criterio.publicado_en).isoformat() if criterio.publicado_en else None,
            ficha.superado_por.clave if ficha.superado_por else None,
        ]
        direccion = base + ruta(criterio)
        if not ficha.adhesiones:
            yield [*comunes, None, None, None, None, None, None, None, direccion]
        for fila in ficha.adhesiones:
            adhesion = fila.adhesion
            evidencia = ruta_evidencia(fila.adhesion)
            yield [
                *comunes,
                fila.garante.id,
                fila.garante.nombre,
                adhesion.estado,
                adhesion.fecha.isoformat() if adhesion.fecha else None,
                adhesion.nota,
                adhesion.evidencia_url,
                (base + evidencia) if evidencia else None,
                direccion,
            ]


def entrada_feed(criterio: CriterioHomologado, *, base: str, host: str) -> Entrada:
    """Return the Atom entry of a published criterio homologado."""
    assert criterio.publicado_en is not None
    resumen = criterio.texto
    if criterio.superado_por_id:
        resumen = "(Superado por un criterio homologado posterior.) " + resumen
    return Entrada(
        id=tag_uri(
            autoridad=host,
            fecha=criterio.creado_en.date(),
            especifico=f"criterio-homologado/{criterio.id}",
        ),
        titulo=f"{criterio.clave} — {criterio.rubro}",
        actualizada=ultima_actualizacion(criterio),
        publicada=criterio.publicado_en,
        enlace=base + ruta(criterio),
        resumen=resumen,
        categoria="criterio-homologado",
    )
