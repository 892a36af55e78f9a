from .tagger import SequenceTagger
