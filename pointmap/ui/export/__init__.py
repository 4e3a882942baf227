"""Handouts, images and (later) records written to paper or files."""
