# Variable-length text classifier: pad, pack_padded_sequence(enforce_sorted=False), LSTM, classify from
# h_n[-1] (the last layer's final state, which packing makes the true last step). Verified under torch 1.13.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class PackedClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_layers, num_classes, pad_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, text, lengths):
        embedded = self.embedding(text)
        packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        packed_out, (h_n, c_n) = self.lstm(packed)
        output, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
        return self.fc(h_n[-1]), output


if __name__ == "__main__":
    model = PackedClassifier(100, 32, 48, 2, 5)
    text = torch.randint(1, 100, (4, 10))
    lengths = torch.tensor([10, 7, 3, 9])
    logits, padded = model(text, lengths)
#   ^ (4, 5)
#           ^ (4, 10, 48)
