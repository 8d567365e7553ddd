"""Background work: comparator runs off the request, one at a time.

The app owns one ``Tareas``: a single-worker executor (runs queue, they never run side by
side) that reads and writes the database in a thread, while the CPU-heavy engine runs in
a child process so that requests stay responsive. Tests hand it an ``EjecutorEnLinea``
and run the engine in-process, so a run finishes before the request that started it.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from criterios.comparaciones import (
    comparar_en_este_proceso,
    ejecutar_comparacion,
    marcar_interrumpidas,
)

logger = logging.getLogger("homologa")


class EjecutorEnLinea(Executor):
    """An executor that runs each call at once, in the caller's thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        futuro: Future[Any] = Future()
        try:
            futuro.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the caller reads it from the future, as with a pool
            futuro.set_exception(exc)
        return futuro


class Tareas:
    """The application's background runner of comparisons."""

    def __init__(
        self, engine: Engine, *, ejecutor: Executor | None = None, en_proceso_aparte: bool = True
    ) -> None:
        self.engine = engine
        self.ejecutor = ejecutor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="homologa-tareas"
        )
        self.en_proceso_aparte = en_proceso_aparte

    def enviar_comparacion(self, comparacion_id: int) -> Future[Any]:
        """Return the future of a stored pending run, queued for the worker."""
        comparador = (
            _comparar_en_proceso_aparte if self.en_proceso_aparte else comparar_en_este_proceso
        )
        return self.ejecutor.submit(
            ejecutar_comparacion, self.engine, comparacion_id, comparador=comparador
        )

    def al_iniciar(self) -> None:
        """Close the runs a previous process left half done (nothing will finish them)."""
        try:
            with Session(self.engine) as session:
                cerradas = marcar_interrumpidas(session=session)
        except SQLAlchemyError:
            logger.warning("No se pudieron revisar las comparaciones interrumpidas", exc_info=True)
            return
        if cerradas:
            logger.warning("%s comparaciones quedaron interrumpidas al reiniciar", cerradas)

    def cerrar(self) -> None:
        """Stop taking work; a queued run not yet started is dropped (and marked next start).

        A run already going finishes: the process waits for its worker thread at exit.
        """
        self.ejecutor.shutdown(wait=False, cancel_futures=True)


def _comparar_en_proceso_aparte(
    datos: dict[str, Any], garantes: list[str], incluir_no_vigentes: bool
) -> dict[str, Any]:
    """Return the engine's report computed in a fresh child process.

    A fresh "spawn" process per run: nothing of the server is copied into it, and the
    engine's memory goes back to the system when the run ends.
    """
    contexto = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=contexto) as procesos:
        return procesos.submit(
            comparar_en_este_proceso, datos, garantes, incluir_no_vigentes
        ).result()
