"""storyline: a sourced account of a developing story from news articles of many outlets.

Public names only; importing this package does no I/O and loads no model.
"""

from storyline.records import Article, PublishedDate, Rejected, SourceDocument

__all__ = ["Article", "PublishedDate", "Rejected", "SourceDocument", "__version__"]

__version__ = "0.1.0"
