import numpy as np
import torch

from synth import synthesize
from vocoder import Vocoder

m = synthesize(25)
m = (m + 4) / 8
np.clip(m, 0, 1, out=m)
mels = torch.tensor(m).unsqueeze(0)
voc = Vocoder(80, 32)
wave = voc.generate(mels)
