"""Deliberation workflow: propuestas, mesas, votaciones, acuerdos, actas, criterios homologados."""
