import os

import torch
from omegaconf import OmegaConf

from seqlab.cell_rnn import CellRNN

here = os.path.dirname(os.path.abspath(__file__))
cfg = OmegaConf.load(os.path.join(here, "seqlab", "configs", "default.yaml"))
net = CellRNN(cfg)
x = torch.randn(cfg.train.steps, cfg.train.batch, cfg.model.n_in)
#^ (15, 9, 7)
y = net(x)
#^ (15, 9, 22)
