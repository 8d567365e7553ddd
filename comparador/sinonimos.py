"""Synonyms of Mexican transparency law, folded into one term before comparing topics.

Bodies name the same things differently ("prórroga" / "ampliación",
"peticionario" / "solicitante", "Unidad de Enlace" / "Unidad de
Transparencia"); without folding them, TF-IDF sees paraphrases as different
topics.  The table is general legal vocabulary, not tuned to any data set.
Phrases are matched on stem sequences, so inflections match too.
"""

from __future__ import annotations

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
def _tabla() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Return first stem -> [(phrase stems, canonical stem)], longest phrases first."""
    reemplazos: dict[tuple[str, ...], str] = {}
    for grupo in _GRUPOS:
        canonico = "_".join(terminos(grupo[0]))
        for frase in grupo:
            raices = tuple(terminos(frase))
            if raices:
                reemplazos.setdefault(raices, canonico)
    # Longest phrases first so "recurso de revisión" wins over "recurso".
    por_primera: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for raices in sorted(reemplazos, key=lambda r: (-len(" ".join(r)), " ".join(r))):
        por_primera.setdefault(raices[0], []).append((raices, reemplazos[raices]))
    return por_primera


def canonizar(raices: list[str]) -> list[str]:
    """Return the stems with each known synonym phrase replaced by its canonical term.

    Phrases are matched left to right, the longest first at each stem; the
    list is returned as it is when nothing changes.
    """
    por_primera = _tabla()
    candidatos = [i for i, raiz in enumerate(raices) if raiz in por_primera]
    if not candidatos:
        return raices
    resultado: list[str] = []
    hecho = 0
    for i in candidatos:
        if i < hecho:
            continue  # inside the previous phrase
        for frase, canonico in por_primera[raices[i]]:
            fin = i + len(frase)
            if fin == i + 1 or tuple(raices[i:fin]) == frase:
                resultado += raices[hecho:i]
                resultado.append(canonico)
                hecho = fin
                break
    resultado += raices[hecho:]
    return resultado
