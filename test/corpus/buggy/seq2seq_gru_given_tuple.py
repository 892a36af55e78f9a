# Buggy variant of ok/gru_seq2seq.py: decoder hidden built like an LSTM state (h, c); a GRU takes one tensor.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F

SOS_token = 0


class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)

    def forward(self, input):
        embedded = self.embedding(input)
        output, hidden = self.gru(embedded)
        return output, hidden


class DecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, max_length=7):
        super(DecoderRNN, self).__init__()
        self.max_length = max_length
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, encoder_outputs, encoder_hidden):
        batch_size = encoder_outputs.size(0)
        decoder_input = torch.empty(batch_size, 1, dtype=torch.long).fill_(SOS_token)
        decoder_hidden = (encoder_hidden, torch.zeros_like(encoder_hidden))
        decoder_outputs = []
        for i in range(self.max_length):
            embedded = F.relu(self.embedding(decoder_input))
            output, decoder_hidden = self.gru(embedded, decoder_hidden)  # error: RL205
            output = self.out(output)
            decoder_outputs.append(output)
            _, topi = output.topk(1)
            decoder_input = topi.squeeze(-1).detach()
        decoder_outputs = torch.cat(decoder_outputs, dim=1)
        decoder_outputs = F.log_softmax(decoder_outputs, dim=-1)
        return decoder_outputs, decoder_hidden


if __name__ == "__main__":
    encoder = EncoderRNN(40, 32)
    decoder = DecoderRNN(32, 50)
    src = torch.randint(0, 40, (6, 9))
    enc_out, enc_hidden = encoder(src)
    dec_out, dec_hidden = decoder(enc_out, enc_hidden)
