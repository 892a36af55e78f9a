# Seq-first GRU decoder stepped with the embedded tokens unsqueezed on dim 0, (1, B, E).
# Fixed twin of 80_decode_unsqueeze_wrong_dim_bug.py.
import torch
import torch.nn as nn


class DecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size):
        super(DecoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, input, hidden):
        output = self.embedding(input).unsqueeze(0)
        output = torch.relu(output)
        output, hidden = self.gru(output, hidden)
        return torch.log_softmax(self.out(output[0]), dim=1), hidden


decoder = DecoderRNN(16, 21)
hidden = torch.zeros(1, 4, 16)
decoder_input = torch.tensor([0, 0, 0, 0])
#^ (4,)
for di in range(3):
    decoder_output, hidden = decoder(decoder_input, hidden)
    #^ (4, 21)
    #               ^ (1, 4, 16)
    topv, topi = decoder_output.topk(1)
    decoder_input = topi.squeeze().detach()
    #^ (4,)
