import argparse

import torch

from lm import WordLM

parser = argparse.ArgumentParser()
parser.add_argument("--vocab", type=int, default=1000)
parser.add_argument("--emb", type=int, default=256, help="embedding size")
parser.add_argument("--input_size", type=int, default=200, help="LSTM input size")
parser.add_argument("--hidden", type=int, default=300)
parser.add_argument("--batch", type=int, default=12)
args = parser.parse_args()

model = WordLM(args.vocab, args.emb, args.input_size, args.hidden)
batch = torch.randint(0, args.vocab, (args.batch, 35))
#^ (12, 35)
logits = model(batch)
