"""The procedimiento form: reading its fields, a fixed set of stage rows, and validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from criterios.models import UNIDADES_PLAZO, Etapa, Garante, Procedimiento
from criterios.procedimientos import existe_id_externo

FILAS_EN_BLANCO = 3
# A form is one person's work; this only stops a crafted request from growing without end.
MAX_FILAS = 200
MAX_ID = 120
MAX_CANTIDAD = 9999
CAMPOS_ETAPA = (
    "nombre", "plazo_cantidad", "plazo_unidad", "ampliacion_cantidad", "ampliacion_unidad",
    "fundamento", "descripcion",
)  # fmt: skip
OPCIONES_UNIDAD = list(
    zip(UNIDADES_PLAZO, ("días hábiles", "días naturales", "meses", "horas"), strict=True)
)
_CAMPO_ETAPA = re.compile(r"^etapa-(\d{1,4})-([a-z_]+)$")


def filas_en_blanco(cantidad: int = FILAS_EN_BLANCO) -> list[dict[str, str]]:
    """Return empty stage rows for the form."""
    return [dict.fromkeys(CAMPOS_ETAPA, "") for _ in range(cantidad)]


def valores_iniciales(procedimiento: Procedimiento | None, etapas: list[Etapa]) -> dict[str, Any]:
    """Return the form's values for a procedimiento (or a blank one), plus blank stage rows."""
    filas = [
        {
            "nombre": e.nombre,
            "plazo_cantidad": "" if e.plazo_cantidad is None else str(e.plazo_cantidad),
            "plazo_unidad": e.plazo_unidad or "",
            "ampliacion_cantidad": (
                "" if e.ampliacion_cantidad is None else str(e.ampliacion_cantidad)
            ),
            "ampliacion_unidad": e.ampliacion_unidad or "",
            "fundamento": e.fundamento or "",
            "descripcion": e.descripcion or "",
        }
        for e in etapas
    ]
    return {
        "garante": procedimiento.garante_id if procedimiento else "",
        "id_externo": procedimiento.id_externo if procedimiento else "",
        "nombre": procedimiento.nombre if procedimiento else "",
        "fundamento": (procedimiento.fundamento or "") if procedimiento else "",
        "requisitos": "\n".join(procedimiento.requisitos) if procedimiento else "",
        "etapas": filas + filas_en_blanco(),
    }


def leer(form: Mapping[str, Any]) -> dict[str, Any]:
    """Return the submitted values as stripped strings, stage rows in their form order."""
    filas: dict[int, dict[str, str]] = {}
    for clave in form:
        encontrado = _CAMPO_ETAPA.match(clave)
        if encontrado and encontrado.group(2) in CAMPOS_ETAPA:
            numero = int(encontrado.group(1))
            filas.setdefault(numero, dict.fromkeys(CAMPOS_ETAPA, ""))
            filas[numero][encontrado.group(2)] = str(form.get(clave, "")).strip()
    return {
        "garante": str(form.get("garante", "")).strip(),
        "id_externo": str(form.get("id_externo", "")).strip(),
        "nombre": str(form.get("nombre", "")).strip(),
        "fundamento": str(form.get("fundamento", "")).strip(),
        "requisitos": str(form.get("requisitos", "")).strip(),
        "etapas": [filas[n] for n in sorted(filas)][:MAX_FILAS],
    }


def validar(
    valores: dict[str, Any], *, session: Session, excepto: int | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the interchange record built from the form and the errors found (by field)."""
    errores: dict[str, str] = {}
    garante, id_externo = valores["garante"], valores["id_externo"]
    if not garante:
        errores["garante"] = "Elija el garante del procedimiento."
    elif session.get(Garante, garante) is None:
        errores["garante"] = "El garante elegido no existe."
    if not id_externo:
        errores["id_externo"] = "Escriba el identificador del procedimiento."
    elif len(id_externo) > MAX_ID:
        errores["id_externo"] = f"El identificador admite hasta {MAX_ID} caracteres."
    elif "garante" not in errores and existe_id_externo(
        session=session, garante_id=garante, id_externo=id_externo, excepto=excepto
    ):
        errores["id_externo"] = (
            f"Ya existe un procedimiento con el identificador «{id_externo}» en este garante."
        )
    if not valores["nombre"]:
        errores["nombre"] = "Escriba el nombre del procedimiento."
    etapas = []
    vistos: set[str] = set()
    for numero, fila in enumerate(valores["etapas"], start=1):
        if not any(fila.values()):
            continue  # blank rows are room to add stages, not stages
        etapa = _validar_etapa(numero, fila, vistos, errores)
        etapas.append(etapa)
    if not etapas:
        errores["etapas"] = "Agregue al menos una etapa con su nombre."
    registro: dict[str, Any] = {
        "id": id_externo,
        "garante": garante,
        "nombre": valores["nombre"],
        "etapas": etapas,
    }
    if valores["fundamento"]:
        registro["fundamento"] = valores["fundamento"]
    requisitos = [r.strip() for r in valores["requisitos"].splitlines() if r.strip()]
    if requisitos:
        registro["requisitos"] = requisitos
    return registro, errores


def _validar_etapa(
    numero: int, fila: dict[str, str], vistos: set[str], errores: dict[str, str]
) -> dict[str, Any]:
    prefijo = f"etapa-{numero}-"
    nombre = fila["nombre"]
    if not nombre:
        errores[prefijo + "nombre"] = f"Etapa {numero}: escriba el nombre de la etapa."
    elif nombre.casefold() in vistos:
        errores[prefijo + "nombre"] = f"Etapa {numero}: ya hay otra etapa con este nombre."
    vistos.add(nombre.casefold())
    etapa: dict[str, Any] = {"nombre": nombre}
    for campo, texto in (("plazo", "del plazo"), ("ampliacion", "de la ampliación")):
        valor = _plazo(numero, campo, texto, fila, errores)
        if valor:
            etapa[campo] = valor
    for campo in ("fundamento", "descripcion"):
        if fila[campo]:
            etapa[campo] = fila[campo]
    return etapa


def _plazo(
    numero: int, campo: str, texto: str, fila: dict[str, str], errores: dict[str, str]
) -> dict[str, Any] | None:
    """Return {cantidad, unidad} from one row's pair of fields, recording any error."""
    cantidad, unidad = fila[f"{campo}_cantidad"], fila[f"{campo}_unidad"]
    clave_cantidad, clave_unidad = (
        f"etapa-{numero}-{campo}_cantidad",
        f"etapa-{numero}-{campo}_unidad",
    )
    if not cantidad and not unidad:
        return None
    valor = None
    if not cantidad:
        errores[clave_cantidad] = f"Etapa {numero}: escriba la cantidad {texto}."
    elif not (cantidad.isascii() and cantidad.isdigit()):
        errores[clave_cantidad] = (
            f"Etapa {numero}: la cantidad {texto} debe ser un número entero mayor o igual a cero."
        )
    elif int(cantidad) > MAX_CANTIDAD:
        errores[clave_cantidad] = (
            f"Etapa {numero}: la cantidad {texto} no puede pasar de {MAX_CANTIDAD}."
        )
    else:
        valor = int(cantidad)
    if not unidad:
        errores[clave_unidad] = f"Etapa {numero}: elija la unidad {texto}."
    elif unidad not in UNIDADES_PLAZO:
        errores[clave_unidad] = f"Etapa {numero}: la unidad {texto} no es válida."
    elif valor is not None:
        return {"cantidad": valor, "unidad": unidad}
    return None
