"""Mide tiempo y memoria de `homologa comparar` frente al piso de leer y vectorizar.

Genera corpus sintéticos (9 garantes, semilla fija) de los tamaños pedidos, los escribe
como archivos de intercambio en un directorio temporal y, para cada tamaño, ejecuta en
subprocesos separados:

- el piso: leer el archivo y construir una matriz TF-IDF (TfidfVectorizer de
  scikit-learn sobre rubro + texto), que ningún comparador puede mejorar;
- el proceso completo `homologa comparar ARCHIVO --salida REPORTE` (o, si el comando no
  existe, `python -c` que llama a comparador.comparar).

Imprime una tabla en markdown y la máquina. No es una prueba.

Uso: python scripts/bench_comparador.py [--tamanos 10000,40000] [--repeticiones 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent

PISO = """
import json, sys
from sklearn.feature_extraction.text import TfidfVectorizer
datos = json.load(open(sys.argv[1], encoding="utf-8"))
textos = [c["rubro"] + " " + c["texto"] for c in datos["criterios"]]
matriz = TfidfVectorizer().fit_transform(textos)
print(matriz.shape[0], matriz.shape[1], matriz.nnz)
"""

COMPARAR_EN_PYTHON = """
import json, sys
from comparador import comparar
datos = json.load(open(sys.argv[1], encoding="utf-8"))
reporte = comparar(datos)
with open(sys.argv[2], "w", encoding="utf-8") as salida:
    json.dump(reporte, salida, ensure_ascii=False)
"""


@dataclass
class Medicion:
    segundos: float
    pico_mb: float
    cpu: float  # segundos de CPU (usuario + sistema): menos sensibles a otros procesos


def medir(cmd: list[str]) -> Medicion:
    """Ejecuta cmd y devuelve su tiempo de reloj y el pico de memoria residente del proceso.

    os.wait4 da el uso de recursos de ese hijo (y de los nietos que éste esperó), no el
    acumulado de todos los hijos como RUSAGE_CHILDREN. ru_maxrss está en KiB en Linux.
    """
    with tempfile.TemporaryFile() as errores:
        inicio = time.perf_counter()
        proceso = subprocess.Popen(cmd, cwd=RAIZ, stdout=subprocess.DEVNULL, stderr=errores)
        _, estado, uso = os.wait4(proceso.pid, 0)
        segundos = time.perf_counter() - inicio
        proceso.returncode = os.waitstatus_to_exitcode(estado)
        if proceso.returncode != 0:
            errores.seek(0)
            mensaje = errores.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{cmd[0]} … terminó con {proceso.returncode}:\n{mensaje}")
    return Medicion(segundos, uso.ru_maxrss / 1024, uso.ru_utime + uso.ru_stime)


def resumir(mediciones: list[Medicion]) -> Medicion:
    """Devuelve la mediana de los tiempos y el mayor pico de memoria."""
    return Medicion(
        statistics.median(m.segundos for m in mediciones),
        max(m.pico_mb for m in mediciones),
        statistics.median(m.cpu for m in mediciones),
    )


def carga() -> str:
    """Devuelve la carga media del sistema, que dice si otros procesos competían."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def comando_comparar() -> tuple[list[str], str]:
    """Devuelve el prefijo del comando que compara y una descripción para el informe."""
    homologa = Path(sys.executable).with_name("homologa")
    if not homologa.exists():
        homologa = Path(shutil.which("homologa") or "homologa")
    try:
        ayuda = subprocess.run(
            [str(homologa), "comparar", "--help"], capture_output=True, text=True, timeout=120
        )
        if ayuda.returncode == 0:
            return [str(homologa), "comparar"], "homologa comparar ENTRADA --salida REPORTE"
    except OSError:
        pass
    return [sys.executable, "-c", COMPARAR_EN_PYTHON], "python -c (comparador.comparar)"


# ---------------------------------------------------------------- corpus sintético
# Cada tema es una (cuestión, objeto, sujeto); cada garante que lo regula lo redacta con
# una de las variantes de la cuestión, una postura (casi siempre la mayoritaria), números
# en letra o en cifra, sinónimos propios y a veces una oración de relleno.

# fmt: off
OBJETOS = [
    "las actas de cabildo", "los contratos de obra pública", "el padrón de beneficiarios",
    "las bitácoras de vehículos oficiales", "los expedientes de licencias de construcción",
    "la nómina de la policía municipal", "los estados de cuenta bancarios institucionales",
    "las facturas de gastos de representación", "los informes de auditoría interna",
    "las grabaciones de videovigilancia", "las minutas de reuniones de trabajo",
    "los currículos de los mandos medios", "los resultados de control de confianza",
    "los títulos de concesión de transporte", "las actas de entrega-recepción",
    "los dictámenes de impacto ambiental", "el padrón de proveedores",
    "los expedientes de quejas ciudadanas", "las agendas de los titulares",
    "los viáticos de los regidores", "los resultados de concursos de oposición",
    "los convenios de colaboración", "los permisos de venta de bebidas alcohólicas",
    "los expedientes de licitación", "las averiguaciones previas concluidas",
    "los contratos de deuda pública", "los registros de asistencia del personal",
    "las encuestas de opinión pagadas", "los estudios de mecánica de suelos",
    "las fichas técnicas de los programas sociales", "los manuales de procedimientos",
    "las órdenes de pago a contratistas", "las cédulas de evaluación docente",
    "los expedientes de juicios laborales concluidos", "los inventarios de bienes muebles",
    "las pólizas de seguros institucionales", "los planos de edificios públicos",
    "las versiones estenográficas de las sesiones", "los dictámenes de protección civil",
    "los registros de visitantes", "las constancias de no adeudo",
    "las donaciones recibidas", "los subsidios a organizaciones civiles",
    "las tarifas de agua potable", "los contratos de publicidad oficial",
    "las sanciones administrativas firmes", "las recomendaciones de derechos humanos",
    "las bases de datos de multas de tránsito", "los expedientes de becas",
    "los resultados de pruebas de laboratorio", "las cuentas públicas municipales",
    "los acuerdos del consejo directivo", "las plantillas de personal eventual",
    "los contratos de arrendamiento de inmuebles", "los gastos de comunicación social",
    "los reportes de incidencia delictiva", "los padrones de vivienda",
    "los informes de avance de obra", "las cartas de no antecedentes penales",
    "los registros de llamadas de emergencia",
]
SUJETOS = [
    "los ayuntamientos", "los partidos políticos", "los sindicatos que reciben recursos",
    "los fideicomisos públicos", "las universidades autónomas", "el Poder Judicial",
    "el Congreso del Estado", "los organismos operadores de agua", "la Fiscalía",
    "el instituto electoral local", "los sistemas DIF municipales",
    "la secretaría de seguridad pública", "los hospitales públicos",
    "los organismos descentralizados", "las empresas de participación estatal",
    "el tribunal de justicia administrativa", "el colegio de bachilleres",
    "el instituto de pensiones", "la comisión de derechos humanos",
    "la secretaría de finanzas", "los institutos municipales de planeación",
    "la auditoría superior", "el instituto de vivienda", "las juntas de asistencia privada",
    "la secretaría de educación", "los consejos de cuenca", "el sistema de transporte",
    "los comités de feria", "el instituto de la mujer", "la universidad tecnológica",
]
CUESTIONES = [
    {  # publicidad
        "rubro": ["{OBJ} DE {SUJ}. {P0}.", "CARÁCTER DE {OBJ} EN POSESIÓN DE {SUJ}."],
        "texto": [
            "{Obj} que obran en los archivos de {suj} {p1}. {Sujobl} debe {p2} cuando se le "
            "soliciten.",
            "Cuando {sol} pide {obj}, {suj} {p1}, por lo que corresponde {p2}. Esta regla "
            "deriva de la naturaleza de la información y no de su soporte.",
        ],
        "posturas": [
            ("SON INFORMACIÓN PÚBLICA", "constituyen información pública", "entregarlos"),
            ("SON INFORMACIÓN RESERVADA", "constituyen información reservada", "negarlos"),
            ("CONTIENEN DATOS CONFIDENCIALES", "contienen datos confidenciales",
             "entregarlos en versión pública"),
        ],
    },
    {  # plazo de entrega
        "rubro": ["PLAZO PARA ENTREGAR {OBJ} SOLICITADOS A {SUJ}.",
                  "ENTREGA DE {OBJ}. TÉRMINO CON QUE CUENTA {SUJ}."],
        "texto": [
            "{Sujobl} cuenta con {n} {p0} para poner a disposición de {sol} {obj}, contados a "
            "partir de que se acredite el pago. Vencido el término sin entrega, procede el "
            "recurso.",
            "{Obj} deben entregarse por {suj} dentro de los {n} {p0} siguientes al pago de los "
            "derechos. El incumplimiento de este término se equipara a la falta de respuesta.",
        ],
        "posturas": [("días hábiles", 10), ("días hábiles", 15), ("días naturales", 10),
                     ("días hábiles", 5)],
    },
    {  # versión pública con aprobación del comité
        "rubro": ["VERSIÓN PÚBLICA DE {OBJ}. {P0}.", "ENTREGA DE {OBJ} CON DATOS TESTADOS."],
        "texto": [
            "La versión pública de {obj} que entregue {suj} {p1} aprobación del {comite}. "
            "{Sujobl} debe señalar el fundamento de cada dato testado.",
            "Al testar {obj}, {suj} {p1} la aprobación del {comite}, pues así lo dispone la ley "
            "local.",
        ],
        "posturas": [("REQUIERE APROBACIÓN DEL COMITÉ", "requiere"),
                     ("NO REQUIERE APROBACIÓN DEL COMITÉ", "no requiere")],
    },
    {  # gratuidad
        "rubro": ["REPRODUCCIÓN DE {OBJ}. HOJAS SIN COSTO.", "COSTO DE COPIAS DE {OBJ}."],
        "texto": [
            "La reproducción de {obj} en poder de {suj} es gratuita hasta {n} hojas; a partir "
            "de ahí se cobra conforme a la ley de ingresos.",
            "{Sol} no paga las primeras {n} hojas de {obj} que le entregue {suj}. El excedente "
            "se cubre previo a la entrega.",
        ],
        "posturas": [("hojas", 20), ("hojas", 10), ("hojas", 50)],
    },
    {  # inexistencia
        "rubro": ["INEXISTENCIA DE {OBJ}. {P0}.", "FALTA DE {OBJ} EN LOS ARCHIVOS DE {SUJ}."],
        "texto": [
            "Cuando {suj} no localiza {obj}, {p1} que el {comite} confirme la inexistencia. "
            "La búsqueda debe realizarse en todas las áreas competentes.",
            "Si {obj} no se encuentran, {p1} la intervención del {comite} para declarar su "
            "inexistencia; {sujobl} debe documentar la búsqueda.",
        ],
        "posturas": [("DEBE CONFIRMARLA EL COMITÉ", "es necesario"),
                     ("NO ES NECESARIA LA INTERVENCIÓN DEL COMITÉ", "no es necesario")],
    },
    {  # documento ad hoc
        "rubro": ["DOCUMENTOS AD HOC SOBRE {OBJ}. {P0}.",
                  "PROCESAMIENTO DE {OBJ} A PETICIÓN DE {SOL_M}."],
        "texto": [
            "{Sujobl} {p1} a generar un documento específico con {obj} para atender la "
            "solicitud; basta entregar la información como obra en sus archivos.",
            "Ante una solicitud de {obj}, {suj} {p1} a procesarlos en un formato distinto al "
            "que posee. La entrega se hace en el estado en que se encuentren.",
        ],
        "posturas": [("NO HAY OBLIGACIÓN DE ELABORARLOS", "no está obligado"),
                     ("DEBEN ELABORARSE", "está obligado")],
    },
    {  # conservación
        "rubro": ["CONSERVACIÓN DE {OBJ}. PERIODO MÍNIMO.", "ARCHIVO DE {OBJ} POR {SUJ}."],
        "texto": [
            "{Suj} debe conservar {obj} durante al menos {n} años, aun cuando el asunto haya "
            "concluido.",
            "{Obj} permanecen en el archivo de trámite de {suj} por un periodo mínimo de {n} "
            "años; después pasan al archivo de concentración.",
        ],
        "posturas": [("años", 5), ("años", 3), ("años", 10)],
    },
    {  # procedencia del recurso
        "rubro": ["RECURSO DE REVISIÓN CONTRA LA NEGATIVA DE {OBJ}. {P0}.",
                  "IMPUGNACIÓN DE LA RESPUESTA SOBRE {OBJ}."],
        "texto": [
            "{P1} el recurso de revisión contra la respuesta de {suj} que niega {obj}, aun "
            "cuando la negativa se funde en la inexistencia.",
            "La respuesta de {suj} relativa a {obj} {p2} impugnable mediante el recurso de "
            "revisión.",
        ],
        "posturas": [("PROCEDE", "Procede", "es"), ("NO PROCEDE", "No procede", "no es")],
    },
    {  # consulta directa
        "rubro": ["CONSULTA DIRECTA DE {OBJ}. PLAZO PARA PERMITIRLA.",
                  "ACCESO IN SITU A {OBJ} EN LAS OFICINAS DE {SUJ}."],
        "texto": [
            "{Suj} debe permitir la consulta directa de {obj} dentro de los {n} {p0} "
            "siguientes a la notificación de la disponibilidad.",
            "La revisión física de {obj} en las oficinas de {suj} se programa en un plazo "
            "máximo de {n} {p0}; {sol} puede acudir acompañado.",
        ],
        "posturas": [("días hábiles", 10), ("días hábiles", 3), ("días naturales", 10)],
    },
    {  # obligación de publicar: alcance
        "rubro": ["OBLIGACIÓN DE PUBLICAR {OBJ}. SUJETOS A LOS QUE ALCANZA.",
                  "PUBLICACIÓN DE OFICIO DE {OBJ}."],
        "texto": [
            "La obligación de publicar {obj} en el portal alcanza {p0}. Su omisión se sanciona "
            "en la verificación.",
            "La difusión de oficio de {obj} corresponde {p0}, con actualización trimestral.",
        ],
        "posturas": [("a todos los sujetos obligados",),
                     ("únicamente a {suj}",)],
    },
    {  # prueba de daño
        "rubro": ["RESERVA DE {OBJ}. {P0}.", "CLASIFICACIÓN DE {OBJ} COMO RESERVADOS."],
        "texto": [
            "Para reservar {obj}, {suj} {p1} aplicar una prueba de daño específica. La reserva "
            "genérica es inválida.",
            "La clasificación de {obj} por {suj} {p1} acompañarse de prueba de daño en cada "
            "caso.",
        ],
        "posturas": [("EXIGE PRUEBA DE DAÑO", "debe"),
                     ("NO EXIGE PRUEBA DE DAÑO", "no necesita")],
    },
    {  # plazo de reserva
        "rubro": ["PERIODO DE RESERVA DE {OBJ}.", "TEMPORALIDAD DE LA CLASIFICACIÓN DE {OBJ}."],
        "texto": [
            "{Obj} de {suj} pueden reservarse hasta por {n} años, prorrogables si subsisten las "
            "causas.",
            "La reserva de {obj} no puede exceder de {n} años; concluido ese periodo {suj} debe "
            "desclasificarlos.",
        ],
        "posturas": [("años", 5), ("años", 7), ("años", 3)],
    },
    {  # formato abierto
        "rubro": ["FORMATO DE ENTREGA DE {OBJ}. {P0}.", "ENTREGA ELECTRÓNICA DE {OBJ}."],
        "texto": [
            "Cuando {sol} pide {obj} en medio electrónico, {suj} {p1} entregarlos en formato "
            "abierto y reutilizable.",
            "{Obj} se entregan por {suj} en formato abierto si así se solicita; {p1} hacerlo "
            "aunque los posea en papel.",
        ],
        "posturas": [("DEBE SER ABIERTO", "debe"), ("PUEDE SER PDF", "no está obligado a")],
    },
    {  # actualización
        "rubro": ["ACTUALIZACIÓN DE {OBJ} EN EL PORTAL.", "PERIODICIDAD DE {OBJ} PUBLICADOS."],
        "texto": [
            "{Suj} debe actualizar {obj} en su portal cada {n} meses y conservar la versión "
            "anterior.",
            "La información sobre {obj} se renueva por {suj} con periodicidad de {n} meses.",
        ],
        "posturas": [("meses", 3), ("meses", 6), ("meses", 12)],
    },
]
COMPLEMENTOS = [
    "del ramo de salud", "en materia de obra pública", "del ejercicio fiscal anterior",
    "de la administración saliente", "relativos a programas sociales", "del área jurídica",
    "en materia de seguridad pública", "de las delegaciones regionales", "del sector educativo",
    "sobre adquisiciones consolidadas", "de los organismos auxiliares", "del área de catastro",
    "relativos a protección civil", "en materia ambiental", "de la tesorería",
    "sobre desarrollo urbano", "del registro civil", "en materia de movilidad",
    "de las unidades deportivas", "del rastro municipal", "sobre servicios funerarios",
    "de los mercados públicos", "en materia de turismo", "del alumbrado público",
]
SINONIMOS = {
    "sujobl": ["el sujeto obligado", "el ente público", "la autoridad", "la dependencia"],
    "sol": ["el solicitante", "el particular", "la persona solicitante", "el peticionario"],
    "comite": ["Comité de Transparencia", "Comité de Información", "comité respectivo"],
}
RELLENO = [
    "Lo anterior, con fundamento en la ley local de transparencia.",
    "La misma regla aplica a los documentos en soporte electrónico.",
    "Las áreas deberán coordinarse con la unidad de transparencia para su cumplimiento.",
    "Este criterio sustituye al emitido previamente sobre la materia.",
    "En caso de duda, prevalece la interpretación que favorezca el acceso.",
    "Este criterio se sostuvo al resolver tres asuntos consecutivos en el mismo sentido.",
    "La interpretación atiende al principio de máxima publicidad.",
    "Su observancia es obligatoria para las áreas administrativas.",
    "Se dejan a salvo los derechos de terceros.",
    "El Pleno lo aprobó por unanimidad.",
]
UNIDADES = ["", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
            "diez", "once", "doce", "trece", "catorce", "quince"]
DECENAS = {20: "veinte", 30: "treinta", 40: "cuarenta", 50: "cincuenta"}
# fmt: on


def en_letra(n: int) -> str:
    if n < len(UNIDADES):
        return UNIDADES[n]
    if n in DECENAS:
        return DECENAS[n]
    return str(n)


def _escribir(cuestion, variante, postura, obj, suj, estilo, rng) -> tuple[str, str]:
    valores = {
        "obj": obj,
        "suj": suj,
        "OBJ": obj.upper(),
        "SUJ": suj.upper(),
        "Obj": obj[0].upper() + obj[1:],
        "Suj": suj[0].upper() + suj[1:],
        "SOL_M": estilo["sol"].upper(),
    }
    for clave in SINONIMOS:
        valores[clave] = estilo[clave]
        valores[clave.capitalize()] = estilo[clave][0].upper() + estilo[clave][1:]
    for i, v in enumerate(postura):
        if isinstance(v, int):
            valores["n"] = en_letra(v) if estilo["letra"] else str(v)
        else:
            v = v.format(**valores)
            valores[f"p{i}"], valores[f"P{i}"] = v, v.upper()
    rubro = cuestion["rubro"][variante % len(cuestion["rubro"])].format(**valores)
    texto = cuestion["texto"][variante % len(cuestion["texto"])].format(**valores)
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        texto += " " + rng.choice(RELLENO)
    return rubro, texto


def generar_corpus(n: int, *, garantes: int = 9, rng: random.Random) -> dict:
    """Devuelve un archivo de intercambio con n criterios sintéticos de `garantes` garantes."""
    ids = [f"g{i + 1}" for i in range(garantes)]
    estilos = {
        g: {clave: rng.choice(opciones) for clave, opciones in SINONIMOS.items()} for g in ids
    }
    combinaciones = [
        (c, o, s)
        for c in range(len(CUESTIONES))
        for o in range(len(OBJETOS))
        for s in range(len(SUJETOS))
    ]
    rng.shuffle(combinaciones)
    criterios: list[dict] = []
    for tema, (ic, io, is_) in enumerate(combinaciones):
        if len(criterios) >= n:
            break
        cuestion = CUESTIONES[ic]
        objeto = OBJETOS[io]
        if rng.random() < 0.7:
            objeto += " " + rng.choice(COMPLEMENTOS)
        cobertura = 1 if rng.random() < 0.05 else rng.randint(2, garantes)
        mayoritaria = rng.randrange(len(cuestion["posturas"]))
        for g in rng.sample(ids, cobertura):
            if len(criterios) >= n:
                break
            postura = mayoritaria
            if rng.random() < 0.2:
                postura = rng.randrange(len(cuestion["posturas"]))
            estilo = {  # el estilo del garante, con algo de variación de cada redactor
                clave: valor if rng.random() < 0.7 else rng.choice(SINONIMOS[clave])
                for clave, valor in estilos[g].items()
            }
            estilo["letra"] = rng.random() < 0.5
            rubro, texto = _escribir(
                cuestion,
                rng.randrange(4),
                cuestion["posturas"][postura],
                objeto,
                SUJETOS[is_],
                estilo,
                rng,
            )
            anio = rng.randint(2016, 2025)
            criterios.append(
                {
                    "id": f"{g}-t{tema}-c{ic}",
                    "garante": g,
                    "clave": f"CRITERIO {tema % 97 + 1:02d}/{anio}",
                    "rubro": rubro,
                    "texto": texto,
                    "precedentes": [{"expediente": f"RR-{rng.randint(1, 2999):04d}/{anio - 1}"}],
                }
            )
    return {
        "version": "1",
        "garantes": [{"id": g, "nombre": f"Garante sintético {g}"} for g in ids],
        "criterios": criterios,
    }


def calidad_sintetica(reporte: dict, corpus: dict) -> str:
    """Devuelve una línea con la alineación medida contra los temas del generador.

    El id sintético es garante-tTEMA-cCUESTIÓN; el comparador no lo lee. Es sólo
    indicativo: dos temas con la misma cuestión y objeto pero distinto sujeto son temas
    distintos para el generador y podrían defenderse como uno.
    """
    tema = {c["id"]: c["id"].split("-")[1] for c in corpus["criterios"]}
    cuestion = {c["id"]: c["id"].split("-")[2] for c in corpus["criterios"]}
    garante = {c["id"]: c["garante"] for c in corpus["criterios"]}
    por_tema: dict[str, list[str]] = {}
    for cid, t in tema.items():
        por_tema.setdefault(t, []).append(cid)
    esperados = sum(
        1
        for ids in por_tema.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if garante[a] != garante[b]
    )
    predichos = mismo_tema = misma_cuestion = 0
    for grupo in reporte["grupos"]:
        ids = grupo["criterios"]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if garante[a] != garante[b]:
                    predichos += 1
                    mismo_tema += tema[a] == tema[b]
                    misma_cuestion += cuestion[a] == cuestion[b]
    if not predichos:
        return "sin pares agrupados"
    return (
        f"pares agrupados {predichos:,}: del mismo tema {mismo_tema / predichos:.1%}, "
        f"de la misma cuestión {misma_cuestion / predichos:.1%}; "
        f"exhaustividad {mismo_tema / max(esperados, 1):.1%} de {esperados:,}"
    )


def maquina() -> str:
    """Devuelve una línea con CPU, núcleos, memoria y versiones."""
    modelo, memoria = platform.processor() or "?", "?"
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
    import numpy
    import sklearn

    return (
        f"{os.cpu_count()} núcleos (nproc), {modelo}, {memoria} de RAM, "
        f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, "
        f"numpy {numpy.__version__}, {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tamanos", default="10000,40000", help="p. ej. 10000,40000")
    parser.add_argument("--repeticiones", type=int, default=1, help="se informa la mediana")
    parser.add_argument("--semilla", type=int, default=20251128)
    parser.add_argument("--garantes", type=int, default=9)
    parser.add_argument("--conservar", type=Path, help="guarda aquí los corpus y reportes")
    args = parser.parse_args(argv)
    tamanos = [int(t) for t in args.tamanos.split(",") if t.strip()]

    prefijo, descripcion = comando_comparar()
    print(f"Máquina: {maquina()}")
    print(f"Carga del sistema al empezar (1, 5, 15 min): {carga()}")
    print(f"Comparador: {descripcion}; piso: leer JSON + TfidfVectorizer().fit_transform")
    print(
        f"Semilla {args.semilla}, {args.garantes} garantes; mediana de "
        f"{max(3, args.repeticiones)} pisos y {args.repeticiones} comparaciones"
    )
    filas = []
    with tempfile.TemporaryDirectory(prefix="bench-comparador-") as tmp:
        carpeta = args.conservar or Path(tmp)
        carpeta.mkdir(parents=True, exist_ok=True)
        for n in tamanos:
            entrada, salida = carpeta / f"corpus-{n}.json", carpeta / f"reporte-{n}.json"
            corpus = generar_corpus(n, garantes=args.garantes, rng=random.Random(args.semilla))
            entrada.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
            mb = entrada.stat().st_size / 1e6
            pisos, comparaciones = [], []
            # Una vuelta sin medir calienta la caché de disco de las bibliotecas; el piso
            # es barato, así que se mide al menos tres veces.
            medir([sys.executable, "-c", PISO, str(entrada)])
            for _ in range(max(3, args.repeticiones)):
                pisos.append(medir([sys.executable, "-c", PISO, str(entrada)]))
            for _ in range(args.repeticiones):
                cmd = [*prefijo, str(entrada)]
                cmd += ["--salida", str(salida)] if prefijo[-1] == "comparar" else [str(salida)]
                comparaciones.append(medir(cmd))
            reporte = json.loads(salida.read_text(encoding="utf-8"))
            piso, comp = resumir(pisos), resumir(comparaciones)
            filas.append((n, piso, comp))
            print(
                f"  n={n}: archivo {mb:.1f} MB; reporte con {len(reporte['grupos'])} grupos, "
                f"{len(reporte['divergencias'])} divergencias, {len(reporte['ausencias'])} "
                f"ausencias",
                flush=True,
            )
            print(f"    alineación frente al generador: {calidad_sintetica(reporte, corpus)}")

    print()
    print(f"Carga del sistema al terminar (1, 5, 15 min): {carga()}")
    print()
    print(
        "| criterios | piso (s) | comparar (s) | razón | pico piso (MB) | pico comparar (MB) "
        "| CPU piso (s) | CPU comparar (s) | razón CPU |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, piso, comp in filas:
        print(
            f"| {n:,} | {piso.segundos:.2f} | {comp.segundos:.2f} | "
            f"{comp.segundos / piso.segundos:.2f}× | {piso.pico_mb:.0f} | {comp.pico_mb:.0f} | "
            f"{piso.cpu:.2f} | {comp.cpu:.2f} | {comp.cpu / piso.cpu:.2f}× |"
        )
    if len(filas) >= 2:
        (n0, p0, c0), (n1, p1, c1) = filas[0], filas[-1]
        print(
            f"\nCrecimiento de {n0:,} a {n1:,} criterios ({n1 / n0:.1f}×): "
            f"piso {p1.segundos / p0.segundos:.2f}×, comparar {c1.segundos / c0.segundos:.2f}× "
            f"(CPU: piso {p1.cpu / p0.cpu:.2f}×, comparar {c1.cpu / c0.cpu:.2f}×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
