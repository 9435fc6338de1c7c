"""Importers: other status pages' exports -> MkStatus incident files and configuration."""
