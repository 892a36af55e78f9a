# Classifier trained with labels kept as a (B, 1) column (labels.view(-1, 1)); CrossEntropyLoss wants
# class indices of shape (B,) (proposed RL412: loss input/target shapes).
import torch
import torch.nn as nn
from torch.autograd import Variable


class RNNClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super(RNNClassifier, self).__init__()
        self.rnn = nn.RNN(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


model = RNNClassifier(28, 32, 10)
criterion = nn.CrossEntropyLoss()
images = Variable(torch.randn(6, 28, 28))
labels = Variable(torch.randint(0, 10, (6,)))
labels = labels.view(-1, 1)
#^ (6, 1)
outputs = model(images)
#^ (6, 10)
loss = criterion(outputs, labels)  # error: RL412
_, predicted = torch.max(outputs.data, 1)
