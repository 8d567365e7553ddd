"""Demo data of the deliberation workflow: one cycle of the Región Centro-Occidente's mesas.

``homologa serve`` loads it after the catalog's demo (``criterios.demo``) and the demo
accounts (``app.cuentas.CUENTAS_DE_EJEMPLO``), when the register has no mesa. Every row is
written by the same domain functions the pages call, each step at its own moment of a
timeline relative to today (``criterios.models.en_el_momento``), so dates and times read as
a real sequence of events:

- Ten weeks ago, a concluded mesa with its acta approved: attendance with representatives,
  the approval of the orden del día, a propuesta voted with deliberation notes, a proyecto
  approved as a criterio homologado, a punto rejected with abstentions and one deferred;
  acuerdos cumplido, en proceso, pendiente and vencido.
- That criterio homologado published, adopted by some garantes (one marks its own criterio
  superseded), adopted in part by one, rejected by another, pending for the rest.
- A proyecto still being drafted from the voted propuesta: two versions, observaciones.
- In about two weeks, a convocada mesa with the deferred punto and another propuesta; a
  propuesta still gathering apoyos and one not admitted.

The texts (``sesiones.demo_textos``) are illustrative, like the catalog's demo; the legal
facts they cite are those of the Ley General de Transparencia of 2025.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from sqlmodel import Session, func, select

from criterios.models import ZONA_HORARIA, Criterio, en_el_momento, fecha_larga
from criterios.models import hoy as fecha_de_hoy
from sesiones import (
    actas,
    acuerdos,
    adhesiones,
    mesas,
    observaciones,
    orden_del_dia,
    propuestas,
    proyectos,
    publicacion,
    votaciones,
)
from sesiones import demo_textos as textos
from sesiones.asistencia import Registro, registrar_asistencia
from sesiones.models import (
    Acuerdo,
    Adhesion,
    CriterioHomologado,
    Mesa,
    PropuestaTema,
    PuntoOrden,
)
from sesiones.quorum import garantes_con_derecho

# The demo accounts the story needs: (rol, garante) → who they are in it.
COMISIONADOS = ("ags", "jal-contraloria")
JURIDICOS = ("ags", "jal-contraloria")


class Cuenta(Protocol):
    """A demo account (``app.models.Usuario``) seen through what the story needs."""

    @property
    def id(self) -> int | None: ...

    @property
    def rol(self) -> str: ...

    @property
    def garante_id(self) -> str | None: ...

    @property
    def nombre_visible(self) -> str: ...


@dataclass(frozen=True)
class Reparto:
    """Who plays each part: the secretaría, and comisionados and jurídicos by garante."""

    secretaria: Cuenta
    comisionados: dict[str, Cuenta]
    juridicos: dict[str, Cuenta]

    @classmethod
    def de(cls, cuentas: Sequence[Cuenta]) -> Reparto:
        """Return the cast from ``cuentas``; raise LookupError naming any account missing."""
        secretaria = next((c for c in cuentas if c.rol == "secretaria"), None)
        comisionados = {c.garante_id: c for c in cuentas if c.rol == "comisionado" and c.garante_id}
        juridicos = {c.garante_id: c for c in cuentas if c.rol == "juridico" and c.garante_id}
        faltan = ["secretaría técnica"] if secretaria is None else []
        faltan += [f"comisionado de {g}" for g in COMISIONADOS if g not in comisionados]
        faltan += [f"jurídico de {g}" for g in JURIDICOS if g not in juridicos]
        if secretaria is None or faltan:
            raise LookupError(f"Faltan cuentas de ejemplo: {', '.join(faltan)}.")
        return cls(secretaria, comisionados, juridicos)


@dataclass(frozen=True)
class Calendario:
    """The demo's days: the first mesa about ten weeks ago, the next in about two weeks."""

    hoy: date
    mesa_1: date
    mesa_2: date

    @classmethod
    def desde(cls, hoy: date) -> Calendario:
        # Mesas meet on Thursdays: the one on or before ten weeks ago, and the one on or
        # after ten days from now (so its acuerdos' deadlines are still ahead).
        hace = hoy - timedelta(days=70)
        despues = hoy + timedelta(days=10)
        return cls(
            hoy=hoy,
            mesa_1=hace - timedelta(days=(hace.weekday() - 3) % 7),
            mesa_2=despues + timedelta(days=(3 - despues.weekday()) % 7),
        )

    def dia(self, desplazamiento: int, *, de: date | None = None) -> date:
        """Return the day ``desplazamiento`` days after the first mesa (or after ``de``)."""
        return (de or self.mesa_1) + timedelta(days=desplazamiento)


@contextmanager
def _a_las(dia: date, hora: str) -> Iterator[None]:
    """Run the block as if it were ``hora`` (central Mexico) of ``dia``."""
    with en_el_momento(datetime.combine(dia, time.fromisoformat(hora), tzinfo=ZONA_HORARIA)):
        yield


def cargar_demo_de_sesiones(
    *,
    session: Session,
    cuentas: Sequence[Cuenta],
    renderizar_acta: Callable[[dict[str, Any]], str],
    hoy: date | None = None,
) -> bool:
    """Load the demo mesas, acuerdos and criterios homologados; return whether it loaded.

    Nothing is loaded when a mesa exists. Needs the catalog's demo and the demo accounts
    (``Reparto.de`` says which). ``renderizar_acta`` turns an acta's data into its HTML, as
    the acta's page does on approval. Nothing is committed: the caller commits once, so a
    failure leaves nothing behind.
    """
    if session.exec(select(func.count()).select_from(Mesa)).one():
        return False
    reparto = Reparto.de(cuentas)
    calendario = Calendario.desde(hoy or fecha_de_hoy())
    historia = _Historia(session, reparto, calendario, renderizar_acta)
    historia.contar()
    return True


@dataclass(frozen=True)
class _PrimeraMesa:
    """What the follow-up after the first mesa works on: a punto, the criterio, acuerdos."""

    plazos: PuntoOrden
    criterio: CriterioHomologado
    cumplido: int
    en_proceso: int
    vencido: int


class _Historia:
    """The demo's story, told step by step at its own dates through the domain functions."""

    def __init__(
        self,
        session: Session,
        reparto: Reparto,
        calendario: Calendario,
        renderizar_acta: Callable[[dict[str, Any]], str],
    ) -> None:
        self.session = session
        self.reparto = reparto
        self.calendario = calendario
        self.renderizar_acta = renderizar_acta

    def contar(self) -> None:
        c = self.calendario
        cero = self._proyecto_cero()
        plazos, incompetencia = self._propuestas_para_la_primera_mesa()
        with _a_las(c.dia(-30), "12:10"):
            self._nueva_version(
                cero, textos.TEXTO_CERO_V2, self.reparto.juridicos["jal-contraloria"]
            )
        mesa_1 = self._convocar_primera_mesa(plazos, incompetencia, cero)
        with _a_las(c.dia(-3), "17:00"):
            mesa_2 = self._crear_mesa(textos.MESA_2, c.mesa_2)
        primera = self._sesion_primera_mesa(mesa_1, mesa_2)
        self._seguimiento(mesa_1, primera)
        self._preparar_segunda_mesa(mesa_2)

    # --- Lookups -------------------------------------------------------------------------

    def _criterio(self, id_externo: str) -> Criterio:
        return proyectos.buscar_criterio(session=self.session, referencia=id_externo)

    # --- Before the first mesa -----------------------------------------------------------

    def _proyecto_cero(self) -> CriterioHomologado:
        """A proyecto drafted by Aguascalientes's legal staff from three criterios."""
        with _a_las(self.calendario.dia(-49), "13:20"):
            proyecto = proyectos.crear_proyecto(
                session=self.session,
                borrador=proyectos.Borrador(),
                contenido=proyectos.Contenido.de(
                    rubro=textos.RUBRO_CERO,
                    texto=textos.TEXTO_CERO_V1,
                    precedentes=textos.PRECEDENTES_CERO,
                    marco_normativo=textos.MARCO_CERO,
                ),
                autor=self.reparto.juridicos["ags"],
            )
            for id_externo in ("ags-01-2020", "slp-02-2019", "qro-01-2019"):
                proyectos.agregar_fuente(
                    session=self.session, proyecto=proyecto, criterio=self._criterio(id_externo)
                )
        return proyecto

    def _nueva_version(self, proyecto: CriterioHomologado, texto: str, autor: Cuenta) -> None:
        anterior = proyectos.Contenido.de_proyecto(proyecto)
        proyectos.guardar_version(
            session=self.session,
            proyecto=proyecto,
            contenido=proyectos.Contenido.de(
                rubro=anterior.rubro,
                texto=texto,
                precedentes=anterior.precedentes,
                marco_normativo=anterior.marco_normativo,
            ),
            autor=autor,
            version_base=proyecto.version,
        )

    def _presentar(
        self, datos: tuple[str, str], autor: Cuenta, dia: date, *, apoyo: Cuenta | None
    ) -> PropuestaTema:
        titulo, justificacion = datos
        with _a_las(dia, "09:40"):
            propuesta = propuestas.crear(
                session=self.session, titulo=titulo, justificacion=justificacion, autor=autor
            )
        if apoyo is not None:
            with _a_las(dia + timedelta(days=2), "16:15"):
                propuestas.apoyar(session=self.session, propuesta=propuesta, usuario=apoyo)
        return propuesta

    def _admitir(self, propuesta: PropuestaTema, dia: date) -> None:
        with _a_las(dia, "11:00"):
            propuestas.admitir(
                session=self.session, propuesta=propuesta, usuario=self.reparto.secretaria
            )

    def _propuestas_para_la_primera_mesa(self) -> tuple[PropuestaTema, PropuestaTema]:
        c, comisionados = self.calendario, self.reparto.comisionados
        ags, jal = comisionados["ags"], comisionados["jal-contraloria"]
        plazos = self._presentar(textos.PROPUESTA_PLAZOS, ags, c.dia(-42), apoyo=jal)
        incompetencia = self._presentar(textos.PROPUESTA_INCOMPETENCIA, jal, c.dia(-41), apoyo=ags)
        self._admitir(plazos, c.dia(-35))
        self._admitir(incompetencia, c.dia(-35))
        return plazos, incompetencia

    def _crear_mesa(self, datos: dict[str, str], fecha: date) -> Mesa:
        validados, errores = mesas.validar_mesa(
            session=self.session, formulario={**datos, "fecha": fecha.isoformat()}
        )
        if validados is None:
            raise ValueError(f"Datos de mesa de ejemplo no válidos: {errores}")
        return mesas.crear_mesa(
            session=self.session, datos=validados, usuario_id=self.reparto.secretaria.id
        )

    def _convocar_primera_mesa(
        self, plazos: PropuestaTema, incompetencia: PropuestaTema, cero: CriterioHomologado
    ) -> Mesa:
        s = self.session
        with _a_las(self.calendario.dia(-28), "10:30"):
            mesa = self._crear_mesa(textos.MESA_1, self.calendario.mesa_1)
            orden_del_dia.agregar_propuesta(session=s, mesa=mesa, propuesta=plazos)
            orden_del_dia.agregar_proyecto(session=s, mesa=mesa, proyecto=cero)
            titulo, descripcion = textos.PUNTO_GRATUIDAD
            orden_del_dia.agregar_libre(
                session=s,
                mesa=mesa,
                titulo=titulo,
                descripcion=descripcion,
                regla="mayoria_simple",
            )
            orden_del_dia.agregar_propuesta(session=s, mesa=mesa, propuesta=incompetencia)
        with _a_las(self.calendario.dia(-21), "12:00"):
            mesas.convocar(session=s, mesa=mesa)
        return mesa

    # --- The first mesa's session --------------------------------------------------------

    def _votar(self, punto: PuntoOrden, sentidos: dict[str, str], abre: str, cierra: str) -> str:
        """Vote ``punto``: each comisionado with an account votes; the secretaría records
        the votes of the garantes that attend online or without an account here."""
        s, dia, secretaria = self.session, self.calendario.mesa_1, self.reparto.secretaria
        with _a_las(dia, abre):
            votaciones.abrir_votacion(session=s, punto=punto, usuario=secretaria)
            for garante_id, sentido in sentidos.items():
                comisionado = self.reparto.comisionados.get(garante_id)
                votaciones.emitir_voto(
                    session=s,
                    punto=punto,
                    garante_id=garante_id,
                    sentido=sentido,
                    usuario=comisionado or secretaria,
                    por_secretaria=comisionado is None,
                )
        with _a_las(dia, cierra):
            return votaciones.cerrar_votacion(session=s, punto=punto, usuario=secretaria)

    def _notas(self, punto: PuntoOrden, notas: str, hora: str) -> None:
        with _a_las(self.calendario.mesa_1, hora):
            votaciones.guardar_notas(session=self.session, punto=punto, notas=notas)

    def _acuerdo(
        self,
        punto: PuntoOrden,
        texto: str,
        fecha_limite: date,
        *,
        garantes: Sequence[str] = (),
        personas: Sequence[Cuenta] = (),
        hora: str,
    ) -> int:
        with _a_las(self.calendario.mesa_1, hora):
            acuerdo = acuerdos.crear_acuerdo(
                session=self.session,
                punto=punto,
                texto=texto,
                fecha_limite=fecha_limite,
                garante_ids=garantes,
                usuario_ids=[p.id for p in personas if p.id is not None],
                usuario_id=self.reparto.secretaria.id,
            )
        assert acuerdo.id is not None
        return acuerdo.id

    def _sesion_primera_mesa(self, mesa: Mesa, destino: Mesa) -> _PrimeraMesa:
        s, c, secretaria = self.session, self.calendario, self.reparto.secretaria
        assert mesa.id is not None
        # Opening puntos, the four added in ``_convocar_primera_mesa``, closing puntos.
        puntos = orden_del_dia.puntos_de(session=s, mesa_id=mesa.id)
        orden, plazos, cero, gratuidad, incompetencia, asuntos_generales = puntos[1:7]
        assert orden.clave_estandar == "aprobacion_orden"
        assert asuntos_generales.clave_estandar == "asuntos_generales"
        presentes = list(textos.REPRESENTANTES)
        with _a_las(c.mesa_1, "10:04"):
            mesas.iniciar(session=s, mesa=mesa)
        with _a_las(c.mesa_1, "10:12"):
            registrar_asistencia(
                session=s,
                mesa=mesa,
                registros={
                    g.id: Registro(
                        g.id in textos.REPRESENTANTES, textos.REPRESENTANTES.get(g.id, "")
                    )
                    for g in garantes_con_derecho(session=s, mesa=mesa)
                },
                usuario=secretaria,
            )
        self._votar(orden, dict.fromkeys(presentes, "a_favor"), "10:15", "10:19")

        self._notas(plazos, textos.NOTAS_PLAZOS, "11:31")
        self._votar(
            plazos, {**dict.fromkeys(presentes, "a_favor"), "slp": "abstencion"}, "11:35", "11:41"
        )
        en_proceso = self._acuerdo(
            plazos,
            textos.ACUERDO_PROYECTO_PLAZOS,
            c.dia(-6, de=c.mesa_2),
            garantes=("ags", "jal-contraloria"),
            personas=(secretaria,),
            hora="11:44",
        )

        self._notas(cero, textos.NOTAS_CERO, "12:36")
        sentidos_cero = {**dict.fromkeys(presentes, "a_favor"), "qro": "en_contra"}
        self._votar(cero, {**sentidos_cero, "nay": "abstencion"}, "12:40", "12:47")
        criterio = s.get(CriterioHomologado, cero.proyecto_id)
        assert criterio is not None and criterio.clave is not None
        cumplido = self._acuerdo(
            cero,
            textos.ACUERDO_PUBLICAR.format(clave=criterio.clave),
            c.dia(14),
            personas=(secretaria,),
            hora="12:50",
        )
        vencido = self._acuerdo(
            cero,
            textos.ACUERDO_INFORMAR_ADOPCION.format(clave=criterio.clave),
            c.dia(43),
            garantes=[g.id for g in garantes_con_derecho(session=s, mesa=mesa)],
            hora="12:52",
        )

        self._notas(gratuidad, textos.NOTAS_GRATUIDAD, "13:22")
        self._votar(gratuidad, textos.VOTOS_GRATUIDAD, "13:25", "13:31")
        self._acuerdo(
            gratuidad,
            textos.ACUERDO_NOTA_GRATUIDAD,
            c.dia(-3, de=c.mesa_2),
            garantes=("gto", "slp"),
            hora="13:33",
        )

        self._notas(incompetencia, textos.NOTAS_INCOMPETENCIA, "13:40")
        with _a_las(c.mesa_1, "13:42"):
            votaciones.diferir_punto(
                session=s, punto=incompetencia, destino=destino, usuario=secretaria
            )
        self._notas(asuntos_generales, textos.NOTAS_ASUNTOS_GENERALES, "13:55")
        with _a_las(c.mesa_1, "14:08"):
            mesas.concluir(session=s, mesa=mesa)
        return _PrimeraMesa(plazos, criterio, cumplido, en_proceso, vencido)

    # --- After the first mesa ------------------------------------------------------------

    def _avance(self, acuerdo_id: int, nota: str, autor: Cuenta, dia: date) -> None:
        acuerdo = self.session.get(Acuerdo, acuerdo_id)
        assert acuerdo is not None
        with _a_las(dia, "17:30"):
            acuerdos.reportar_avance(
                session=self.session,
                acuerdo=acuerdo,
                nota=nota,
                archivos=[],
                max_bytes=0,  # evidence by link: no file to check
                garante_id=autor.garante_id,
                autor_id=autor.id,
            )

    def _adhesion(
        self,
        criterio: CriterioHomologado,
        garante_id: str,
        estado: str,
        resuelto: date,
        *,
        nota: str = "",
        evidencia: str = "",
        por: Cuenta,
    ) -> None:
        """Record a garante's decision (taken on ``resuelto``) the next day, as the form does."""
        registrado = resuelto + timedelta(days=1)
        assert criterio.aprobado_en is not None
        datos, errores = adhesiones.validar(
            estado=estado,
            fecha=resuelto.isoformat(),
            nota=nota,
            evidencia_url=evidencia,
            archivo_nuevo=False,
            archivo_actual=False,
            quitar_archivo=False,
            hoy=registrado,
            aprobado=criterio.aprobado_en.astimezone(ZONA_HORARIA).date(),
        )
        if datos is None:
            raise ValueError(f"Adhesión de ejemplo no válida ({garante_id}): {errores}")
        adhesion = self.session.get(Adhesion, (criterio.id, garante_id))
        assert adhesion is not None
        with _a_las(registrado, "10:20"):
            adhesiones.actualizar_adhesion(
                session=self.session,
                criterio_homologado=criterio,
                adhesion=adhesion,
                datos=datos,
                evidencia=None,
                usuario=por,
            )

    def _seguimiento(self, mesa: Mesa, primera: _PrimeraMesa) -> None:
        s, c, secretaria = self.session, self.calendario, self.reparto.secretaria
        criterio = primera.criterio
        juridico_ags = self.reparto.juridicos["ags"]
        juridico_jal = self.reparto.juridicos["jal-contraloria"]
        clave = criterio.clave or ""

        with _a_las(c.dia(6), "09:30"):
            publicacion.publicar(session=s, criterio_homologado=criterio, usuario=secretaria)
        self._avance(
            primera.cumplido,
            textos.AVANCE_PUBLICACION.format(clave=clave, fecha=fecha_larga(c.dia(6))),
            secretaria,
            c.dia(6),
        )
        cumplido = s.get(Acuerdo, primera.cumplido)
        assert cumplido is not None
        with _a_las(c.dia(7), "10:00"):
            acuerdos.marcar_cumplido(session=s, acuerdo=cumplido, usuario_id=secretaria.id)
        with _a_las(c.dia(8), "13:00"):
            actas.aprobar(
                session=s, mesa=mesa, usuario_id=secretaria.id, renderizar=self.renderizar_acta
            )

        no_admitida = self._presentar(
            textos.PROPUESTA_SANCIONES,
            self.reparto.comisionados["jal-contraloria"],
            c.dia(10),
            apoyo=None,
        )
        plazo = self._proyecto_plazos(primera.plazos)
        with _a_las(c.dia(15), "11:00"):
            propuestas.no_admitir(
                session=s, propuesta=no_admitida, usuario=secretaria, motivo=textos.MOTIVO_SANCIONES
            )

        self._adhesion(
            criterio,
            "ags",
            "adoptado",
            c.dia(20),
            por=juridico_ags,
            evidencia=textos.EVIDENCIA_ITEA,
            nota=textos.NOTA_ADOPCION_ITEA,
        )
        with _a_las(c.dia(21), "10:35"):
            adhesiones.marcar_fuentes_superadas(
                session=s, criterio_homologado=criterio, garante_id="ags", usuario=juridico_ags
            )
        self._avance(
            primera.vencido,
            textos.AVANCE_ADOPCION_AGS.format(clave=clave, fecha=fecha_larga(c.dia(20))),
            juridico_ags,
            c.dia(21),
        )
        with _a_las(c.dia(24), "18:05"):
            observaciones.observar(
                session=s, proyecto=plazo, texto=textos.OBSERVACION_INHABIL, autor=juridico_jal
            )
        self._adhesion(
            criterio,
            "slp",
            "adoptado",
            c.dia(27),
            por=secretaria,
            evidencia=textos.EVIDENCIA_CEGAIP,
        )
        self._adhesion(
            criterio, "nay", "rechazado", c.dia(33), por=secretaria, nota=textos.NOTA_RECHAZO_NAY
        )
        with _a_las(c.dia(38), "12:15"):
            self._nueva_version(plazo, textos.TEXTO_PLAZOS_V2, juridico_ags)
            observacion = observaciones.del_proyecto(session=s, proyecto_id=plazo.id or 0)[0]
            observaciones.resolver(
                session=s,
                proyecto=plazo,
                observacion=observacion,
                estado="atendida",
                respuesta=textos.RESPUESTA_INHABIL,
                autor=secretaria,
            )
        hasta = fecha_larga(c.dia(-8, de=c.mesa_2))
        self._avance(
            primera.en_proceso,
            textos.AVANCE_PROYECTO_PLAZOS.format(fecha=hasta),
            secretaria,
            c.dia(38),
        )
        self._adhesion(
            criterio,
            "qro",
            "parcial",
            c.dia(41),
            por=secretaria,
            nota=textos.NOTA_PARCIAL_QRO,
            evidencia=textos.EVIDENCIA_INFOQRO,
        )
        with _a_las(c.dia(45), "09:50"):
            observaciones.observar(
                session=s,
                proyecto=plazo,
                texto=textos.OBSERVACION_ARTICULO,
                autor=self.reparto.comisionados["ags"],
            )

    def _proyecto_plazos(self, punto: PuntoOrden) -> CriterioHomologado:
        """The proyecto the first mesa asked for, drafted from its punto (still a proyecto)."""
        with _a_las(self.calendario.dia(14), "16:40"):
            borrador = proyectos.borrador_de_punto(session=self.session, punto=punto)
            proyecto = proyectos.crear_proyecto(
                session=self.session,
                borrador=borrador,
                contenido=proyectos.Contenido.de(
                    rubro=textos.RUBRO_PLAZOS,
                    texto=textos.TEXTO_PLAZOS_V1,
                    precedentes=textos.PRECEDENTES_PLAZOS,
                    marco_normativo=textos.MARCO_PLAZOS,
                ),
                autor=self.reparto.juridicos["ags"],
            )
            for id_externo in textos.FUENTES_PLAZOS:
                proyectos.agregar_fuente(
                    session=self.session, proyecto=proyecto, criterio=self._criterio(id_externo)
                )
        return proyecto

    # --- The next mesa -------------------------------------------------------------------

    def _preparar_segunda_mesa(self, mesa: Mesa) -> None:
        c = self.calendario
        ags, jal = self.reparto.comisionados["ags"], self.reparto.comisionados["jal-contraloria"]
        prevencion = self._presentar(
            textos.PROPUESTA_PREVENCION, jal, c.dia(-20, de=c.hoy), apoyo=ags
        )
        self._admitir(prevencion, c.dia(-14, de=c.hoy))
        with _a_las(c.dia(-10, de=c.hoy), "12:30"):
            orden_del_dia.agregar_propuesta(session=self.session, mesa=mesa, propuesta=prevencion)
        with _a_las(c.dia(-9, de=c.hoy), "13:00"):
            mesas.convocar(session=self.session, mesa=mesa)
        self._presentar(textos.PROPUESTA_VERSION_PUBLICA, ags, c.dia(-6, de=c.hoy), apoyo=jal)
