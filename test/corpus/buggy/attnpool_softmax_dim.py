# Buggy variant of ok/attention_pooling_bigru.py: softmax over dim=2 of the (batch, time) scores: there is no dim 2.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttnPoolBiGRU(nn.Module):
    def __init__(self, vocab_size, embed_size=100, gru_hidden=50, attn_size=100, n_classes=5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.gru = nn.GRU(embed_size, gru_hidden, bidirectional=True, batch_first=True)
        self.attention = nn.Linear(2 * gru_hidden, attn_size)
        self.context = nn.Linear(attn_size, 1, bias=False)
        self.fc = nn.Linear(2 * gru_hidden, n_classes)

    def forward(self, docs):
        h, _ = self.gru(self.embedding(docs))
        u = torch.tanh(self.attention(h))
        scores = self.context(u).squeeze(-1)
        alpha = F.softmax(scores, dim=2)  # error: RL406
        # fix: Use dim -1 (the last of the 2 dims) -> alpha = F.softmax(scores, dim=-1)
        doc_vec = (h * alpha.unsqueeze(-1)).sum(dim=1)
        return self.fc(doc_vec), alpha


if __name__ == "__main__":
    model = AttnPoolBiGRU(vocab_size=3000)
    docs = torch.randint(0, 3000, (4, 60))
    logits, alpha = model(docs)
