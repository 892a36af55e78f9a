import torch

from models import AttnDecoder

decoder = AttnDecoder(8, 16)
token = torch.randn(1, 3, 8)
hidden = torch.zeros(1, 3, 16)
cell = torch.zeros(1, 3, 16)
context = torch.zeros(1, 3, 16)
try:
    # last_cell left out: Python raises TypeError at this call, forward never runs with a 2-layer state
    decoder(token, context, torch.zeros(2, 3, 16))
except TypeError:
    pass
out, hidden, cell = decoder(token, context, hidden, cell)
#^ (1, 3, 16)
