from .model import Tagger
