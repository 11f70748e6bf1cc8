"""Entity detection and linking to Wikidata ids through the project knowledge base.

Importing this package is cheap: spaCy, natasha and GiNZA load when a pipeline is built.
"""

from nlp.linking.kb import DEFAULT_KB, Entity, KBError, KnowledgeBase, load_kb, validate_kb
from nlp.linking.linker import Mention
from nlp.linking.pipeline import Linker, LinkerUnavailable, build_pipeline

__all__ = ["DEFAULT_KB", "Entity", "KBError", "KnowledgeBase", "Linker", "LinkerUnavailable", "Mention",
           "build_pipeline", "load_kb", "validate_kb"]
