"""The keys of a location definition (docs/data.md), apart from the geometry that resolves them:
the reader checks definitions with them at start-up, which needs none of that geometry."""

DEFINITION_KEYS = frozenset(
    {
        "at",
        "toward",
        "via",
        "cun",
        "of",
        "fraction",
        "x_of",
        "y_of",
        "up",
        "down",
        "lateral",
        "medial",
        "anterior",
        "posterior",
    }
)
OFFSET_KEYS = ("up", "down", "lateral", "medial", "anterior", "posterior")
