# Denoising GRU whose per-step output (B, T, 1) is squeezed to (B, T) before L1Loss.
# Fixed twin of 50_l1_sequence_output_vs_target_bug.py.
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
denoised = denoised.squeeze(-1)
#^ (3, 20)
loss = l1(denoised, clean)
#^ ()
