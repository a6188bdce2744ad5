"""Trend Explorer: offline search and a concept graph over reports."""

__version__ = "0.1.0"
