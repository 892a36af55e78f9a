# expect: never reached
import torch.nn as nn

rnn = nn.RNN(10, 20, num_layers=0)  # error: RL107


def unused():
    return nn.RNN(10, 20, 2, 'sigmoid')  # error: RL101 torch2
