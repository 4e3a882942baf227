"""Everything that is not a widget: data, geometry, search, storage. Never imports Qt."""
