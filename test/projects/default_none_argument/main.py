import torch

from classifier import LSTMClassifier


def train_epoch(model, batches):
    for text in batches:
        prediction = model(text)
    return prediction


model = LSTMClassifier(32, 2, 64, 500, 30)
pred = train_epoch(model, [torch.randint(0, 500, (32, 12)) for _ in range(3)])
#^ (32, 2)
single = model(torch.randint(0, 500, (1, 9)), 1)
#^ (1, 2)
