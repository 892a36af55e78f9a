from data import line_to_tensor, n_letters
from model import NameClassifier

rnn = NameClassifier(n_letters, 128, 18)
line = line_to_tensor("Albert")
#^ (6, 1, 57)
scores = rnn(line)
#^ (1, 18)
