"""The pure core: incident files and the status options -> model -> status and uptime.

Imports no MkDocs and no click, logs nothing, and is tested without a build; outputs/, the MkDocs
adapter (plugin.py) and the command line (cli.py, commands/) are built on it.
"""
