# A transformer-era hybrid as research code writes it: the sinusoidal PositionalEncoding of the PyTorch
# transformer tutorial (register_buffer, pe[:, 0, 0::2] = torch.sin(...)), a GRU whose hidden state
# defaults to None and is made by init_hidden, self-attention scores with torch.einsum, a causal mask
# from torch.triu(..., diagonal=1).bool() written in place with masked_fill_, and bmm for the context.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class PositionalEncoding(nn.Module):

    def __init__(self, d_model, dropout=0.1, max_len=50):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)

        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)

    def forward(self, x):
        """
        Args:
            x: Tensor, shape [seq_len, batch_size, embedding_dim]
        """
        x = x + self.pe[:x.size(0)]
        return self.dropout(x)


class AttentiveEncoder(nn.Module):
    def __init__(self, ntoken=20, d_model=8, nhid=6):
        super().__init__()
        self.d_model = d_model
        self.nhid = nhid
        self.embedding = nn.Embedding(ntoken, d_model)
        self.pos_encoder = PositionalEncoding(d_model)
        self.rnn = nn.GRU(d_model, nhid)
        self.proj = nn.Linear(2 * nhid, ntoken)

    def init_hidden(self, bsz):
        return torch.zeros(1, bsz, self.nhid)

    def forward(self, src, hidden=None):
        if hidden is None:
            hidden = self.init_hidden(src.size(1))
        x = self.pos_encoder(self.embedding(src) * math.sqrt(self.d_model))
        out, hidden = self.rnn(x, hidden)
        scores = torch.einsum('lbh,kbh->blk', out, out) / math.sqrt(self.nhid)
        mask = torch.triu(torch.ones(src.size(0), src.size(0)), diagonal=1).bool()
        scores.masked_fill_(mask, float('-inf'))
        attn = F.softmax(scores, dim=-1)
        context = torch.bmm(attn, out.transpose(0, 1)).transpose(0, 1)
        logits = self.proj(torch.cat([out, context], dim=-1))
        return logits, hidden, attn


model = AttentiveEncoder()
logits, h, attn = model(torch.tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 0]]))
