"""Mide la importación de 10,000 criterios y la latencia de las páginas del catálogo.

No es una prueba. Genera (con semilla fija) criterios de 9 garantes a partir de plantillas
de texto jurídico variado, los importa con ``criterios.intercambio`` (validar + importar,
el mismo camino que la línea de órdenes y la página /importar) en una base SQLite nueva en
un directorio temporal (y, con ``--postgres URL``, en un esquema nuevo de esa base), y
después levanta la aplicación real (``homologa serve`` en un subproceso, puerto libre de
127.0.0.1) y mide p50/p95 de un número fijo de peticiones a la lista, la búsqueda, el filtro
por garante, la ficha de un criterio y la matriz de procedimientos. Imprime tablas en
markdown y la máquina.

Uso:
    .venv/bin/python scripts/bench_catalogo.py [--criterios 10000] [--peticiones 200]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, func, select  # noqa: E402

from app.db import aplicar_migraciones, crear_engine  # noqa: E402
from criterios.intercambio import importar, validar  # noqa: E402
from criterios.models import Criterio  # noqa: E402

OBJETIVO_IMPORTACION_S = 15.0
OBJETIVO_BUSQUEDA_P95_MS = 100.0

GARANTES = [
    ("ags", "Instituto de Transparencia del Estado de Aguascalientes", "ITEA", "Aguascalientes"),
    ("col", "Instituto de Transparencia de Colima", "INFOCOL", "Colima"),
    ("gto", "Instituto de Acceso a la Información Pública de Guanajuato", "IACIP", "Guanajuato"),
    ("jal", "Instituto de Transparencia de Jalisco", "ITEI", "Jalisco"),
    ("mich", "Instituto Michoacano de Acceso a la Información", "IMAIP", "Michoacán"),
    ("nay", "Instituto de Transparencia de Nayarit", "ITAI", "Nayarit"),
    ("qro", "Comisión de Transparencia de Querétaro", "INFOQRO", "Querétaro"),
    ("slp", "Comisión Estatal de Garantía de Acceso a la Información", "CEGAIP", "San Luis Potosí"),
    ("zac", "Instituto Zacatecano de Acceso a la Información", "IZAI", "Zacatecas"),
]

# Each tema: rubro templates, texto templates. {n} is a plazo, {suj} a sujeto obligado,
# {doc} a document, {verbo} a modal verb phrase, {org} an organ, {dato} a personal datum.
TEMAS: dict[str, tuple[list[str], list[str]]] = {
    "plazo de respuesta": (
        [
            "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO.",
            "TÉRMINO PARA DAR RESPUESTA A LAS SOLICITUDES DE INFORMACIÓN.",
        ],
        [
            "{suj} {verbo} notificar la respuesta dentro de {n} días hábiles contados a partir "
            "del día siguiente a la presentación de la solicitud.",
            "El plazo de {n} días hábiles para responder corre desde el día hábil siguiente a "
            "la recepción; {suj} no puede ampliarlo sin acuerdo del Comité de Transparencia.",
        ],
    ),
    "ampliación del plazo": (
        [
            "AMPLIACIÓN DEL PLAZO DE RESPUESTA. REQUISITOS.",
            "PRÓRROGA PARA RESPONDER. DEBE ESTAR FUNDADA Y MOTIVADA.",
        ],
        [
            "La ampliación del plazo por {n} días hábiles {verbo} aprobarse por el Comité de "
            "Transparencia y notificarse antes del vencimiento del plazo ordinario.",
            "{suj} que amplía el plazo sin razones fundadas y motivadas incumple la ley; la "
            "prórroga procede una sola vez y por {n} días hábiles.",
        ],
    ),
    "recurso de revisión": (
        [
            "RECURSO DE REVISIÓN. PLAZO PARA INTERPONERLO.",
            "OPORTUNIDAD EN LA PRESENTACIÓN DEL RECURSO DE REVISIÓN.",
        ],
        [
            "El recurso de revisión {verbo} interponerse dentro de los {n} días hábiles "
            "siguientes a la notificación de la respuesta o al vencimiento del plazo para darla.",
            "Es oportuno el recurso presentado dentro de {n} días hábiles; el plazo se computa "
            "desde la notificación y no desde que el solicitante consultó el sistema.",
        ],
    ),
    "información reservada": (
        [
            "INFORMACIÓN RESERVADA. PRUEBA DE DAÑO.",
            "CLASIFICACIÓN DE LA INFORMACIÓN COMO RESERVADA. CARGA DE LA PRUEBA.",
        ],
        [
            "Para clasificar {doc} como reservada {suj} {verbo} acreditar mediante la prueba de "
            "daño un riesgo real, demostrable e identificable.",
            "La reserva de {doc} no puede fundarse en afirmaciones genéricas; el {org} debe "
            "justificar el daño presente, probable y específico.",
        ],
    ),
    "datos personales": (
        ["DATOS PERSONALES DE SERVIDORES PÚBLICOS.", "{dato_mayus}. INFORMACIÓN CONFIDENCIAL."],
        [
            "El {dato} de una persona servidora pública es información pública cuando se "
            "relaciona con el ejercicio de sus funciones.",
            "{suj} {verbo} proteger el {dato} de particulares, que es confidencial y solo puede "
            "difundirse con el consentimiento de su titular.",
        ],
    ),
    "versión pública": (
        [
            "VERSIÓN PÚBLICA DE DOCUMENTOS CON PARTES CONFIDENCIALES.",
            "ELABORACIÓN DE VERSIONES PÚBLICAS. COSTO Y MODALIDAD.",
        ],
        [
            "Cuando {doc} contiene partes confidenciales, {suj} {verbo} entregar una versión "
            "pública que teste únicamente esas partes y funde cada supresión.",
            "La versión pública de {doc} se entrega sin costo hasta {n} hojas; las demás se "
            "cobran conforme a la ley de ingresos.",
        ],
    ),
    "inexistencia": (
        [
            "INEXISTENCIA DE LA INFORMACIÓN. DECLARATORIA DEL COMITÉ.",
            "BÚSQUEDA EXHAUSTIVA. REQUISITO PREVIO A DECLARAR LA INEXISTENCIA.",
        ],
        [
            "Antes de declarar la inexistencia de {doc}, {suj} {verbo} realizar una búsqueda "
            "exhaustiva en todas las áreas competentes.",
            "No procede declarar inexistente {doc} cuando {suj} tenía facultades para generarlo; "
            "el {org} ordena su generación o la exposición de motivos.",
        ],
    ),
    "incompetencia": (
        [
            "NOTORIA INCOMPETENCIA. PLAZO PARA COMUNICARLA.",
            "INCOMPETENCIA DEL SUJETO OBLIGADO. ORIENTACIÓN AL SOLICITANTE.",
        ],
        [
            "Cuando {suj} es notoriamente incompetente {verbo} comunicarlo dentro de {n} días "
            "hábiles y orientar al solicitante hacia el sujeto competente.",
            "La incompetencia no exime de orientar: {suj} señala el sujeto obligado competente "
            "dentro de los {n} días hábiles siguientes.",
        ],
    ),
    "prueba de interés público": (
        [
            "PRUEBA DE INTERÉS PÚBLICO. IDONEIDAD, NECESIDAD Y PROPORCIONALIDAD.",
            "INTERÉS PÚBLICO EN LA DIFUSIÓN DE INFORMACIÓN CONFIDENCIAL.",
        ],
        [
            "El {org} {verbo} aplicar la prueba de interés público ponderando idoneidad, "
            "necesidad y proporcionalidad antes de ordenar la difusión de {doc}.",
            "Procede difundir {doc} confidencial cuando el interés público supera el daño a la "
            "intimidad, conforme a la prueba de interés público.",
        ],
    ),
    "modalidad de entrega": (
        [
            "MODALIDAD DE ENTREGA. CAMBIO JUSTIFICADO.",
            "ENTREGA DE LA INFORMACIÓN EN LA MODALIDAD ELEGIDA.",
        ],
        [
            "{suj} {verbo} entregar {doc} en la modalidad elegida por el solicitante, salvo "
            "impedimento justificado, caso en que ofrece otras modalidades.",
            "El cambio de modalidad de entrega de {doc} sin justificación equivale a una "
            "negativa; el {org} ordena la entrega en medio electrónico.",
        ],
    ),
    "costos de reproducción": (
        [
            "COSTOS DE REPRODUCCIÓN. GRATUIDAD DE LAS PRIMERAS HOJAS.",
            "CUOTAS DE ACCESO. SOLO EL COSTO DE LOS MATERIALES.",
        ],
        [
            "La entrega es gratuita hasta {n} hojas simples; por las siguientes solo se cobra el "
            "costo de los materiales de reproducción y envío.",
            "{suj} no puede cobrar la búsqueda de {doc}; la cuota se limita a la reproducción "
            "después de las primeras {n} hojas.",
        ],
    ),
    "aclaración de la solicitud": (
        [
            "REQUERIMIENTO DE ACLARACIÓN. PLAZO Y EFECTOS.",
            "PREVENCIÓN AL SOLICITANTE. INTERRUPCIÓN DEL PLAZO.",
        ],
        [
            "{suj} {verbo} requerir la aclaración dentro de {n} días hábiles; el requerimiento "
            "interrumpe el plazo de respuesta.",
            "Si el solicitante no desahoga la prevención en {n} días hábiles la solicitud se "
            "tiene por no presentada respecto de los contenidos no aclarados.",
        ],
    ),
    "cumplimiento de resoluciones": (
        [
            "CUMPLIMIENTO DE LAS RESOLUCIONES DEL ÓRGANO GARANTE.",
            "PLAZO PARA CUMPLIR LA RESOLUCIÓN DEL RECURSO.",
        ],
        [
            "{suj} {verbo} cumplir la resolución en un plazo no mayor de {n} días hábiles e "
            "informar al {org} sobre su cumplimiento.",
            "El incumplimiento de la resolución dentro de {n} días hábiles da lugar a medidas de "
            "apremio contra el servidor público responsable.",
        ],
    ),
}
SUJETOS = [
    "el sujeto obligado", "el ayuntamiento", "la secretaría de finanzas", "el poder judicial",
    "la fiscalía general", "el congreso del estado", "la universidad autónoma",
    "el organismo operador de agua", "el partido político", "el sindicato",
]  # fmt: skip
DOCUMENTOS = [
    "el contrato de obra pública", "la nómina", "el expediente de licitación", "el acta de "
    "cabildo", "la declaración patrimonial", "el padrón de beneficiarios", "la auditoría",
    "el convenio de colaboración", "la bitácora de vuelo", "el informe de gastos",
]  # fmt: skip
VERBOS = ["debe", "deberá", "está obligado a", "tiene el deber de", "no puede dejar de"]
ORGANOS = ["órgano garante", "pleno del instituto", "comité de transparencia", "instituto"]
DATOS = ["domicilio", "número telefónico", "correo electrónico", "salario", "RFC", "CURP"]
NUMEROS = {3: "tres", 5: "cinco", 10: "diez", 15: "quince", 20: "veinte", 40: "cuarenta"}
SENTIDOS = ["confirma", "modifica", "revoca", "sobresee", "ordena"]
TIPOS = ["reiterado", "relevante", "orientador", "obligatorio", "otro"]
VIGENCIAS = ["vigente"] * 8 + ["superado", "abandonado"]
CONSULTAS = [
    "plazo", "información reservada", "datos personales", "recurso de revisión",
    "versiones públicas", "inexistencia", "ampliación del plazo", "prueba de interés público",
    "informacion", "plazos", "ayuntamiento nómina", "quince días hábiles",
]  # fmt: skip


def generar(cantidad: int, *, semilla: int = 20261128) -> dict[str, Any]:
    """Return an interchange document with ``cantidad`` criterios across the 9 garantes."""
    azar = random.Random(semilla)
    temas = list(TEMAS)
    criterios = []
    for i in range(cantidad):
        garante = GARANTES[i % len(GARANTES)][0]
        tema = temas[azar.randrange(len(temas))]
        rubros, textos = TEMAS[tema]
        n = azar.choice(list(NUMEROS))
        dato = azar.choice(DATOS)
        valores = {
            "n": NUMEROS[n] if azar.random() < 0.4 else str(n),
            "suj": azar.choice(SUJETOS),
            "doc": azar.choice(DOCUMENTOS),
            "verbo": azar.choice(VERBOS),
            "org": azar.choice(ORGANOS),
            "dato": dato,
            "dato_mayus": dato.upper(),
        }
        texto = " ".join(t.format(**valores) for t in azar.sample(textos, k=azar.randint(1, 2)))
        texto = texto[0].upper() + texto[1:]
        anio = 2016 + azar.randrange(10)
        fecha = date(anio, 1, 1) + timedelta(days=azar.randrange(360))
        numero = i // len(GARANTES) + 1
        criterios.append(
            {
                "id": f"{garante}-{numero:05d}",
                "garante": garante,
                "clave": f"CRITERIO {numero:03d}/{anio}",
                "rubro": azar.choice(rubros).format(**valores),
                "texto": texto,
                "precedentes": [
                    {
                        "expediente": f"RR-{azar.randrange(1, 2000):04d}/{anio - 1}",
                        "fecha": (fecha - timedelta(days=azar.randrange(30, 300))).isoformat(),
                        "sentido": azar.choice(SENTIDOS),
                    }
                    for _ in range(azar.randint(1, 3))
                ],
                "temas": [tema],
                "tipo": azar.choice(TIPOS),
                "vigencia": azar.choice(VIGENCIAS),
                "fecha_aprobacion": fecha.isoformat(),
                "fuente": "Datos de ejemplo generados para la medición de rendimiento",
                "marco_normativo": "LGTAIP-2025" if anio >= 2025 else "LGTAIP-2015",
            }
        )
    garantes = [
        {"id": g, "nombre": nombre, "siglas": siglas, "entidad": entidad,
         "region": "Centro-Occidente"}
        for g, nombre, siglas, entidad in GARANTES
    ]  # fmt: skip
    return {"version": "1", "garantes": garantes, "criterios": criterios,
            "procedimientos": _procedimientos(azar)}  # fmt: skip


def _habiles(cantidad: int) -> dict[str, Any]:
    return {"cantidad": cantidad, "unidad": "dias_habiles"}


def _procedimientos(azar: random.Random) -> list[dict[str, Any]]:
    """Return the access and review procedures of every garante, plazos varying a little."""
    salida = []
    for garante, *_ in GARANTES:
        respuesta = {
            "nombre": azar.choice(["Plazo de respuesta", "Término para responder"]),
            "plazo": _habiles(azar.choice([15, 20, 20, 20])),
            "ampliacion": _habiles(10),
        }
        resolucion = {
            "nombre": "Resolución",
            "plazo": _habiles(azar.choice([30, 40])),
            "ampliacion": _habiles(20),
        }
        salida += [
            {
                "id": f"{garante}-acceso",
                "garante": garante,
                "nombre": "Solicitud de acceso a la información",
                "etapas": [{"nombre": "Prevención para aclarar", "plazo": _habiles(5)}, respuesta],
            },
            {
                "id": f"{garante}-recurso",
                "garante": garante,
                "nombre": "Recurso de revisión",
                "etapas": [{"nombre": "Interposición", "plazo": _habiles(15)}, resolucion],
            },
        ]
    return salida


def medir_importacion(engine: Engine, datos: dict[str, Any]) -> dict[str, float]:
    """Return the seconds spent validating and writing ``datos`` into an empty database."""
    with Session(engine) as session:
        inicio = time.perf_counter()
        validos = validar(datos, session=session)
        validado = time.perf_counter()
        importar(session=session, datos=validos, autor="medición")
        session.commit()
        fin = time.perf_counter()
        total = session.exec(select(func.count()).select_from(Criterio)).one()
    assert total == len(datos["criterios"]), (total, len(datos["criterios"]))
    return {"validar": validado - inicio, "escribir": fin - validado, "total": fin - inicio}


def puerto_libre() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def servidor(database_url: str, directorio: Path) -> Iterator[int]:
    """Run ``homologa serve`` on a free port against ``database_url``; yield the port."""
    puerto = puerto_libre()
    entorno = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOMOLOGA_ENTORNO": "desarrollo",
        "HOMOLOGA_SECRET_KEY": secrets.token_urlsafe(32),
        "HOMOLOGA_DIR_DATOS": str(directorio),
    }
    orden = [sys.executable, "-m", "app.cli", "serve", "--sin-demo", "--port", str(puerto)]
    bitacora = open(directorio / f"servidor-{puerto}.log", "w")  # noqa: SIM115
    proceso = subprocess.Popen(orden, cwd=RAIZ, env=entorno, stdout=bitacora, stderr=bitacora)
    try:
        limite = time.monotonic() + 60
        while True:
            try:
                if obtener(puerto, "/salud")[0] == 200:
                    break
            except OSError:
                pass
            if proceso.poll() is not None or time.monotonic() > limite:
                raise RuntimeError(f"el servidor no arrancó; vea {bitacora.name}")
            time.sleep(0.2)
        yield puerto
    finally:
        proceso.terminate()
        proceso.wait(timeout=20)
        bitacora.close()


def obtener(puerto: int, ruta: str, cabeceras: dict[str, str] | None = None) -> tuple[int, int]:
    """Return (status, body length) of one GET on a fresh connection."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
    try:
        conexion.request("GET", ruta, headers=cabeceras or {})
        respuesta = conexion.getresponse()
        return respuesta.status, len(respuesta.read())
    finally:
        conexion.close()


def medir_paginas(
    puerto: int, casos: dict[str, Callable[[int], tuple[str, dict[str, str]]]], peticiones: int
) -> dict[str, dict[str, float]]:
    """Return p50/p95/max in ms per kind of page, over ``peticiones`` sequential requests."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
    resultados = {}
    for nombre, peticion in casos.items():
        for i in range(5):  # warm-up: templates compiled, caches filled
            ruta, cabeceras = peticion(i)
            conexion.request("GET", ruta, headers=cabeceras)
            conexion.getresponse().read()
        tiempos = []
        for i in range(peticiones):
            ruta, cabeceras = peticion(i)
            inicio = time.perf_counter()
            conexion.request("GET", ruta, headers=cabeceras)
            respuesta = conexion.getresponse()
            respuesta.read()
            tiempos.append((time.perf_counter() - inicio) * 1000)
            if respuesta.status != 200:
                raise RuntimeError(f"{ruta} respondió {respuesta.status}")
        tiempos.sort()
        resultados[nombre] = {
            "p50": statistics.median(tiempos),
            "p95": tiempos[max(0, round(0.95 * len(tiempos)) - 1)],
            "max": tiempos[-1],
        }
    conexion.close()
    return resultados


def casos_de_paginas(ids: list[int]) -> dict[str, Callable[[int], tuple[str, dict[str, str]]]]:
    """Return the pages to measure: name -> (request number -> path and headers)."""
    htmx = {"HX-Request": "true"}
    return {
        "lista /criterios": lambda i: ("/criterios", {}),
        "lista, página 7": lambda i: ("/criterios?pagina=7", {}),
        "búsqueda ?q=…": lambda i: ("/criterios?" + urlencode({"q": CONSULTAS[i % 12]}), {}),
        "búsqueda activa (htmx)": lambda i: (
            "/criterios?" + urlencode({"q": CONSULTAS[i % 12]}),
            htmx,
        ),
        "búsqueda + garante": lambda i: (
            "/criterios?" + urlencode({"q": CONSULTAS[i % 12], "garante": GARANTES[i % 9][0]}),
            {},
        ),
        "filtro ?garante=…": lambda i: ("/criterios?garante=" + quote(GARANTES[i % 9][0]), {}),
        "ficha /criterios/{id}": lambda i: (f"/criterios/{ids[(i * 7919) % len(ids)]}", {}),
        "matriz /procedimientos": lambda i: ("/procedimientos", {}),
    }


def maquina(engine_pg: Engine | None) -> list[str]:
    """Return lines describing the machine and the software versions."""
    modelo = "desconocido"
    memoria = "desconocida"
    try:
        for linea in Path("/proc/cpuinfo").read_text().splitlines():
            if linea.startswith("model name"):
                modelo = linea.split(":", 1)[1].strip()
                break
        for linea in Path("/proc/meminfo").read_text().splitlines():
            if linea.startswith("MemTotal"):
                memoria = f"{int(linea.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    lineas = [
        f"- CPU: {modelo}, {os.cpu_count()} núcleos (nproc)",
        f"- RAM: {memoria}",
        f"- Sistema: {platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
    ]
    if engine_pg is not None:
        with engine_pg.connect() as conexion:
            version = conexion.execute(text("SHOW server_version")).scalar()
        lineas.append(f"- PostgreSQL {version}")
    return lineas


def carga() -> str:
    """Return the load average (1, 5, 15 min): other processes slow every figure down."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "desconocida"


def _tabla(resultados: dict[str, dict[str, float]], peticiones: int) -> list[str]:
    lineas = [
        f"| página ({peticiones} peticiones) | p50 (ms) | p95 (ms) | máx. (ms) |",
        "|---|---:|---:|---:|",
    ]
    for nombre, r in resultados.items():
        lineas.append(f"| {nombre} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |")
    return lineas


def medir_base(
    etiqueta: str, url: str, engine: Engine, datos: dict[str, Any], args: argparse.Namespace,
    directorio: Path,
) -> list[str]:  # fmt: skip
    """Return the report lines of one backend: migrate, import, serve, measure."""
    aplicar_migraciones(engine)
    carga_inicial = carga()
    tiempos = medir_importacion(engine, datos)
    with Session(engine) as session:
        ids = list(session.exec(select(Criterio.id).order_by(Criterio.id)))
    engine.dispose()
    with servidor(url, directorio) as puerto:
        paginas = medir_paginas(puerto, casos_de_paginas(ids), args.peticiones)  # type: ignore[arg-type]
    busqueda_p95 = max(v["p95"] for k, v in paginas.items() if "búsqueda" in k)
    cumple_importacion = "sí" if tiempos["total"] < OBJETIVO_IMPORTACION_S else "NO"
    cumple_busqueda = "sí" if busqueda_p95 < OBJETIVO_BUSQUEDA_P95_MS else "NO"
    return [
        f"### {etiqueta}",
        "",
        f"Importación de {len(datos['criterios']):,} criterios (validar + importar + commit): "
        f"**{tiempos['total']:.2f} s** (validar {tiempos['validar']:.2f} s, escribir "
        f"{tiempos['escribir']:.2f} s). Objetivo < {OBJETIVO_IMPORTACION_S:.0f} s: "
        f"{cumple_importacion}.",
        "",
        *_tabla(paginas, args.peticiones),
        "",
        f"p95 de búsqueda más alto: {busqueda_p95:.1f} ms. Objetivo < "
        f"{OBJETIVO_BUSQUEDA_P95_MS:.0f} ms: {cumple_busqueda}.",
        "",
        f"Carga de la máquina (1/5/15 min) al empezar: {carga_inicial}; al terminar: {carga()}.",
        "",
    ]


@contextmanager
def esquema_postgres(url: str) -> Iterator[tuple[str, Engine]]:
    """Yield (url, engine) bound to a new, empty schema of ``url``; drop it afterwards."""
    esquema = f"bench_catalogo_{os.getpid()}"
    separador = "&" if "?" in url else "?"
    url_esquema = f"{url}{separador}options=" + quote(f"-csearch_path={esquema}")
    admin = crear_engine(url)
    with admin.begin() as conexion:
        conexion.execute(text(f'CREATE SCHEMA "{esquema}"'))
    try:
        yield url_esquema, crear_engine(url_esquema)
    finally:
        with admin.begin() as conexion:
            conexion.execute(text(f'DROP SCHEMA "{esquema}" CASCADE'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criterios", type=int, default=10_000)
    parser.add_argument("--peticiones", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL", help="también medir en PostgreSQL")
    args = parser.parse_args(argv)

    datos = generar(args.criterios)
    informe = [f"Medición del {date.today().isoformat()}", "", *maquina(None), ""]
    with tempfile.TemporaryDirectory(prefix="bench-catalogo-") as temporal:
        directorio = Path(temporal)
        url = f"sqlite:///{directorio / 'catalogo.db'}"
        informe += medir_base("SQLite (archivo, WAL)", url, crear_engine(url), datos, args,
                              directorio)  # fmt: skip
        if args.postgres:
            with esquema_postgres(args.postgres) as (url_pg, engine_pg):
                informe += medir_base("PostgreSQL", url_pg, engine_pg, datos, args, directorio)
                informe += maquina(engine_pg)[-1:]
    print("\n".join(informe))
    return 0


if __name__ == "__main__":
    sys.exit(main())
