"""Study mode's widgets: the answer drawn on the diagram, the progress chart and window, the
hand-picked set."""
