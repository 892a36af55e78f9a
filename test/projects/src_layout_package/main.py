import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

import torch
from textclf import TextClassifier, VOCAB_SIZE

clf = TextClassifier(emb_dim=48, hidden=40, n_classes=6)
tokens = torch.randint(0, VOCAB_SIZE, (5, 17))
probs = clf(tokens)
#^ (5, 6)
