import argparse

import torch
import models

parser = argparse.ArgumentParser(description="word-level language model")
parser.add_argument("--emsize", type=int, default=650)
parser.add_argument("--nhid", type=int, default=650)
parser.add_argument("--nlayers", type=int, default=2)
parser.add_argument("--bptt", type=int, default=35)
parser.add_argument("--batch-size", type=int, default=20, metavar="N")
args = parser.parse_args()

ntokens = 1000
model = models.LanguageModel(ntokens, args.emsize, args.nhid, args.nlayers)
hidden = model.init_hidden(args.batch_size, args.nhid, args.nlayers)
data = torch.randint(0, ntokens, (args.bptt, args.batch_size))
#^ (35, 20)
output, hidden = model(data, hidden)
#^ (35, 20, 1000)
