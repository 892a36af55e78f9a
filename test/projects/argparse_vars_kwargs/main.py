import argparse

import torch
from tagger import BiLSTMTagger


def get_parser():
    p = argparse.ArgumentParser()
    p.add_argument("--vocab_size", type=int, default=500)
    p.add_argument("--embedding_dim", type=int, default=30)
    p.add_argument("--hidden_dim", type=int, default=25)
    p.add_argument("--tagset_size", type=int, default=9)
    p.add_argument("--lr", type=float, default=1e-3)
    return p


args = get_parser().parse_args([])
config = vars(args)
tagger = BiLSTMTagger(**vars(args))
sentence = torch.randint(0, config["vocab_size"], (13,))
#^ (13,)
scores = tagger(sentence)
#^ (13, 9)
