"""A small text classifier package (src/ layout)."""
from .models import TextClassifier
from .utils import VOCAB_SIZE

__all__ = ["TextClassifier", "VOCAB_SIZE"]
