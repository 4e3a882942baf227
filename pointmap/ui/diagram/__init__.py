"""The diagram: its scene, point items, cached artwork and the view that shows it."""
