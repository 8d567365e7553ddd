"""Import every domain's models so ``SQLModel.metadata`` knows all tables."""

from app import models as app_models
from criterios import models as criterios_models
from sesiones import models as sesiones_models

__all__ = ["app_models", "criterios_models", "sesiones_models"]
