# Buggy variant of ok/packed_bigru_encoder.py: proj takes hidden features but the sentence vector is cat(h_n[-2], h_n[-1]) = 2 * hidden.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
from torch import nn
from torch.nn.utils import rnn as rnn_utils


class BiGRUEncoder(nn.Module):
    def __init__(self, vocab, emb=64, hidden=100, layers=2):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(emb, hidden, layers, bidirectional=True)
        self.proj = nn.Linear(hidden, hidden)

    def forward(self, seqs, lengths):
        # seqs: (T, B) token ids, sorted by decreasing length
        e = self.emb(seqs)
        packed = rnn_utils.pack_padded_sequence(e, lengths)
        packed_out, h_n = self.rnn(packed)
        out, _ = rnn_utils.pad_packed_sequence(packed_out)
        sent = torch.cat((h_n[-2], h_n[-1]), dim=1)
        return out, torch.tanh(self.proj(sent))  # error: RL401
        # fix: Change in_features to 2 * hidden -> self.proj = nn.Linear(2 * hidden, hidden)


if __name__ == "__main__":
    enc = BiGRUEncoder(300)
    seqs = torch.randint(0, 300, (15, 5))
    lengths = torch.tensor([15, 12, 12, 6, 2])
    outputs, sent_vec = enc(seqs, lengths)
