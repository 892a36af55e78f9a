# Buggy variant of ok/gru_vae_like_init.py: the start frame has one feature too many; cat along time needs equal feature dims.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class RecurrentVAE(nn.Module):
    def __init__(self, n_feat=5, hidden=64, latent=8):
        super().__init__()
        self.enc = nn.GRU(n_feat, hidden, batch_first=True)
        self.mu = nn.Linear(hidden, latent)
        self.logvar = nn.Linear(hidden, latent)
        self.z_to_h = nn.Linear(latent, hidden)
        self.dec = nn.GRU(n_feat, hidden, batch_first=True)
        self.out = nn.Linear(hidden, n_feat)

    def forward(self, x):
        _, h = self.enc(x)
        h = h[-1]
        mu, logvar = self.mu(h), self.logvar(h)
        eps = torch.randn_like(mu)
        z = mu + eps * torch.exp(0.5 * logvar)
        h0 = torch.tanh(self.z_to_h(z)).unsqueeze(0)
        dec_in = torch.zeros_like(x)
        start = x.new_zeros(x.size(0), 1, x.size(2) + 1)
        dec_in = torch.cat([start, dec_in[:, :-1]], dim=1)  # error: RL403
        dec_out, _ = self.dec(dec_in, h0)
        return self.out(dec_out), mu, logvar


if __name__ == "__main__":
    vae = RecurrentVAE()
    x = torch.randn(6, 24, 5)
    recon, mu, logvar = vae(x)
