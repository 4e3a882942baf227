"""The diagram generators: each module draws its views' artwork (and their anatomy layers) from
the landmarks in data/diagrams/, in every palette."""

MODULES = ("face", "arm", "hand", "trunk", "leg")
