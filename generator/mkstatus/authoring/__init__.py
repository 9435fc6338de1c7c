"""Writing incident files: text edits for the authoring commands, and importers of other pages' exports."""
