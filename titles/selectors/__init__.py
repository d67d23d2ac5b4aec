"""Reads of title evaluation, each a fixed number of queries whatever the row count."""

from .catalogue import catalogue_snapshot

__all__ = ["catalogue_snapshot"]
