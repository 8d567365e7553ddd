"""Settings of a comparator run, recorded in the report so that it can be reproduced."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Parametros:
    """Thresholds and settings of a comparator run.

    Similarities are cosines between TF-IDF vectors of stemmed terms (rubro
    weighted `peso_rubro` times the texto), so they run from 0 to 1.
    """

    # Candidate neighbours kept per criterion; bounds the cost of grouping.
    vecinos: int = 12
    # Weight of the rubro against the texto in a criterion's vector: the
    # rubro names the question, the texto mostly argues it.
    peso_rubro: float = 1.0
    # An edge between two criteria of different garantes that are each
    # other's best match in the other's garante needs this similarity.
    umbral_mutuo: float = 0.10
    # Any other edge needs this (stronger) similarity.
    umbral_vecino: float = 0.30
    # Average similarity between two groups that are merged (average
    # linkage keeps chains of loosely related criteria apart).
    umbral_grupo: float = 0.10
    # Two groups that both hold criteria of one garante merge only if those
    # criteria are this similar (nearly copies): one garante rarely has two
    # criteria on one question, while topics that only share vocabulary
    # usually come from the same garantes.
    umbral_mismo_garante: float = 0.8
    # Two groups merge only if their mutual similarity is at least this
    # share of the cohesion of each (a singleton's cohesion is its best
    # match): a relative test, so loosely paraphrased corpora and
    # template-written ones both split where their topics do.
    proporcion_cohesion: float = 0.5
    # Leave out criteria whose vigencia is "superado" or "abandonado".
    incluir_no_vigentes: bool = False

    def como_dict(self) -> dict[str, Any]:
        """Return the parameters as a JSON-ready dict."""
        return asdict(self)
