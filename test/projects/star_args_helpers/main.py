import torch

from layers import lazy_names, make_gru

(gru_name,) = lazy_names("nn", "GRU")
gru = make_gru(10, 2)
out, h = gru(torch.randn(4, 7, 10))
#^ (4, 7, 16)
#    ^ (2, 4, 16)
