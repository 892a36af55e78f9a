# Buggy variant of ok/constructor_defaults_bigru.py: fc sized hidden_size although forward concatenates the last forward and backward states (2 * hidden_size).
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F


class BiGRUClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim=100, hidden_size=128, num_layers=2, bidirectional=True, n_classes=3):
        super().__init__()
        self.num_directions = 2 if bidirectional else 1
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden_size, num_layers, bidirectional=bidirectional)
        self.fc = nn.Linear(hidden_size, n_classes)

    def forward(self, src):
        # src: (src_len, batch)
        embedded = self.embedding(src)
        outputs, hidden = self.gru(embedded)
        hidden = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
        return F.softmax(self.fc(hidden), dim=-1)  # error: RL401
        # fix: Change in_features to 2 * hidden_size -> self.fc = nn.Linear(2 * hidden_size, n_classes)


if __name__ == "__main__":
    model = BiGRUClassifier(2000)
    src = torch.randint(0, 2000, (17, 6))
    probs = model(src)
