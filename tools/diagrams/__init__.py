"""Generators of the SVG diagrams under assets/diagrams/, drawn from data/diagrams/*.toml."""
