import torch
import nets.models as M
from nets import layers

seq2vec = M.Seq2Vec(layers.N_MELS, 96, 2)
spec = torch.randn(3, 120, layers.N_MELS)
emb = seq2vec(spec)
#^ (3, 96)
