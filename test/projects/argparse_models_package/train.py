import argparse

import torch
from models import RNNModel

parser = argparse.ArgumentParser(description="PyTorch character-level language model")
parser.add_argument("--model", type=str, default="GRU", help="type of recurrent net")
parser.add_argument("--ntokens", type=int, default=77)
parser.add_argument("--emsize", type=int, default=64, help="size of character embeddings")
parser.add_argument("--nhid", type=int, default=128, help="number of hidden units per layer")
parser.add_argument("--nlayers", type=int, default=3)
parser.add_argument("--dropout", type=float, default=0.2)
parser.add_argument("--bptt", type=int, default=25, help="sequence length")
parser.add_argument("--batch_size", type=int, default=16, metavar="N")
parser.add_argument("--cuda", action="store_true", help="use CUDA")
args = parser.parse_args()

device = torch.device("cuda" if args.cuda else "cpu")
model = RNNModel(args.ntokens, args.emsize, args.nhid, args.nlayers, args.dropout).to(device)
hidden = model.init_hidden(args.batch_size)
#^ (3, 16, 128)
source = torch.randint(0, args.ntokens, (args.bptt, args.batch_size))
output, hidden = model(source, hidden)
#^ (400, 77)
#       ^ (3, 16, 128)
