# batch_first LSTM decoder stepped one token at a time: the (B, E) embedding gets unsqueeze(1) to
# (B, 1, E). Fixed twin of 21_decode_lstm_batch_first_missing_unsqueeze_bug.py.
import torch
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self, vocab=25, emb=8, hid=16):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hid, batch_first=True)
        self.fc = nn.Linear(hid, vocab)

    def step(self, tokens, state):
        x = self.emb(tokens).unsqueeze(1)
        #^ (3, 1, 8)
        out, state = self.lstm(x, state)
        #^ (3, 1, 16)
        return self.fc(out[:, 0]), state


dec = Decoder()
B = 3
state = (torch.zeros(1, B, 16), torch.zeros(1, B, 16))
tokens = torch.zeros(B, dtype=torch.long)
for _ in range(4):
    logits, state = dec.step(tokens, state)
    #^ (3, 25)
    tokens = logits.argmax(-1)
