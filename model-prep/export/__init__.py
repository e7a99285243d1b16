"""Exporters that turn a speech language model into a GapScope bundle (docs/bundle-format.md)."""
