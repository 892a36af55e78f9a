# A training script in the style of pytorch/examples main.py files: the model's sizes come from argparse
# defaults, the model is built and called inside main() under if __name__ == '__main__', with the device
# chosen from args.cuda, getattr(nn, args.model) and a batch made with torch.arange(...).view(...) % ntokens.
import argparse

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers)
        self.decoder = nn.Linear(nhid, ntoken)

    def forward(self, input):
        out, _ = self.rnn(self.encoder(input))
        return self.decoder(out)


def main():
    parser = argparse.ArgumentParser(description='toy')
    parser.add_argument('--model', type=str, default='LSTM')
    parser.add_argument('--emsize', type=int, default=12)
    parser.add_argument('--nhid', type=int, default=10)
    parser.add_argument('--nlayers', type=int, default=2)
    parser.add_argument('--cuda', action='store_true')
    args = parser.parse_args()
    device = torch.device("cuda" if args.cuda else "cpu")
    ntokens = 33
    model = Net(args.model, ntokens, args.emsize, args.nhid, args.nlayers).to(device)
    data = torch.arange(12).view(4, 3) % ntokens
    with torch.no_grad():
        out = model(data)
    print(out.shape)


if __name__ == '__main__':
    main()
