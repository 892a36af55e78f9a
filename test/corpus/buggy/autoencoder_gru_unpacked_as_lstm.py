# Buggy variant of ok/gru_seq_autoencoder.py: GRU state unpacked like an LSTM (h, c); a 1-layer unidirectional h_n has one row.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class SeqAutoencoder(nn.Module):
    def __init__(self, n_features, latent=16):
        super().__init__()
        self.encoder = nn.GRU(n_features, latent, batch_first=True)
        self.decoder = nn.GRU(latent, latent, batch_first=True)
        self.output = nn.Linear(latent, n_features)

    def forward(self, x):
        seq_len = x.shape[1]
        _, (h, c) = self.encoder(x)  # error: RL301
        code = h.squeeze(0)
        repeated = code.unsqueeze(1).repeat(1, seq_len, 1)
        dec, _ = self.decoder(repeated)
        return self.output(dec), code


if __name__ == "__main__":
    ae = SeqAutoencoder(n_features=3)
    signals = torch.randn(10, 50, 3)
    recon, code = ae(signals)
    loss = torch.mean((recon - signals) ** 2)
