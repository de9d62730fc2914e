"""In-document mention resolution: names, pronouns, role and age descriptors, organisations, groups."""
from .mentions import Entity, Resolver, load_lexicon

__all__ = ["Entity", "Resolver", "load_lexicon"]
