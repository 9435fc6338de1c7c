"""MkStatus: a static status page generator. The core (core/) and the outputs (outputs/) import no MkDocs."""

__version__ = "0.1.0"
