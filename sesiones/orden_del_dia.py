"""The orden del día of a mesa: adding, moving, editing and removing its puntos.

Two standard puntos open every agenda (asistencia y quórum, aprobación del orden del día)
and two close it (asuntos generales, clausura); new puntos go between them. A punto can
carry an admitted propuesta, a grupo or divergencia of the latest comparator run (named
by its stable clave), a proyecto de criterio homologado, or free text. The agenda only
changes while the mesa is in borrador or convocada.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import update
from sqlmodel import Session, col, select

from criterios import consultas, resultados
from criterios.consultas import numero_de_registro
from criterios.models import Comparacion, Divergencia, GrupoTematico, ahora
from sesiones.errores import TransicionNoPermitida
from sesiones.mesas import PUNTOS_DE_CIERRE, exigir_editable
from sesiones.models import REGLAS_VOTACION, CriterioHomologado, Mesa, PropuestaTema, PuntoOrden
from sesiones.propuestas import devolver_a_admitida, marcar_en_orden_del_dia
from sesiones.proyectos import etiqueta_estado as etiqueta_proyecto

MAXIMO_TITULO = 300
MAXIMO_DESCRIPCION = 5000
TIPOS_AGREGABLES = ("libre", "propuesta", "grupo", "divergencia", "proyecto")
NOMBRES_REGLA = {"mayoria_simple": "Mayoría simple", "unanimidad": "Unanimidad"}
ESTADOS_PROYECTO_AGREGABLES = ("proyecto", "rechazado")
M = TypeVar("M", PropuestaTema, CriterioHomologado)


def puntos_de(*, session: Session, mesa_id: int) -> list[PuntoOrden]:
    """Return the mesa's puntos in their order."""
    return list(
        session.exec(
            select(PuntoOrden)
            .where(PuntoOrden.mesa_id == mesa_id)
            .order_by(col(PuntoOrden.orden), col(PuntoOrden.id))
        )
    )


def _renumerar(session: Session, puntos: list[PuntoOrden]) -> None:
    for orden, punto in enumerate(puntos, start=1):
        if punto.orden != orden:
            punto.orden = orden
            session.add(punto)


def _recortar(texto: str, largo: int = MAXIMO_TITULO) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def insertar_punto(*, session: Session, mesa: Mesa, punto: PuntoOrden) -> PuntoOrden:
    """Return ``punto`` placed last before the closing standard puntos, the rest renumbered."""
    exigir_editable(session=session, mesa=mesa)
    assert mesa.id is not None
    puntos = puntos_de(session=session, mesa_id=mesa.id)
    posicion = next(
        (i for i, p in enumerate(puntos) if p.clave_estandar in PUNTOS_DE_CIERRE), len(puntos)
    )
    punto.mesa_id = mesa.id
    puntos.insert(posicion, punto)
    punto.orden = posicion + 1
    session.add(punto)
    _renumerar(session, puntos)
    session.flush()
    return punto


def agregar_libre(
    *, session: Session, mesa: Mesa, titulo: str, descripcion: str | None, regla: str
) -> PuntoOrden:
    """Return a new free-text punto of the agenda."""
    punto = PuntoOrden(
        mesa_id=mesa.id or 0,
        orden=0,
        titulo=titulo,
        descripcion=descripcion or None,
        tipo="libre",
        regla_votacion=regla,
    )
    return insertar_punto(session=session, mesa=mesa, punto=punto)


def agregar_propuesta(*, session: Session, mesa: Mesa, propuesta: PropuestaTema) -> PuntoOrden:
    """Return a new punto for an admitted propuesta, which goes "en_orden_del_dia"."""
    exigir_editable(session=session, mesa=mesa)
    marcar_en_orden_del_dia(session=session, propuesta=propuesta)
    punto = PuntoOrden(
        mesa_id=mesa.id or 0,
        orden=0,
        titulo=_recortar(propuesta.titulo),
        descripcion=propuesta.justificacion,
        tipo="propuesta",
        propuesta_id=propuesta.id,
        grupo_clave=propuesta.grupo_clave,
        divergencia_clave=propuesta.divergencia_clave,
    )
    return insertar_punto(session=session, mesa=mesa, punto=punto)


def agregar_proyecto(*, session: Session, mesa: Mesa, proyecto: CriterioHomologado) -> PuntoOrden:
    """Return a new punto to vote on a proyecto de criterio homologado (then "en_orden_del_dia")."""
    exigir_editable(session=session, mesa=mesa)
    _pasar_proyecto(
        session,
        proyecto,
        desde=ESTADOS_PROYECTO_AGREGABLES,
        a="en_orden_del_dia",
        mensaje=(
            "Solo un proyecto de criterio homologado en redacción o rechazado puede ir al orden "
            f"del día; este está «{etiqueta_proyecto(proyecto.estado)}»."
        ),
    )
    punto = PuntoOrden(
        mesa_id=mesa.id or 0,
        orden=0,
        titulo=_recortar(f"Proyecto de criterio homologado: {proyecto.rubro}"),
        tipo="proyecto",
        proyecto_id=proyecto.id,
        grupo_clave=proyecto.grupo_clave,
        divergencia_clave=proyecto.divergencia_clave,
    )
    return insertar_punto(session=session, mesa=mesa, punto=punto)


def _ya_en_la_mesa(session: Session, mesa: Mesa, **clave: str) -> bool:
    campo, valor = next(iter(clave.items()))
    tipo = "grupo" if campo == "grupo_clave" else "divergencia"
    consulta = select(PuntoOrden.id).where(
        PuntoOrden.mesa_id == mesa.id,
        PuntoOrden.tipo == tipo,
        getattr(PuntoOrden, campo) == valor,
    )
    return session.exec(consulta).first() is not None


def grupo_vigente(*, session: Session, clave: str) -> GrupoTematico | None:
    """Return the grupo temático ``clave`` of the latest finished run, or None."""
    comparacion = resultados.comparacion_elegida(session=session)
    if comparacion is None or comparacion.id is None:
        return None
    encontrado = resultados.grupo_por_clave(
        session=session, comparacion_id=comparacion.id, clave=clave
    )
    return encontrado.grupo if encontrado else None


def divergencia_vigente(*, session: Session, clave: str) -> Divergencia | None:
    """Return the divergencia ``clave`` of the latest finished run, or None."""
    comparacion = resultados.comparacion_elegida(session=session)
    if comparacion is None:
        return None
    return session.exec(
        select(Divergencia).where(
            Divergencia.comparacion_id == comparacion.id, Divergencia.clave == clave
        )
    ).first()


def agregar_grupo(*, session: Session, mesa: Mesa, grupo: GrupoTematico) -> PuntoOrden:
    """Return a new punto about a grupo temático (named by its clave)."""
    exigir_editable(session=session, mesa=mesa)
    if _ya_en_la_mesa(session, mesa, grupo_clave=grupo.clave):
        raise TransicionNoPermitida("Ese grupo temático ya está en el orden del día de esta mesa.")
    comparacion = session.get(Comparacion, grupo.comparacion_id)
    garantes = len(grupo.garantes)
    descripcion = (
        f"Grupo temático {grupo.clave} de la comparación {grupo.comparacion_id}"
        f"{' del ' + comparacion.creada_en.date().isoformat() if comparacion else ''}: "
        f"{_cuantos(grupo.n_criterios, 'criterio')} de {_cuantos(garantes, 'garante')}, "
        f"{_cuantos(grupo.n_posturas, 'postura')} y "
        f"{_cuantos(grupo.n_divergencias, 'divergencia')}."
    )
    punto = PuntoOrden(
        mesa_id=mesa.id or 0,
        orden=0,
        titulo=_recortar(grupo.tema[:1].upper() + grupo.tema[1:]),
        descripcion=descripcion,
        tipo="grupo",
        grupo_clave=grupo.clave,
    )
    return insertar_punto(session=session, mesa=mesa, punto=punto)


def agregar_divergencia(*, session: Session, mesa: Mesa, divergencia: Divergencia) -> PuntoOrden:
    """Return a new punto about a divergencia (named by its clave and its grupo's)."""
    exigir_editable(session=session, mesa=mesa)
    if _ya_en_la_mesa(session, mesa, divergencia_clave=divergencia.clave):
        raise TransicionNoPermitida("Esa divergencia ya está en el orden del día de esta mesa.")
    grupo = session.get(GrupoTematico, divergencia.grupo_id)
    nombres = consultas.garantes_por_id(session=session)
    a = consultas.nombre_corto(divergencia.garante_a, nombres)
    b = consultas.nombre_corto(divergencia.garante_b, nombres)
    tema = grupo.tema if grupo else "Divergencia"
    punto = PuntoOrden(
        mesa_id=mesa.id or 0,
        orden=0,
        titulo=_recortar(
            f"{tema[:1].upper() + tema[1:]}: divergencia de {divergencia.tipo} entre {a} y {b}"
        ),
        descripcion=divergencia.explicacion,
        tipo="divergencia",
        divergencia_clave=divergencia.clave,
        grupo_clave=grupo.clave if grupo else None,
    )
    return insertar_punto(session=session, mesa=mesa, punto=punto)


def mover(*, session: Session, mesa: Mesa, punto: PuntoOrden, direccion: str) -> None:
    """Swap ``punto`` with its neighbour above or below ("arriba"/"abajo").

    The standard puntos stay where they are: the opening two first, the closing two last.
    """
    exigir_editable(session=session, mesa=mesa)
    if punto.clave_estandar:
        raise TransicionNoPermitida("Los puntos de trámite no cambian de lugar.")
    if direccion not in ("arriba", "abajo"):
        raise TransicionNoPermitida("Indique si el punto sube o baja.")
    assert mesa.id is not None
    puntos = puntos_de(session=session, mesa_id=mesa.id)
    i = next(n for n, p in enumerate(puntos) if p.id == punto.id)
    j = i - 1 if direccion == "arriba" else i + 1
    if j < 0 or j >= len(puntos) or puntos[j].clave_estandar:
        donde = "el primero" if direccion == "arriba" else "el último"
        raise TransicionNoPermitida(f"El punto ya es {donde} que se puede mover.")
    puntos[i], puntos[j] = puntos[j], puntos[i]
    _renumerar(session, puntos)


def devolver_vinculos(*, session: Session, punto: PuntoOrden) -> list[str]:
    """Give back what the punto held: its propuesta is admitida again, its proyecto a proyecto.

    Return a sentence per record given back (for the bitácora).
    """
    devueltos = []
    if punto.propuesta_id is not None:
        propuesta = session.get(PropuestaTema, punto.propuesta_id)
        if propuesta is not None and propuesta.estado == "en_orden_del_dia":
            devolver_a_admitida(session=session, propuesta=propuesta)
            devueltos.append(f"La propuesta {propuesta.id} vuelve a estar admitida.")
    if punto.proyecto_id is not None:
        proyecto = session.get(CriterioHomologado, punto.proyecto_id)
        if proyecto is not None and proyecto.estado == "en_orden_del_dia":
            _pasar_proyecto(
                session,
                proyecto,
                desde=("en_orden_del_dia",),
                a="proyecto",
                mensaje="Otra persona cambió el proyecto mientras tanto; vuelva a intentarlo.",
            )
            devueltos.append(f"El proyecto {proyecto.id} vuelve a estar en redacción.")
    return devueltos


def _pasar_proyecto(
    session: Session,
    proyecto: CriterioHomologado,
    *,
    desde: tuple[str, ...],
    a: str,
    mensaje: str,
) -> None:
    """Move ``proyecto`` from one of ``desde`` to ``a`` with a conditional UPDATE, or refuse.

    As in ``sesiones.proyectos``: of two people acting at once, the second is refused.
    """
    if proyecto.estado not in desde or proyecto.id is None:
        raise TransicionNoPermitida(mensaje)
    resultado = session.execute(
        update(CriterioHomologado)
        .where(col(CriterioHomologado.id) == proyecto.id, col(CriterioHomologado.estado).in_(desde))
        .values(estado=a, actualizado_en=ahora())
        .execution_options(synchronize_session=False)
    )
    session.refresh(proyecto)
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        raise TransicionNoPermitida(mensaje)


def quitar(*, session: Session, mesa: Mesa, punto: PuntoOrden) -> list[str]:
    """Remove a punto (not a standard one) and give back what it held; return what was."""
    exigir_editable(session=session, mesa=mesa)
    if punto.clave_estandar:
        raise TransicionNoPermitida("Los puntos de trámite no se pueden quitar del orden del día.")
    devueltos = devolver_vinculos(session=session, punto=punto)
    # A punto that continued a deferred one: the original is left without a continuation.
    for original in session.exec(select(PuntoOrden).where(PuntoOrden.diferido_a_id == punto.id)):
        original.diferido_a_id = None
        session.add(original)
    session.flush()
    session.delete(punto)
    session.flush()
    assert mesa.id is not None
    _renumerar(session, puntos_de(session=session, mesa_id=mesa.id))
    return devueltos


def liberar_orden_del_dia(*, session: Session, mesa: Mesa) -> list[str]:
    """Give back every propuesta and proyecto of a cancelled mesa's agenda; return what was."""
    assert mesa.id is not None
    devueltos: list[str] = []
    for punto in puntos_de(session=session, mesa_id=mesa.id):
        devueltos += devolver_vinculos(session=session, punto=punto)
    return devueltos


@dataclass(frozen=True)
class DatosPunto:
    """The validated fields of a punto's form."""

    titulo: str
    descripcion: str | None
    regla: str


def validar_punto(formulario: Mapping[str, object]) -> tuple[DatosPunto | None, dict[str, str]]:
    """Return the punto's título, descripción and regla, or None and the errors by field."""
    titulo = " ".join(str(formulario.get("titulo") or "").split())
    descripcion = str(formulario.get("descripcion") or "").strip()
    regla = str(formulario.get("regla") or "mayoria_simple")
    errores: dict[str, str] = {}
    if not titulo:
        errores["titulo"] = "Escriba el título del punto."
    elif len(titulo) > MAXIMO_TITULO:
        errores["titulo"] = f"El título no puede pasar de {MAXIMO_TITULO} caracteres."
    if len(descripcion) > MAXIMO_DESCRIPCION:
        errores["descripcion"] = (
            f"La descripción no puede pasar de {MAXIMO_DESCRIPCION} caracteres."
        )
    if regla not in REGLAS_VOTACION:
        errores["regla"] = "Elija la regla de votación: mayoría simple o unanimidad."
    if errores:
        return None, errores
    return DatosPunto(titulo, descripcion or None, regla), errores


def editar_punto(
    *, session: Session, mesa: Mesa, punto: PuntoOrden, datos: DatosPunto
) -> dict[str, tuple[str, str]]:
    """Apply título, descripción and regla to ``punto``; return {campo: (antes, después)}."""
    exigir_editable(session=session, mesa=mesa)
    cambios: dict[str, tuple[str, str]] = {}
    nuevos = {"titulo": datos.titulo, "descripcion": datos.descripcion}
    if punto.votable:
        nuevos["regla_votacion"] = datos.regla
    for campo, valor in nuevos.items():
        antes = getattr(punto, campo)
        if antes != valor:
            cambios[campo] = (antes or "", valor or "")
            setattr(punto, campo, valor)
    if cambios:
        session.add(punto)
    return cambios


def agregar_desde_formulario(
    *, session: Session, mesa: Mesa, formulario: Mapping[str, object]
) -> tuple[PuntoOrden | None, dict[str, str]]:
    """Return the punto the "agregar" form asked for, or None and the errors by field.

    The form's ``tipo`` says where the punto comes from: libre (título, descripción, regla),
    propuesta (its id), grupo or divergencia (its clave in the latest run), proyecto (its id).
    Raises ``TransicionNoPermitida`` when the mesa's agenda can no longer change.
    """
    exigir_editable(session=session, mesa=mesa)
    tipo = str(formulario.get("tipo") or "")
    if tipo == "libre":
        datos, errores = validar_punto(formulario)
        if datos is None:
            return None, errores
        punto = agregar_libre(
            session=session,
            mesa=mesa,
            titulo=datos.titulo,
            descripcion=datos.descripcion,
            regla=datos.regla,
        )
        return punto, {}
    try:
        if tipo == "propuesta":
            propuesta = _por_id(session, PropuestaTema, formulario.get("propuesta"))
            if propuesta is None:
                return None, {"propuesta": "Elija una de las propuestas admitidas."}
            return agregar_propuesta(session=session, mesa=mesa, propuesta=propuesta), {}
        if tipo == "proyecto":
            proyecto = _por_id(session, CriterioHomologado, formulario.get("proyecto"))
            if proyecto is None:
                return None, {"proyecto": "Elija uno de los proyectos de criterio homologado."}
            return agregar_proyecto(session=session, mesa=mesa, proyecto=proyecto), {}
        if tipo in ("grupo", "divergencia"):
            clave = str(formulario.get("clave") or "").strip()
            if not clave:
                que = "del grupo temático" if tipo == "grupo" else "de la divergencia"
                return None, {"clave": f"Escriba la clave {que}."}
            if resultados.comparacion_elegida(session=session) is None:
                return None, {"clave": "Aún no hay comparaciones terminadas."}
            if tipo == "grupo":
                grupo = grupo_vigente(session=session, clave=clave)
                if grupo is None:
                    return None, {"clave": _no_esta(tipo, clave)}
                return agregar_grupo(session=session, mesa=mesa, grupo=grupo), {}
            divergencia = divergencia_vigente(session=session, clave=clave)
            if divergencia is None:
                return None, {"clave": _no_esta(tipo, clave)}
            return agregar_divergencia(session=session, mesa=mesa, divergencia=divergencia), {}
    except TransicionNoPermitida as exc:
        campo = {"grupo": "clave", "divergencia": "clave"}.get(tipo, tipo)
        return None, {campo: str(exc)}
    return None, {"tipo": "Elija qué tipo de punto agregar."}


def _cuantos(n: int, nombre: str) -> str:
    return f"{n} {nombre}" if n == 1 else f"{n} {nombre}s"


def _no_esta(tipo: str, clave: str) -> str:
    que = "ningún grupo temático" if tipo == "grupo" else "ninguna divergencia"
    return (
        f"No hay {que} con la clave «{clave}» en la última comparación terminada; copie la "
        "clave de su página."
    )


def _por_id(session: Session, modelo: type[M], valor: object) -> M | None:
    numero = numero_de_registro(valor)
    return session.get(modelo, numero) if numero is not None else None
