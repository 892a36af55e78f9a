# Buggy variant of ok/bilstm_ner_casefeatures.py: the LSTM input_size counts only the word embedding, not the concatenated case features.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class BiLSTMNER(nn.Module):
    def __init__(self, vocab_size, n_case, n_tags, word_dim=50, case_dim=8, hidden=100, dropout=0.5):
        super().__init__()
        self.word_emb = nn.Embedding(vocab_size, word_dim, padding_idx=0)
        self.case_emb = nn.Embedding(n_case, case_dim)
        self.dropout = nn.Dropout(dropout)
        self.bilstm = nn.LSTM(word_dim, hidden, num_layers=1, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, n_tags)

    def forward(self, words, cases):
        w = self.word_emb(words)
        c = self.case_emb(cases)
        x = torch.cat([w, c], dim=2)
        x = self.dropout(x)
        h, _ = self.bilstm(x)  # error: RL202
        # fix: Change input_size to 58 -> self.bilstm = nn.LSTM(58, hidden, num_layers=1, batch_first=True, bidirectional=True)
        h = self.dropout(h)
        logits = self.out(h)
        return logits


if __name__ == "__main__":
    model = BiLSTMNER(vocab_size=500, n_case=4, n_tags=9)
    words = torch.randint(1, 500, (3, 12))
    cases = torch.randint(0, 4, (3, 12))
    logits = model(words, cases)
