import json

import torch

from model import StockLSTM

hp = json.load(open("hparams.json"))
model = StockLSTM(hp["n_features"], hp["hidden_size"], hp["num_layers"])
x = torch.randn(hp["batch_size"], hp["seq_len"], hp["n_features"])
h0 = torch.zeros(1, hp["batch_size"], hp["hidden_size"])
#^ (1, 5, 24)
c0 = torch.zeros(1, hp["batch_size"], hp["hidden_size"])
pred = model(x, h0, c0)
