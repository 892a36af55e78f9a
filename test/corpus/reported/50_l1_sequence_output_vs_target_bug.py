# Denoising GRU whose per-step output (B, T, 1) is compared with a (B, T) clean signal in L1Loss; the
# shapes align as (B, T, 1) against (1, B, T) and do not broadcast (RL409).
import torch
import torch.nn as nn

gru = nn.GRU(1, 8, batch_first=True)
proj = nn.Linear(8, 1)
l1 = nn.L1Loss()

noisy = torch.randn(3, 20, 1)
clean = torch.randn(3, 20)
h, _ = gru(noisy)
#^ (3, 20, 8)
denoised = proj(h)
#^ (3, 20, 1)
loss = l1(denoised, clean)  # error: RL409
