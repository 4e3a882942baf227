"""The authoring pipeline: TOML sources -> compile -> build points.db -> db check (never imported by the app)."""
