"""Atom 1.0 feeds (RFC 4287) from plain data: a ``Canal`` and a list of ``Entrada``.

Any feed of the platform (mesas and acuerdos, criterios homologados) is built here, so that
each one is well-formed and valid in the same way: the XML is written by ElementTree (it
escapes ``<``, ``&`` and quotes), characters that XML 1.0 cannot carry are dropped, and
times are RFC 3339 in UTC. Ids are tag URIs (RFC 4151) that do not change when an entry is
updated.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

NS_ATOM = "http://www.w3.org/2005/Atom"
TIPO_ATOM = "application/atom+xml; charset=utf-8"
LIMITE_ENTRADAS = 50

# What XML 1.0 allows (tab, newline, carriage return and the rest of Unicode but surrogates
# and U+FFFE/U+FFFF); a stray control character in a title would make the feed unreadable.
_NO_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Entrada:
    """One entry: a stable id, title, last update, its page (absolute URL) and a summary."""

    id: str
    titulo: str
    actualizada: datetime
    enlace: str
    resumen: str
    categoria: str | None = None
    publicada: datetime | None = None


@dataclass(frozen=True)
class Canal:
    """The feed itself: its id, title, own URL, the page it mirrors and its author."""

    id: str
    titulo: str
    enlace_propio: str
    enlace_alterno: str
    autor: str
    subtitulo: str | None = None


def tag_uri(*, autoridad: str, fecha: date, especifico: str) -> str:
    """Return a tag URI: ``tag:homologa.example.mx,2026-11-28:mesa/12``.

    ``autoridad`` is the site's host name (without port), ``fecha`` a day on which the site
    had it (the object's creation, so the id never changes afterwards).
    """
    host = autoridad.split(":", 1)[0].lower() or "localhost"
    return f"tag:{host},{fecha:%Y-%m-%d}:{especifico}"


def rfc3339(momento: datetime) -> str:
    """Return ``momento`` in UTC as RFC 3339 (``2026-12-10T17:05:00Z``); naive means UTC."""
    return _utc(momento).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(momento: datetime) -> datetime:
    return momento.replace(tzinfo=UTC) if momento.tzinfo is None else momento.astimezone(UTC)


def ordenar(entradas: Iterable[Entrada], *, limite: int = LIMITE_ENTRADAS) -> list[Entrada]:
    """Return the ``limite`` most recently updated entries, newest first (ties by id).

    The full time decides, not the second the feed shows: two changes in the same second
    still come in the order they happened.
    """
    todas = sorted(entradas, key=lambda e: e.id)
    todas.sort(key=lambda e: _utc(e.actualizada), reverse=True)
    return todas[:limite]


def atom(*, canal: Canal, entradas: list[Entrada], actualizado: datetime) -> bytes:
    """Return the feed as UTF-8 XML; ``entradas`` go in the given order.

    ``actualizado`` is the feed's own ``updated`` (usually the newest entry's; the caller
    picks one for an empty feed).
    """
    ET.register_namespace("", NS_ATOM)
    raiz = ET.Element(_q("feed"))
    _texto(raiz, "id", canal.id)
    _texto(raiz, "title", canal.titulo)
    if canal.subtitulo:
        _texto(raiz, "subtitle", canal.subtitulo)
    _texto(raiz, "updated", rfc3339(actualizado))
    _enlace(raiz, canal.enlace_propio, rel="self", tipo="application/atom+xml")
    _enlace(raiz, canal.enlace_alterno, rel="alternate", tipo="text/html")
    autor = ET.SubElement(raiz, _q("author"))
    _texto(autor, "name", canal.autor)
    for entrada in entradas:
        elemento = ET.SubElement(raiz, _q("entry"))
        _texto(elemento, "id", entrada.id)
        _texto(elemento, "title", entrada.titulo)
        _texto(elemento, "updated", rfc3339(entrada.actualizada))
        if entrada.publicada is not None:
            _texto(elemento, "published", rfc3339(entrada.publicada))
        _enlace(elemento, entrada.enlace, rel="alternate", tipo="text/html")
        if entrada.categoria:
            ET.SubElement(elemento, _q("category"), term=_limpio(entrada.categoria))
        _texto(elemento, "summary", entrada.resumen)
    ET.indent(raiz)
    return bytes(ET.tostring(raiz, encoding="utf-8", xml_declaration=True))


def _q(nombre: str) -> str:
    return f"{{{NS_ATOM}}}{nombre}"


def _limpio(texto: str) -> str:
    return _NO_XML.sub("", texto)


def _texto(padre: ET.Element, nombre: str, texto: str) -> ET.Element:
    elemento = ET.SubElement(padre, _q(nombre))
    elemento.text = _limpio(texto)
    if nombre in ("title", "subtitle", "summary"):
        elemento.set("type", "text")
    return elemento


def _enlace(padre: ET.Element, url: str, *, rel: str, tipo: str) -> None:
    ET.SubElement(padre, _q("link"), rel=rel, type=tipo, href=_limpio(url))
