# Buggy variant of ok/modulelist_gru_residual.py: inputs with 64 features fed to a stack built for d_model=128 (every GRU in the ModuleList expects 128).
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class ResidualGRUStack(nn.Module):
    def __init__(self, d_model=128, n_layers=4, dropout=0.1):
        super().__init__()
        self.grus = nn.ModuleList([nn.GRU(d_model, d_model, batch_first=True) for _ in range(n_layers)])
        self.norms = nn.ModuleList([nn.LayerNorm(d_model) for _ in range(n_layers)])
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        for gru, norm in zip(self.grus, self.norms):
            out, _ = gru(x)  # error: RL202
            # fix: Change input_size to 64 -> self.grus = nn.ModuleList([nn.GRU(64, d_model, batch_first=True) for _ in range(n_layers)])
            x = norm(x + self.drop(out))
        return x


if __name__ == "__main__":
    stack = ResidualGRUStack()
    seq = torch.randn(5, 30, 64)
    hidden_seq = stack(seq)
