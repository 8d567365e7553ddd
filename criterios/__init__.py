"""Catálogo de garantes, criterios, precedentes y procedimientos."""
