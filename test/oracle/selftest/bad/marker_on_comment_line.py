# expect: comment-only line
import torch.nn as nn

# error: RL101
rnn = nn.RNN(10, 20, nonlinearity='sigmoid')
