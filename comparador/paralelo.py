"""Independent tasks shared between this process and one forked helper, same results as in series.

The machine the comparator runs on has two cores, and three stages are
many small independent tasks (normalizing texts, neighbour search by
blocks of rows, analysing groups).  A forked child shares everything
already computed without copying or pickling it; only its results travel
back, pickled once at the end.  Tasks are claimed in lots, this process
from the front and the child from the back, so a core busy with other
work gets fewer lots instead of making the other wait.

A helper can also be started early, to work ahead (`previo`) while this
process does something that cannot be shared, and be handed the tasks
when they are known (`encargo`, the data they need that the child lacks).

Results are placed by task number, so they never depend on who computed
what.  The fork happens only where it is safe (a POSIX system, no other
thread in this process) and where it pays (two usable cores, enough
tasks); anything the child did not deliver, because it failed or died, is
computed here.
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, Generic, TypeVar

R = TypeVar("R")

_FALTA = object()
# Shared with the child: whether the tasks are ready, then the front and
# the back of the tasks not yet claimed.
_ESTADO = struct.Struct("qqq")


def nucleos() -> int:
    """Return how many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def puede_repartir() -> bool:
    """Return whether a helper process can be forked here and can run beside this one."""
    # Forking a process with other threads can leave locks they held
    # locked forever in the child.
    return hasattr(os, "fork") and threading.active_count() == 1 and nucleos() >= 2


def _recibir(lectura: int) -> bytes:
    """Return everything written to a pipe until its other end is closed."""
    partes = []
    while parte := os.read(lectura, 1 << 20):
        partes.append(parte)
    return b"".join(partes)


def _escribir(escritura: int, datos: bytes) -> None:
    """Write all of `datos` to a pipe and close it."""
    with os.fdopen(escritura, "wb") as salida:
        salida.write(datos)


class Ayudante(Generic[R]):
    """A forked helper process (or none: then everything runs here)."""

    def __init__(
        self,
        hacer: Callable[[Any, int], R],
        previo: Callable[[Callable[[], bool]], None] | None,
        *,
        con_hijo: bool,
    ) -> None:
        self.hacer = hacer
        self.pid: int | None = None
        self.encargo_w: int | None = None
        if not con_hijo:
            return
        self.cerrojo = multiprocessing.get_context("fork").Lock()
        self.estado = mmap.mmap(-1, _ESTADO.size)
        encargo_r, encargo_w = os.pipe()
        self.resultados_r, resultados_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child leaves through os._exit
            os.close(encargo_w)
            os.close(self.resultados_r)
            self._en_el_hijo(previo, encargo_r, resultados_w)
        os.close(encargo_r)
        os.close(resultados_w)
        self.pid, self.encargo_w = pid, encargo_w

    def _listo(self) -> bool:
        return bool(_ESTADO.unpack_from(self.estado, 0)[0])

    def _tomar(self, *, del_frente: bool, lote: int) -> range | None:
        """Return the next lot of task numbers for one end, or None when none are left."""
        with self.cerrojo:
            listo, frente, fondo = _ESTADO.unpack_from(self.estado, 0)
            if frente >= fondo:
                return None
            if del_frente:
                fin = min(frente + lote, fondo)
                _ESTADO.pack_into(self.estado, 0, listo, fin, fondo)
                return range(frente, fin)
            inicio = max(fondo - lote, frente)
            _ESTADO.pack_into(self.estado, 0, listo, frente, inicio)
            return range(inicio, fondo)

    def _en_el_hijo(
        self,
        previo: Callable[[Callable[[], bool]], None] | None,
        encargo_r: int,
        resultados_w: int,
    ) -> None:
        """Work ahead, then do lots from the back and send (first task, results) per lot."""
        codigo = 1
        try:
            if previo is not None:
                # Working ahead is only a saving: if it fails, the tasks still get done.
                with suppress(Exception):
                    previo(self._listo)
            recibido = _recibir(encargo_r)
            if recibido:
                lote, encargo = pickle.loads(recibido)
                hechos = []
                while (propio := self._tomar(del_frente=False, lote=lote)) is not None:
                    hechos.append((propio.start, [self.hacer(encargo, i) for i in propio]))
                _escribir(resultados_w, pickle.dumps(hechos, protocol=pickle.HIGHEST_PROTOCOL))
            codigo = 0
        finally:
            # Never return into the parent's code, nor run its exit handlers.
            os._exit(codigo)

    def repartir(self, encargo: Any, cuantas: int, *, lote: int) -> list[R]:
        """Return ``[hacer(encargo, i) for i in range(cuantas)]``, shared with the helper.

        `encargo` is pickled for the child; a helper shares one call only.
        """
        if self.pid is None or self.encargo_w is None:
            return [self.hacer(encargo, i) for i in range(cuantas)]
        resultados: list[Any] = [_FALTA] * cuantas
        with self.cerrojo:
            _ESTADO.pack_into(self.estado, 0, 1, 0, cuantas)
        encargo_w, self.encargo_w = self.encargo_w, None
        try:
            _escribir(encargo_w, pickle.dumps((lote, encargo), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # the child is gone (a broken pipe): everything is done here
            self.cerrar()
            return [self.hacer(encargo, i) for i in range(cuantas)]
        while (propio := self._tomar(del_frente=True, lote=lote)) is not None:
            for i in propio:
                resultados[i] = self.hacer(encargo, i)
        datos = _recibir(self.resultados_r)
        if self._esperar() == 0 and datos:
            for inicio, hechos in pickle.loads(datos):
                resultados[inicio : inicio + len(hechos)] = hechos
        # Whatever the child claimed and did not deliver.
        for i, hecho in enumerate(resultados):
            if hecho is _FALTA:
                resultados[i] = self.hacer(encargo, i)
        return resultados

    def _esperar(self) -> int:
        """Reap the child; return its exit code."""
        assert self.pid is not None
        _, estado = os.waitpid(self.pid, 0)
        self.pid = None
        os.close(self.resultados_r)
        return os.waitstatus_to_exitcode(estado)

    def cerrar(self) -> None:
        """Stop the child if it is still there (the tasks never came, or this process failed)."""
        if self.encargo_w is not None:
            os.close(self.encargo_w)
            self.encargo_w = None
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self._esperar()


@contextmanager
def anticipar(
    hacer: Callable[[Any, int], R],
    previo: Callable[[Callable[[], bool]], None] | None = None,
    *,
    usar: bool = True,
    forzar: bool = False,
) -> Iterator[Ayudante[R]]:
    """Start a helper that runs `previo` until the tasks are handed to it, then shares them.

    `previo` receives a function that says whether the tasks are ready, to
    stop working ahead; what it computes stays in the child, for `hacer`.
    With `usar` false, or where no helper can run, everything runs here
    and `previo` is skipped.
    """
    con_hijo = usar and hasattr(os, "fork") and (forzar or puede_repartir())
    ayudante = Ayudante(hacer, previo, con_hijo=con_hijo)
    try:
        yield ayudante
    finally:
        ayudante.cerrar()


def repartir(
    hacer: Callable[[int], R], cuantas: int, *, lote: int, minimo: int = 0, forzar: bool = False
) -> list[R]:
    """Return ``[hacer(i) for i in range(cuantas)]``, shared with a forked helper when it pays.

    `hacer` must depend only on its argument and on state that exists
    before the call (the child sees a copy of it); its results must be
    picklable.  Below `minimo` tasks everything runs here.  `forzar` forks
    even on one core (for tests).
    """
    with anticipar(lambda _, i: hacer(i), usar=cuantas >= max(minimo, 2), forzar=forzar) as a:
        return a.repartir(None, cuantas, lote=lote)
