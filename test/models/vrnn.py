# A recurrent VAE-style encoder as research code writes it: pack_sequence(enforce_sorted=False) over a list of
# sequences, a bidirectional GRU, pad_packed_sequence, the directions summed through view(B, T, 2, H),
# mu / logvar from chunk, reparameterize returning mu in eval mode (self.training), a Sequential decoder
# with Softplus and Identity, F.pad, an nn.Softmax layer, repeat_interleave, clamp(min=) and masked_select.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence


class VRNN(nn.Module):
    def __init__(self, d=6, h=8, z=4):
        super().__init__()
        self.rnn = nn.GRU(d, h, batch_first=True, bidirectional=True)
        self.to_stats = nn.Linear(2 * h, 2 * z)
        self.dec = nn.Sequential(nn.Linear(z, h), nn.Softplus(), nn.Linear(h, d), nn.Identity())
        self.att = nn.Softmax(dim=-1)

    def reparameterize(self, mu, logvar):
        if self.training:
            std = torch.exp(0.5 * logvar)
            return mu + torch.randn_like(std) * std
        return mu

    def forward(self, seqs):
        packed = pack_sequence(seqs, enforce_sorted=False)
        out, h = self.rnn(packed)
        out, lens = pad_packed_sequence(out, batch_first=True)
        B, T, H2 = out.shape
        both = out.view(B, T, 2, H2 // 2).sum(2)
        stats = self.to_stats(torch.cat([h[0], h[1]], dim=-1))
        mu, logvar = stats.chunk(2, dim=-1)
        zz = self.reparameterize(mu, logvar)
        recon = self.dec(zz)
        padded = F.pad(both, (0, 0, 0, 2), value=0.0)
        w = self.att(padded.mean(-1))
        rep = lens.repeat_interleave(2)
        return recon, torch.clamp(logvar, min=-1.0), w, rep, torch.tanh(both).masked_select(both > 0).sum()


model = VRNN()
seqs = [torch.randn(4, 6), torch.randn(2, 6), torch.randn(5, 6)]
out = model(seqs)
