"""The audit's outputs: ``schema`` (the typed JSON evidence file) and ``html`` (the report rendered from it).

This package module imports neither, so reading a report's schema never pulls in the renderer.
"""
