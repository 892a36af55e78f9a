# Stateful char-RNN: sampling starts from a fresh hidden state of batch 1 (not the training one).
# Fixed twin of 16_h0_generate_batch_one_bug.py.
import torch
import torch.nn as nn

N_CHARS = 26
HIDDEN = 20


class CharRNN(nn.Module):
    def __init__(self, n_chars, hidden_size, n_layers=2):
        super(CharRNN, self).__init__()
        self.n_layers = n_layers
        self.hidden_size = hidden_size
        self.encoder = nn.Embedding(n_chars, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers)
        self.decoder = nn.Linear(hidden_size, n_chars)

    def forward(self, inp, hidden):
        x = self.encoder(inp.view(1, -1))
        output, hidden = self.gru(x, hidden)
        output = self.decoder(output.view(-1, self.hidden_size))
        return output, hidden

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.hidden_size)


model = CharRNN(N_CHARS, HIDDEN)
hidden = model.init_hidden(8)
chunk = torch.randint(0, N_CHARS, (5, 8))
for c in range(chunk.size(0)):
    out, hidden = model(chunk[c], hidden)
    #^ (8, 26)
    #    ^ (2, 8, 20)

hidden = model.init_hidden(1)
char = torch.tensor([3])
generated = []
for step in range(4):
    out, hidden = model(char, hidden)
    #^ (1, 26)
    #    ^ (2, 1, 20)
    char = torch.multinomial(out.view(-1).softmax(0), 1)
    #^ (1,)
    generated.append(char.item())
