# Buggy variant of ok/char_rnn_lm.py: init_hidden forgets the num_layers dimension: hx and cx must be 3-D for batched input.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
from torch import nn
import torch.nn.functional as F


class CharRNN(nn.Module):
    def __init__(self, n_chars, n_hidden=256, n_layers=2, drop_prob=0.5):
        super().__init__()
        self.n_chars = n_chars
        self.n_hidden = n_hidden
        self.n_layers = n_layers
        self.lstm = nn.LSTM(n_chars, n_hidden, n_layers, dropout=drop_prob, batch_first=True)
        self.dropout = nn.Dropout(drop_prob)
        self.fc = nn.Linear(n_hidden, n_chars)

    def forward(self, x, hidden):
        r_output, hidden = self.lstm(x, hidden)  # error: RL203
        out = self.dropout(r_output)
        out = out.contiguous().view(-1, self.n_hidden)
        out = self.fc(out)
        return out, hidden

    def init_hidden(self, batch_size):
        weight = next(self.parameters()).data
        hidden = (weight.new_zeros(batch_size, self.n_hidden),
                  weight.new_zeros(batch_size, self.n_hidden))
        return hidden


if __name__ == "__main__":
    net = CharRNN(65, n_hidden=128)
    seqs = torch.randint(0, 65, (10, 50))
    onehot = F.one_hot(seqs, 65).float()
    h = net.init_hidden(10)
    out, h = net(onehot, h)
    probs = F.softmax(out, dim=1)
