"""Engines run the pipeline over many articles and hand plain records to the store."""
