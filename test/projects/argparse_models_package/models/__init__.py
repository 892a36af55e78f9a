from .rnn import RNNModel
