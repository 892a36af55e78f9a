# Hovers on a layer declaration and on a model (editor test): the Linear's parameter count in general and
# for the file's instance, and the model's summary with its total.
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, hidden, n_tags):
        super().__init__()
        self.fc = nn.Linear(2 * hidden, n_tags)

    def forward(self, x):
        return self.fc(x)


model = Tagger(7, 5)
y = model(torch.randn(3, 4, 14))
#^ (3, 4, 5)
