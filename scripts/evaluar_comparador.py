"""Mide la calidad del comparador contra el conjunto etiquetado de tests/datos/.

Uso:
    python scripts/evaluar_comparador.py                 # cifras
    python scripts/evaluar_comparador.py --detalle ajuste  # y los errores de la parte de ajuste
    python scripts/evaluar_comparador.py --reporte REPORTE.json  # evalúa un reporte ya generado

Las cifras son por pares de criterios de garantes distintos:
- alineación: el par está en el mismo grupo predicho / tiene el mismo tema etiquetado;
- divergencia: el par aparece en `divergencias` / tiene el mismo tema y distinta postura.
Se informan para todo el conjunto, para la parte de ajuste (los dos criterios son de
temas de ajuste) y para la reservada (los dos son de temas reservados).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
DATOS = RAIZ / "tests" / "datos" / "desarrollo.json"
ETIQUETAS = RAIZ / "tests" / "datos" / "etiquetas.json"
PARTES = ("todo", "ajuste", "reservado")

Par = tuple[str, str]


def par(a: str, b: str) -> Par:
    """Devuelve el par sin orden (el id menor primero)."""
    return (a, b) if a <= b else (b, a)


@dataclass
class Cifras:
    vp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.vp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.vp / (self.vp + self.fp)

    @property
    def recall(self) -> float:
        if self.vp + self.fn == 0:
            return 1.0
        return self.vp / (self.vp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def como_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "vp": self.vp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Errores:
    falsos_positivos: list[Par] = field(default_factory=list)
    falsos_negativos: list[Par] = field(default_factory=list)


@dataclass
class Evaluacion:
    """Cifras por parte ("todo", "ajuste", "reservado") y tarea ("alineacion", "divergencia")."""

    cifras: dict[str, dict[str, Cifras]]
    errores: dict[str, dict[str, Errores]]
    reporte: dict
    segundos: float

    def f1(self, tarea: str, parte: str = "todo") -> float:
        return self.cifras[parte][tarea].f1


def cargar(ruta_datos: Path = DATOS, ruta_etiquetas: Path = ETIQUETAS) -> tuple[dict, dict]:
    """Devuelve (datos de intercambio, etiquetas) del conjunto de desarrollo."""
    datos = json.loads(Path(ruta_datos).read_text(encoding="utf-8"))
    etiquetas = json.loads(Path(ruta_etiquetas).read_text(encoding="utf-8"))
    return datos, etiquetas


def parte_del_par(a: str, b: str, etiquetas: dict) -> str | None:
    """Devuelve "ajuste", "reservado" o None si el par mezcla ambas partes."""
    reservados = set(etiquetas["reservados"])
    temas = etiquetas["criterios"]
    en_reserva = (temas[a]["tema"] in reservados, temas[b]["tema"] in reservados)
    if en_reserva == (False, False):
        return "ajuste"
    if en_reserva == (True, True):
        return "reservado"
    return None


def pares_etiquetados(datos: dict, etiquetas: dict) -> tuple[set[Par], set[Par]]:
    """Devuelve (pares alineados, pares divergentes) según las etiquetas."""
    garante = {c["id"]: c["garante"] for c in datos["criterios"]}
    et = etiquetas["criterios"]
    alineados, divergentes = set(), set()
    for a, b in combinations(sorted(garante), 2):
        if garante[a] == garante[b] or et[a]["tema"] != et[b]["tema"]:
            continue
        alineados.add(par(a, b))
        if et[a]["postura"] != et[b]["postura"]:
            divergentes.add(par(a, b))
    return alineados, divergentes


def pares_predichos(reporte: dict, garante: dict[str, str]) -> tuple[set[Par], set[Par]]:
    """Devuelve (pares en un mismo grupo, pares marcados como divergencia) del reporte."""
    alineados, divergentes = set(), set()
    for grupo in reporte.get("grupos", []):
        for a, b in combinations(sorted(set(grupo["criterios"])), 2):
            if garante[a] != garante[b]:
                alineados.add(par(a, b))
    for d in reporte.get("divergencias", []):
        if garante[d["a"]] != garante[d["b"]]:
            divergentes.add(par(d["a"], d["b"]))
    return alineados, divergentes


def medir(reporte: dict, datos: dict, etiquetas: dict, segundos: float = 0.0) -> Evaluacion:
    """Compara un reporte con las etiquetas y devuelve las cifras por parte y tarea."""
    garante = {c["id"]: c["garante"] for c in datos["criterios"]}
    faltan = set(garante) - set(etiquetas["criterios"])
    if faltan:
        raise ValueError(f"criterios sin etiqueta: {sorted(faltan)}")
    alineados, divergentes = pares_etiquetados(datos, etiquetas)
    verdad = {"alineacion": alineados, "divergencia": divergentes}
    alineados, divergentes = pares_predichos(reporte, garante)
    prediccion = {"alineacion": alineados, "divergencia": divergentes}
    cifras = {p: {t: Cifras() for t in verdad} for p in PARTES}
    errores = {p: {t: Errores() for t in verdad} for p in PARTES}
    for tarea in verdad:
        for pr in sorted(verdad[tarea] | prediccion[tarea]):
            esperado, obtenido = pr in verdad[tarea], pr in prediccion[tarea]
            partes = ["todo"]
            parte = parte_del_par(*pr, etiquetas)
            if parte:
                partes.append(parte)
            for p in partes:
                c, e = cifras[p][tarea], errores[p][tarea]
                if esperado and obtenido:
                    c.vp += 1
                elif obtenido:
                    c.fp += 1
                    e.falsos_positivos.append(pr)
                else:
                    c.fn += 1
                    e.falsos_negativos.append(pr)
    return Evaluacion(cifras=cifras, errores=errores, reporte=reporte, segundos=segundos)


def evaluar(ruta_datos: Path = DATOS, ruta_etiquetas: Path = ETIQUETAS) -> Evaluacion:
    """Ejecuta `comparar` sobre el conjunto de desarrollo y devuelve su evaluación."""
    sys.path.insert(0, str(RAIZ))
    from comparador import comparar

    datos, etiquetas = cargar(ruta_datos, ruta_etiquetas)
    inicio = time.perf_counter()
    reporte = comparar(datos)
    return medir(reporte, datos, etiquetas, segundos=time.perf_counter() - inicio)


def _fmt(c: Cifras) -> str:
    return f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}  ({c.vp:3d}/{c.fp:3d}/{c.fn:3d})"


def imprimir_cifras(ev: Evaluacion, datos: dict, etiquetas: dict) -> None:
    temas = {e["tema"] for e in etiquetas["criterios"].values()}
    reservados = set(etiquetas["reservados"])
    rep = ev.reporte
    print(
        f"Conjunto: {len(datos['criterios'])} criterios, "
        f"{len(datos.get('garantes', []))} garantes, "
        f"{len(temas)} temas ({len(temas & reservados)} reservados)"
    )
    print(
        f"Reporte: {len(rep.get('grupos', []))} grupos, {len(rep.get('divergencias', []))} "
        f"divergencias, {len(rep.get('ausencias', []))} ausencias"
        + (f", {ev.segundos:.2f} s" if ev.segundos else "")
    )
    print()
    print("| parte | alineación P R F1 (vp/fp/fn) | divergencia P R F1 (vp/fp/fn) |")
    print("|---|---|---|")
    for p in PARTES:
        c = ev.cifras[p]
        print(f"| {p} | {_fmt(c['alineacion'])} | {_fmt(c['divergencia'])} |")


def imprimir_detalle(ev: Evaluacion, datos: dict, etiquetas: dict, parte: str) -> None:
    crit = {c["id"]: c for c in datos["criterios"]}
    et = etiquetas["criterios"]
    grupo_de = {}
    for g in ev.reporte.get("grupos", []):
        for cid in g["criterios"]:
            grupo_de[cid] = g.get("tema") or g["id"]
    divergencia = {par(d["a"], d["b"]): d for d in ev.reporte.get("divergencias", [])}

    def linea(cid: str) -> str:
        e = et[cid]
        return (
            f"    {cid} [{e['tema']} / {e['postura']}] grupo={grupo_de.get(cid, '-')!r}\n"
            f"      {crit[cid]['rubro'][:110]}"
        )

    titulos = {
        (
            "alineacion",
            "falsos_positivos",
        ): "Alineación, falsos positivos (agrupados sin ser del mismo tema)",
        (
            "alineacion",
            "falsos_negativos",
        ): "Alineación, falsos negativos (mismo tema, no agrupados)",
        ("divergencia", "falsos_positivos"): "Divergencia, falsos positivos (marcados sin serlo)",
        ("divergencia", "falsos_negativos"): "Divergencia, falsos negativos (no marcados)",
    }
    for (tarea, clase), titulo in titulos.items():
        pares = getattr(ev.errores[parte][tarea], clase)
        print(f"\n## {titulo} — parte {parte}: {len(pares)}")
        for a, b in pares:
            print(f"  - {a} ~ {b}")
            print(linea(a))
            print(linea(b))
            d = divergencia.get((a, b))
            if d is not None:
                print(f"    divergencia {d['tipo']}: {d['explicacion']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datos", type=Path, default=DATOS)
    parser.add_argument("--etiquetas", type=Path, default=ETIQUETAS)
    parser.add_argument(
        "--reporte", type=Path, help="evalúa este reporte en lugar de ejecutar comparar()"
    )
    parser.add_argument(
        "--detalle",
        nargs="?",
        const="todo",
        choices=PARTES,
        help="lista falsos positivos y negativos (de todo el conjunto o de una parte)",
    )
    parser.add_argument("--json", action="store_true", help="imprime las cifras como JSON")
    args = parser.parse_args(argv)

    datos, etiquetas = cargar(args.datos, args.etiquetas)
    if args.reporte:
        reporte = json.loads(args.reporte.read_text(encoding="utf-8"))
        ev = medir(reporte, datos, etiquetas)
    else:
        ev = evaluar(args.datos, args.etiquetas)
    if args.json:
        cifras = {p: {t: c.como_dict() for t, c in ev.cifras[p].items()} for p in PARTES}
        print(json.dumps(cifras, ensure_ascii=False, indent=2))
    else:
        imprimir_cifras(ev, datos, etiquetas)
    if args.detalle:
        imprimir_detalle(ev, datos, etiquetas, args.detalle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
