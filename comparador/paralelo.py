"""Independent tasks shared between this process and one forked helper, same results as in series.

The machine the comparator runs on has two cores, and three stages are
many small independent tasks (normalizing texts, neighbour search by
blocks of rows, analysing groups).  A forked child shares everything
already computed without copying or pickling it; only its results travel
back, pickled once at the end.  Tasks are claimed in lots, this process
from the front and the child from the back, so a core busy with other
work gets fewer lots instead of making the other wait.

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
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")

_FALTA = object()
# Front and back of the tasks not yet claimed, in memory shared with the child.
_LIMITES = struct.Struct("qq")


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


class _Reparto:
    """Lots of task numbers claimed from both ends under a lock shared with the child."""

    def __init__(self, cuantas: int, lote: int) -> None:
        self.lote = lote
        self.cerrojo = multiprocessing.get_context("fork").Lock()
        self.limites = mmap.mmap(-1, _LIMITES.size)
        _LIMITES.pack_into(self.limites, 0, 0, cuantas)

    def tomar(self, *, del_frente: bool) -> range | None:
        """Return the next lot of task numbers for one end, or None when none are left."""
        with self.cerrojo:
            frente, fondo = _LIMITES.unpack_from(self.limites, 0)
            if frente >= fondo:
                return None
            if del_frente:
                fin = min(frente + self.lote, fondo)
                _LIMITES.pack_into(self.limites, 0, fin, fondo)
                return range(frente, fin)
            inicio = max(fondo - self.lote, frente)
            _LIMITES.pack_into(self.limites, 0, frente, inicio)
            return range(inicio, fondo)


def _ayudar(reparto: _Reparto, hacer: Callable[[int], R], escritura: int) -> None:
    """Run in the child: do lots from the back, then send (first task, results) per lot."""
    codigo = 1
    try:
        hechos = []
        while (lote := reparto.tomar(del_frente=False)) is not None:
            hechos.append((lote.start, [hacer(i) for i in lote]))
        with os.fdopen(escritura, "wb") as salida:
            salida.write(pickle.dumps(hechos, protocol=pickle.HIGHEST_PROTOCOL))
        codigo = 0
    finally:
        # Never return into the parent's code, nor run its exit handlers.
        os._exit(codigo)


def _recibir(lectura: int) -> bytes:
    """Return everything the child writes to the pipe until it closes it."""
    partes = []
    while parte := os.read(lectura, 1 << 20):
        partes.append(parte)
    return b"".join(partes)


def repartir(
    hacer: Callable[[int], R], cuantas: int, *, lote: int, minimo: int = 0, forzar: bool = False
) -> list[R]:
    """Return ``[hacer(i) for i in range(cuantas)]``, shared with a forked helper when it pays.

    `hacer` must depend only on its argument and on state that exists
    before the call (the child sees a copy of it); its results must be
    picklable.  Below `minimo` tasks everything runs here.  `forzar` forks
    even on one core (for tests).
    """
    if cuantas < max(minimo, 2) or not (forzar or puede_repartir()) or not hasattr(os, "fork"):
        return [hacer(i) for i in range(cuantas)]
    resultados: list[object] = [_FALTA] * cuantas
    reparto = _Reparto(cuantas, lote)
    lectura, escritura = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(lectura)
        _ayudar(reparto, hacer, escritura)
    os.close(escritura)
    terminado = False
    try:
        while (propio := reparto.tomar(del_frente=True)) is not None:
            for i in propio:
                resultados[i] = hacer(i)
        datos = _recibir(lectura)
        _, estado = os.waitpid(pid, 0)
        terminado = True
        if os.waitstatus_to_exitcode(estado) == 0:
            for inicio, hechos in pickle.loads(datos):
                resultados[inicio : inicio + len(hechos)] = hechos
    finally:
        os.close(lectura)
        if not terminado:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    # Whatever the child claimed and did not deliver.
    for i, hecho in enumerate(resultados):
        if hecho is _FALTA:
            resultados[i] = hacer(i)
    return resultados  # type: ignore[return-value]
