"""Import every domain's models so ``SQLModel.metadata`` knows all tables."""

from criterios import models as criterios_models

__all__ = ["criterios_models"]
