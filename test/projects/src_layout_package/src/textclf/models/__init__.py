from .classifier import TextClassifier

__all__ = ["TextClassifier"]
