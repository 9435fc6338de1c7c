"""MkStatus: a static status page generator. The core (model, load, status, outputs) imports no MkDocs."""

__version__ = "0.1.0"
