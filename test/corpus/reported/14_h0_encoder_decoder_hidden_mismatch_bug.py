# Seq2seq whose encoder GRU has 64 units and decoder GRU 32: the encoder's final state is handed to the
# decoder as its initial state (RL204).
import torch
import torch.nn as nn

SRC_VOCAB, TGT_VOCAB = 40, 35
EMB = 16
ENC_HID = 32
DEC_HID = 16


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.src_emb = nn.Embedding(SRC_VOCAB, EMB)
        self.tgt_emb = nn.Embedding(TGT_VOCAB, EMB)
        self.encoder = nn.GRU(EMB, ENC_HID, batch_first=True)
        self.decoder = nn.GRU(EMB, DEC_HID, batch_first=True)
        self.proj = nn.Linear(DEC_HID, TGT_VOCAB)

    def forward(self, src, tgt):
        _, enc_h = self.encoder(self.src_emb(src))
        dec_out, _ = self.decoder(self.tgt_emb(tgt), enc_h)  # error: RL204
        return self.proj(dec_out)


model = Seq2Seq()
src = torch.randint(0, SRC_VOCAB, (2, 11))
tgt = torch.randint(0, TGT_VOCAB, (2, 8))
_, enc_h = model.encoder(model.src_emb(src))
#  ^ (1, 2, 32)
logits = model(src, tgt)
loss = nn.CrossEntropyLoss()(logits.reshape(-1, TGT_VOCAB), tgt.reshape(-1))
