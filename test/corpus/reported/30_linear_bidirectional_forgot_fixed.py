# Bidirectional LSTM NER tagger whose output layer takes 2 * hidden_dim features.
# Fixed twin of 30_linear_bidirectional_forgot_bug.py.
import torch
import torch.nn as nn

VOCAB, TAGS = 200, 9
EMB, HID = 20, 25

embedding = nn.Embedding(VOCAB, EMB, padding_idx=0)
bilstm = nn.LSTM(EMB, HID, num_layers=1, bidirectional=True, batch_first=True)
hidden2tag = nn.Linear(2 * HID, TAGS)

sentences = torch.randint(1, VOCAB, (3, 14))
emb = embedding(sentences)
#^ (3, 14, 20)
lstm_out, _ = bilstm(emb)
#^ (3, 14, 50)
emissions = hidden2tag(lstm_out)
#^ (3, 14, 9)
tags = emissions.argmax(-1)
#^ (3, 14)
