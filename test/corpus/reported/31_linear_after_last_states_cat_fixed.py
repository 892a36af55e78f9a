# Bidirectional GRU classifier: cat(h_n[-2], h_n[-1]) has 2 * hidden features, and so does the Linear.
# Fixed twin of 31_linear_after_last_states_cat_bug.py.
import torch
import torch.nn as nn


class TextClassifier(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, num_layers, num_classes):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.gru = nn.GRU(embed_size, hidden_size, num_layers, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(hidden_size * 2, num_classes)

    def forward(self, text):
        out, hidden = self.gru(self.embed(text))
        sent = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
        return self.fc(sent)


clf = TextClassifier(500, 32, 20, 2, 4)
text = torch.randint(0, 500, (6, 18))
out, hidden = clf.gru(clf.embed(text))
#^ (6, 18, 40)
#    ^ (4, 6, 20)
sent = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
#^ (6, 40)
logits = clf(text)
#^ (6, 4)
