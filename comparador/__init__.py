"""Homologa comparator engine: pure functions over plain data.

`comparar` turns interchange data (criterios, procedimientos) into the report
of comparacion.schema.json: topic groups, stances, divergences, gaps and
aligned procedure stages.  Nothing here touches a database or the web.
"""

from comparador.comparacion import comparar
from comparador.diferencias import diferencias_palabras
from comparador.normalizacion import normalizar, terminos
from comparador.parametros import Parametros
from comparador.procedimientos import alinear_etapas

__all__ = [
    "Parametros",
    "alinear_etapas",
    "comparar",
    "diferencias_palabras",
    "normalizar",
    "terminos",
]
