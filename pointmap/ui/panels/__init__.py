"""The side panels: point details, the point list, search, meridians and protocols, hygiene."""
