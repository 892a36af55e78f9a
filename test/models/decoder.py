# One decoder step of a seq2seq model with additive (Bahdanau) attention, in the style of the
# attention tutorials: a GRUCell fed the embedded token and the attended context, masked attention
# scores, bmm for the context, and a tuple return (prediction, new hidden, attention weights).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.attn = nn.Linear(hidden * 2, hidden)
        self.v = nn.Linear(hidden, 1, bias=False)

    def forward(self, hidden, encoder_outputs, mask):
        src_len = encoder_outputs.size(1)
        h = hidden.unsqueeze(1).repeat(1, src_len, 1)
        energy = torch.tanh(self.attn(torch.cat((h, encoder_outputs), dim=2)))
        scores = self.v(energy).squeeze(2)
        scores = scores.masked_fill(mask == 0, -1e10)
        return F.softmax(scores, dim=1)


class Decoder(nn.Module):
    def __init__(self, vocab, emb, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.attention = Attention(hidden)
        self.rnn = nn.GRUCell(emb + hidden, hidden)
        self.out = nn.Linear(hidden * 2 + emb, vocab)
        self.dropout = nn.Dropout(0.1)

    def forward(self, input, hidden, encoder_outputs, mask):
        embedded = self.dropout(self.embedding(input))
        a = self.attention(hidden, encoder_outputs, mask)
        weighted = torch.bmm(a.unsqueeze(1), encoder_outputs).squeeze(1)
        hidden = self.rnn(torch.cat((embedded, weighted), dim=1), hidden)
        prediction = self.out(torch.cat((hidden, weighted, embedded), dim=1))
        return prediction, hidden, a


class Seq2Seq(nn.Module):
    def __init__(self, decoder):
        super().__init__()
        self.encoder = nn.GRU(8, 16, batch_first=True)
        self.decoder = decoder

    def forward(self, src, first_token, mask):
        encoder_outputs, h = self.encoder(src)
        hidden = h[-1]
        token = first_token
        outputs = []
        for t in range(3):
            prediction, hidden, _ = self.decoder(token, hidden, encoder_outputs, mask)
            outputs.append(prediction)
            token = prediction.argmax(1)
        return torch.stack(outputs, dim=1)


decoder = Decoder(20, 8, 16)
model = Seq2Seq(decoder)
src = torch.randn(2, 5, 8)
mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])
logits = model(src, torch.tensor([1, 2]), mask)
