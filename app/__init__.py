"""Aplicación web de Homologa (Starlette)."""
