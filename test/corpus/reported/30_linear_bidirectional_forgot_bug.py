# Bidirectional LSTM NER tagger whose output layer takes hidden_dim features; the bidirectional output has
# 2 * hidden_dim (RL401).
import torch
import torch.nn as nn

VOCAB, TAGS = 200, 9
EMB, HID = 20, 25

embedding = nn.Embedding(VOCAB, EMB, padding_idx=0)
bilstm = nn.LSTM(EMB, HID, num_layers=1, bidirectional=True, batch_first=True)
hidden2tag = nn.Linear(HID, TAGS)

sentences = torch.randint(1, VOCAB, (3, 14))
emb = embedding(sentences)
#^ (3, 14, 20)
lstm_out, _ = bilstm(emb)
#^ (3, 14, 50)
emissions = hidden2tag(lstm_out)  # error: RL401
tags = emissions.argmax(-1)
