"""Synonyms of Mexican transparency law, folded into one term before comparing topics.

Bodies name the same things differently ("prórroga" / "ampliación",
"peticionario" / "solicitante", "Unidad de Enlace" / "Unidad de
Transparencia"); without folding them, TF-IDF sees paraphrases as different
topics.  The table is general legal vocabulary, not tuned to any data set.
Phrases are matched on stem sequences, so inflections match too.
"""

from __future__ import annotations

import re
from functools import cache

from comparador.normalizacion import terminos

# Each line: canonical term, then phrases that mean the same in this domain.
_GRUPOS: tuple[tuple[str, ...], ...] = (
    ("plazo", "término", "términos", "lapso", "periodo", "período"),
    (
        "ampliación",
        "ampliar",
        "ampliarse",
        "amplía",
        "prórroga",
        "prorrogar",
        "prorrogarse",
        "extensión",
        "extender",
        "días adicionales",
        "periodo adicional",
        "más tiempo",
    ),
    (
        "solicitante",
        "peticionario",
        "peticionaria",
        "requirente",
        "persona interesada",
        "persona solicitante",
        "particular",
        "particulares",
        "persona usuaria",
        "recurrente",
    ),
    (
        "sujeto obligado",
        "sujetos obligados",
        "ente público",
        "entes públicos",
        "ente obligado",
        "entes obligados",
        "dependencia",
        "dependencias",
        "autoridad requerida",
        "autoridad responsable",
    ),
    (
        "respuesta",
        "responder",
        "responda",
        "respondan",
        "contestar",
        "contestación",
        "conteste",
        "contesta",
    ),
    ("solicitud", "petición", "peticiones", "requerimiento de información"),
    (
        "recurso de revisión",
        "recurso",
        "medio de impugnación",
        "impugnación",
        "impugnar",
        "inconformarse",
        "inconformidad",
        "inconforme",
    ),
    ("interponer", "interposición", "interpone", "interpuesto", "promover", "promoverse"),
    (
        "notificar",
        "notificación",
        "notifique",
        "comunicar",
        "comunicarlo",
        "comunica",
        "comunicación",
        "hacer saber",
        "hacerlo saber",
        "hacerla saber",
        "dar a conocer",
        "hacer del conocimiento",
        "hacerla del conocimiento",
        "informar",
    ),
    ("comité de transparencia", "órgano colegiado", "comité de información"),
    ("unidad de transparencia", "unidad de enlace", "unidad de información"),
    ("hoja", "hojas", "foja", "fojas", "página", "páginas"),
    ("gratuito", "gratuita", "gratuitamente", "gratuidad", "sin costo", "sin cobro", "sin cargo"),
    ("cobro", "cobrar", "cobrará", "costo", "costos", "pago", "pagar", "paga", "cuota", "cuotas"),
    (
        "liga",
        "ligas",
        "vínculo",
        "hipervínculo",
        "enlace electrónico",
        "dirección electrónica",
        "url",
    ),
    (
        "portal",
        "sitio web",
        "sitio institucional",
        "sitio de internet",
        "página de internet",
        "página electrónica",
    ),
    (
        "incompetencia",
        "incompetente",
        "no es competente",
        "carece de facultades",
        "carezca de facultades",
        "ausencia de facultades",
        "carece de atribuciones",
        "no corresponde a sus facultades",
    ),
    ("cumplimiento", "cumplir", "cumpla", "acatar", "acatamiento"),
    ("resolución", "resoluciones", "fallo", "resolver", "resuelve", "resolverse"),
    ("prevención", "prevenir", "aclaración", "aclarar", "aclare", "precisión de la solicitud"),
    ("inexistencia", "inexistente", "no existe", "no se localiza"),
    ("reserva", "reservada", "reservado", "clasificación", "clasificada", "clasificar"),
    ("confidencial", "confidencialidad", "datos personales"),
    ("versión pública", "testar", "testado", "testada"),
    (
        "servidor público",
        "servidores públicos",
        "funcionario",
        "funcionarios",
        "persona servidora pública",
        "personas servidoras públicas",
    ),
    (
        "remuneración",
        "remuneraciones",
        "sueldo",
        "sueldos",
        "salario",
        "salarios",
        "percepción",
        "percepciones",
    ),
    ("modalidad", "forma de entrega", "medio de entrega"),
    ("consulta directa", "in situ"),
    ("desechar", "desechamiento", "desecha", "desecharse"),
    ("sobreseer", "sobreseimiento", "sobresee", "sobreseerse"),
    ("plataforma nacional de transparencia", "plataforma nacional", "pnt"),
    (
        "extemporáneo",
        "extemporánea",
        "extemporáneos",
        "fuera de tiempo",
        "fuera de plazo",
        "tardío",
        "tardía",
    ),
)


@cache
def _tabla() -> tuple[re.Pattern[str], dict[str, str]]:
    """Return the phrase regex over space-joined stems and the phrase -> canonical stem map."""
    reemplazos: dict[str, str] = {}
    for grupo in _GRUPOS:
        canonico = "_".join(terminos(grupo[0]))
        for frase in grupo:
            raices = " ".join(terminos(frase))
            if raices:
                reemplazos.setdefault(raices, canonico)
    # Longest phrases first so "recurso de revisión" wins over "recurso".
    frases = sorted(reemplazos, key=lambda f: (-len(f), f))
    patron = re.compile(r"(?<![^ ])(?:" + "|".join(map(re.escape, frases)) + r")(?![^ ])")
    return patron, reemplazos


def canonizar(raices: list[str]) -> list[str]:
    """Return the stems with each known synonym phrase replaced by its canonical term."""
    if not raices:
        return raices
    patron, reemplazos = _tabla()
    unido = patron.sub(lambda m: reemplazos[m.group(0)], " ".join(raices))
    return unido.split()
