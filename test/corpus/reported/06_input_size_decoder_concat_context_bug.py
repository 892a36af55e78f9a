# Attention decoder step: the GRU input is cat(embedded, context) but the GRU was built for the
# embedding width alone (RL202).
import torch
import torch.nn as nn
import torch.nn.functional as F

EMB = 10
ENC_H = 16
DEC_H = 16
VOCAB = 30


class AttnDecoder(nn.Module):
    def __init__(self):
        super(AttnDecoder, self).__init__()
        self.embedding = nn.Embedding(VOCAB, EMB)
        self.gru = nn.GRU(EMB, DEC_H)
        self.out = nn.Linear(DEC_H, VOCAB)

    def forward(self, token, hidden, enc_outputs):
        embedded = self.embedding(token).unsqueeze(0)
        #^ (1, 3, 10)
        scores = torch.bmm(enc_outputs.transpose(0, 1), hidden[-1].unsqueeze(2))
        weights = F.softmax(scores, dim=1)
        context = torch.bmm(weights.transpose(1, 2), enc_outputs.transpose(0, 1)).transpose(0, 1)
        #^ (1, 3, 16)
        rnn_in = torch.cat((embedded, context), dim=2)
        #^ (1, 3, 26)
        output, hidden = self.gru(rnn_in, hidden)  # error: RL202
        return F.log_softmax(self.out(output[0]), dim=1), hidden


B = 3
dec = AttnDecoder()
enc_outputs = torch.randn(6, B, ENC_H)
h = torch.zeros(1, B, DEC_H)
tok = torch.zeros(B, dtype=torch.long)
logp, h = dec(tok, h, enc_outputs)
