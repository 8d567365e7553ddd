"""The demo data: one interchange file loaded with the same import code users use."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from criterios.models import Ajuste, Garante

ARCHIVO_DEMO = "demo.json"
AJUSTE_DEMO = "datos_de_ejemplo"


def datos_demo() -> dict[str, Any]:
    """Return the demo interchange data shipped with the package."""
    contenido = resources.files("criterios.demo").joinpath(ARCHIVO_DEMO).read_text("utf-8")
    return json.loads(contenido)


def cargar_demo(session: Session) -> None:
    """Import the demo data through the ordinary import path and remember it was loaded."""
    from criterios.intercambio import importar, validar

    datos = validar(datos_demo(), session=session)
    importar(session=session, datos=datos, autor="datos de ejemplo")
    session.merge(Ajuste(clave=AJUSTE_DEMO, valor=True))


def cargar_demo_si_vacia(engine: Engine) -> bool:
    """Load the demo data when the register has no garante; return whether it loaded."""
    with Session(engine) as session:
        if session.exec(select(func.count()).select_from(Garante)).one():
            return False
        cargar_demo(session)
        session.commit()
    return True


def hay_datos_de_ejemplo(session: Session) -> bool:
    """Return whether the demo data was loaded (pages then say it is illustrative)."""
    ajuste = session.get(Ajuste, AJUSTE_DEMO)
    return bool(ajuste and ajuste.valor)
