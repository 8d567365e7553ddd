"""The criterio form: its values for an existing criterio, and reading and validating it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from criterios import consultas
from criterios.models import SENTIDOS_PRECEDENTE, TIPOS_CRITERIO, VIGENCIAS, Criterio, Garante
from criterios.registro import criterio_a_dict

ID_VALIDO = re.compile(r"[^\s].{0,119}")
# Labels of the fields a version can change, in the order the history shows them.
ETIQUETAS = {
    "clave": "Clave",
    "rubro": "Rubro",
    "texto": "Texto",
    "tipo": "Tipo",
    "vigencia": "Vigencia",
    "fecha_aprobacion": "Fecha de aprobación",
    "fuente": "Fuente",
    "marco_normativo": "Marco normativo",
    "temas": "Temas",
    "precedentes": "Precedentes",
}


def fecha_o_none(valor: Any) -> date | None:
    """Return the date written as AAAA-MM-DD, or None when empty or invalid."""
    try:
        return date.fromisoformat(str(valor)) if valor else None
    except ValueError:
        return None


def precedentes_como_texto(precedentes: list[dict[str, Any]]) -> str:
    """Return the precedentes one per line, as the form shows them."""
    lineas = []
    for p in precedentes:
        partes = [p.get("expediente", ""), p.get("fecha", ""), p.get("sentido", "")]
        while len(partes) > 1 and not partes[-1]:
            partes.pop()
        lineas.append(" | ".join(partes))
    return "\n".join(lineas)


def valores_de(criterio: Criterio) -> dict[str, str]:
    """Return the form values that show ``criterio`` as it is now."""
    datos = criterio_a_dict(criterio)
    return {
        **{c: str(datos.get(c, "")) for c in ETIQUETAS if c not in ("temas", "precedentes")},
        "temas": ", ".join(criterio.temas),
        "precedentes": precedentes_como_texto(criterio.precedentes),
    }


def _leer_precedentes(texto: str) -> tuple[list[dict[str, str]], list[str]]:
    """Return the precedentes written one per line, and one error per bad line."""
    precedentes: list[dict[str, str]] = []
    errores: list[str] = []
    for numero, linea in enumerate(texto.splitlines(), start=1):
        if not linea.strip():
            continue
        partes = [p.strip() for p in linea.split("|")]
        if len(partes) > 3 or not partes[0]:
            errores.append(
                f"Línea {numero}: escriba «EXPEDIENTE | AAAA-MM-DD | sentido» "
                "(la fecha y el sentido son opcionales)."
            )
            continue
        precedente = {"expediente": partes[0]}
        fecha = partes[1] if len(partes) > 1 else ""
        sentido = (partes[2] if len(partes) > 2 else "").lower()
        if fecha:
            if fecha_o_none(fecha) is None:
                errores.append(f"Línea {numero}: la fecha «{fecha}» no es válida; use AAAA-MM-DD.")
            precedente["fecha"] = fecha
        if sentido:
            if sentido not in SENTIDOS_PRECEDENTE:
                errores.append(
                    f"Línea {numero}: el sentido «{sentido}» no se reconoce; use uno de: "
                    + ", ".join(SENTIDOS_PRECEDENTE)
                    + "."
                )
            precedente["sentido"] = sentido
        precedentes.append(precedente)
    return precedentes, errores


def validar_formulario(
    formulario: Mapping[str, Any], *, session: Session, criterio: Criterio | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the interchange record from a form, and the errors per field (empty if valid).

    ``criterio`` is the one being edited; None when creating, where garante and id come
    from the form.
    """
    valores = {k: str(v).strip() for k, v in formulario.items() if isinstance(v, str)}
    errores: dict[str, str] = {}
    if criterio is None:
        garante, id_externo = valores.get("garante", ""), valores.get("id", "")
        if not garante:
            errores["garante"] = "Elija el garante del criterio."
        elif session.get(Garante, garante) is None:
            errores["garante"] = "El garante elegido no existe."
        if not id_externo:
            errores["id"] = "Escriba el identificador del criterio."
        elif not ID_VALIDO.fullmatch(id_externo):
            errores["id"] = "El identificador debe ser una línea de hasta 120 caracteres."
        elif "garante" not in errores and consultas.criterio_por_id_externo(
            session=session, garante=garante, id=id_externo
        ):
            errores["id"] = (
                f"Ya existe un criterio con el identificador «{id_externo}» en ese garante."
            )
    else:
        garante, id_externo = criterio.garante_id, criterio.id_externo
    if not valores.get("rubro"):
        errores["rubro"] = "Escriba el rubro del criterio."
    if not valores.get("texto"):
        errores["texto"] = "Escriba el texto del criterio."
    if valores.get("tipo") and valores["tipo"] not in TIPOS_CRITERIO:
        errores["tipo"] = "Elija un tipo de la lista."
    if valores.get("vigencia", "vigente") not in VIGENCIAS:
        errores["vigencia"] = "Elija una vigencia de la lista."
    fecha = valores.get("fecha_aprobacion", "")
    if fecha and fecha_o_none(fecha) is None:
        errores["fecha_aprobacion"] = (
            "La fecha de aprobación no es válida; use el formato AAAA-MM-DD."
        )
    precedentes, errores_precedentes = _leer_precedentes(valores.get("precedentes", ""))
    if errores_precedentes:
        errores["precedentes"] = " ".join(errores_precedentes)
    temas = [t.strip() for t in valores.get("temas", "").split(",") if t.strip()]
    registro = {
        "id": id_externo,
        "garante": garante,
        **{c: valores.get(c) or None for c in ("clave", "rubro", "texto", "tipo", "fuente")},
        "marco_normativo": valores.get("marco_normativo") or None,
        "vigencia": valores.get("vigencia") or "vigente",
        "fecha_aprobacion": fecha or None,
        "temas": list(dict.fromkeys(temas)),
        "precedentes": precedentes,
    }
    return registro, errores
