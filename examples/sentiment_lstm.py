# Example for `rnnlens check`: a clean bidirectional-LSTM sentiment classifier over padded, packed batches.
# Runs under torch (verified with 1.13); rnnlens should report no errors here, only shapes.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

VOCAB_SIZE = 10_000
EMBED_DIM = 128
HIDDEN = 256
NUM_LAYERS = 2
NUM_CLASSES = 2


class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size=VOCAB_SIZE, embed_dim=EMBED_DIM, hidden=HIDDEN, num_layers=NUM_LAYERS,
                 num_classes=NUM_CLASSES, dropout=0.3, pad_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.lstm = nn.LSTM(embed_dim, hidden, num_layers, batch_first=True, dropout=dropout, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.norm = nn.LayerNorm(2 * hidden)
        self.fc = nn.Linear(2 * hidden, num_classes)

    def forward(self, tokens, lengths):
        # tokens: (B, T) token ids, lengths: (B,)
        embedded = self.dropout(self.embedding(tokens))  # (B, T, 128)
        packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        packed_out, (h_n, c_n) = self.lstm(packed)  # h_n: (4, B, 256)
        outputs, _ = pad_packed_sequence(packed_out, batch_first=True)  # (B, T, 512)
        sentence = torch.cat((h_n[-2], h_n[-1]), dim=1)  # (B, 512): last layer, both directions
        sentence = self.norm(sentence)
        return self.fc(self.dropout(sentence)), outputs


if __name__ == "__main__":
    model = SentimentLSTM()
    tokens = torch.randint(1, VOCAB_SIZE, (16, 40))
    lengths = torch.randint(5, 41, (16,))
    lengths[0] = 40
    logits, outputs = model(tokens, lengths)
    probs = F.softmax(logits, dim=-1)
    print(tuple(probs.shape), tuple(outputs.shape))  # (16, 2) (16, 40, 512)
