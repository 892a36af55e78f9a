# A sequence classifier written the Hugging Face way: forward(input_ids, attention_mask=None,
# labels=None) returning a dict, a CrossEntropyLoss built inside forward when labels are given, lengths
# from the padding with (x != pad).sum(-1) and .max().item() slicing the batch, a sequence_mask helper
# (arange < lengths), additive attention pooling with ~mask, a 2-layer bidirectional LSTM whose h_n is
# viewed as (layers, directions, batch, hidden), a @staticmethod, torch.where and mean coverage.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn import CrossEntropyLoss


def sequence_mask(lengths, max_len=None):
    max_len = max_len or lengths.max().item()
    return torch.arange(max_len, device=lengths.device).expand(len(lengths), max_len) < lengths.unsqueeze(1)


class AttnPool(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.W = nn.Linear(d, d)
        self.u = nn.Linear(d, 1, bias=False)

    def forward(self, x, mask):
        a = self.u(torch.tanh(self.W(x))).squeeze(-1)
        a = a.masked_fill(~mask, -1e9)
        a = F.softmax(a, dim=1).unsqueeze(2)
        return torch.sum(x * a, 1)


class LSTMForSequenceClassification(nn.Module):
    def __init__(self, vocab_size=30, emb=8, hid=6, num_layers=2, num_labels=3, pad_token_id=0):
        super().__init__()
        self.pad_token_id = pad_token_id
        self.num_layers = num_layers
        self.num_labels = num_labels
        self.hid = hid
        self.emb = nn.Embedding(vocab_size, emb, padding_idx=pad_token_id)
        self.rnn = nn.LSTM(emb, hid, num_layers=num_layers, bidirectional=True, batch_first=True, dropout=0.1)
        self.pool = AttnPool(2 * hid)
        self.norm = nn.LayerNorm(2 * hid)
        self.classifier = nn.Linear(4 * hid, num_labels)

    @staticmethod
    def lengths_of(tokens, pad):
        return (tokens != pad).sum(-1)

    def forward(self, input_ids, attention_mask=None, labels=None):
        if attention_mask is None:
            lengths = self.lengths_of(input_ids, self.pad_token_id)
        else:
            lengths = attention_mask.sum(-1)
        B = input_ids.size()[0]
        x = self.emb(input_ids[:, :lengths.max().item()])
        out, (h_n, c_n) = self.rnn(x)
        h_n = h_n.view(self.num_layers, 2, B, self.hid)[-1]
        last = h_n.permute(1, 0, 2).reshape(B, -1)
        mask = sequence_mask(lengths, x.shape[1])
        pooled = self.pool(F.gelu(self.norm(out)), mask)
        logits = self.classifier(torch.cat((pooled, last), dim=1))
        result = {'logits': logits, 'pred': logits.argmax(-1)}
        if labels is not None:
            loss_fct = CrossEntropyLoss()
            result['loss'] = loss_fct(logits.view(-1, self.num_labels), labels.view(-1))
        covered = torch.where(mask, torch.ones_like(mask, dtype=torch.float), torch.zeros_like(mask, dtype=torch.float))
        result['coverage'] = covered.float().mean(1)
        return result


model = LSTMForSequenceClassification()
batch = torch.tensor([[4, 5, 6, 0, 0, 0], [7, 8, 9, 10, 11, 0], [12, 13, 0, 0, 0, 0]])
out = model(batch)
