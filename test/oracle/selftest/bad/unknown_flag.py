# expect: unknown flag
import torch.nn as nn

rnn = nn.RNN(10, 20, nonlinearity='sigmoid')  # error: RL101 torch3
