# expect: no dropout UserWarning
import torch.nn as nn

lstm = nn.LSTM(10, 20, num_layers=2, dropout=0.5)  # warning: RL105
