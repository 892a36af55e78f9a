# Seq2seq whose encoder and decoder GRUs share the hidden size, so the encoder's final state can start
# the decoder. Fixed twin of 14_h0_encoder_decoder_hidden_mismatch_bug.py.
import torch
import torch.nn as nn

SRC_VOCAB, TGT_VOCAB = 40, 35
EMB = 16
ENC_HID = 32
DEC_HID = 32


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
        dec_out, _ = self.decoder(self.tgt_emb(tgt), enc_h)
        return self.proj(dec_out)


model = Seq2Seq()
src = torch.randint(0, SRC_VOCAB, (2, 11))
tgt = torch.randint(0, TGT_VOCAB, (2, 8))
_, enc_h = model.encoder(model.src_emb(src))
#  ^ (1, 2, 32)
logits = model(src, tgt)
#^ (2, 8, 35)
loss = nn.CrossEntropyLoss()(logits.reshape(-1, TGT_VOCAB), tgt.reshape(-1))
#^ ()
