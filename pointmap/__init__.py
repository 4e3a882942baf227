"""PointMap: an acupuncture point-map reference for the face, the arm, the abdomen and the lower leg and foot."""

__version__ = "0.1.0"
