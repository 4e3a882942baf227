"""PointMap: an acupuncture point-map reference for the face, the arm and the abdomen."""

__version__ = "0.1.0"
