# expect: bad code
import torch.nn as nn

lstm = nn.LSTM(10, 20, proj_size=30)  # error: RL13
