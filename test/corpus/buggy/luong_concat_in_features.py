# Buggy variant of ok/luong_attention_seq2seq.py: concat layer sized hidden_size but its input is cat(rnn_output, context) = 2 * hidden_size.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F


class EncoderRNN(nn.Module):
    def __init__(self, hidden_size, embedding, n_layers=2, dropout=0.1):
        super().__init__()
        self.n_layers = n_layers
        self.hidden_size = hidden_size
        self.embedding = embedding
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, dropout=dropout, bidirectional=True)

    def forward(self, input_seq):
        embedded = self.embedding(input_seq)
        outputs, hidden = self.gru(embedded)
        outputs = outputs[:, :, :self.hidden_size] + outputs[:, :, self.hidden_size:]
        return outputs, hidden


class LuongAttnDecoderRNN(nn.Module):
    def __init__(self, embedding, hidden_size, output_size, n_layers=2, dropout=0.1):
        super().__init__()
        self.embedding = embedding
        self.embedding_dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, dropout=dropout)
        self.concat = nn.Linear(hidden_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, input_step, last_hidden, encoder_outputs):
        embedded = self.embedding(input_step)
        embedded = self.embedding_dropout(embedded)
        rnn_output, hidden = self.gru(embedded, last_hidden)
        attn_energies = torch.sum(rnn_output * encoder_outputs, dim=2)
        attn_weights = F.softmax(attn_energies.t(), dim=1).unsqueeze(1)
        context = attn_weights.bmm(encoder_outputs.transpose(0, 1))
        rnn_output = rnn_output.squeeze(0)
        context = context.squeeze(1)
        concat_input = torch.cat((rnn_output, context), 1)
        concat_output = torch.tanh(self.concat(concat_input))  # error: RL401
        # fix: Change in_features to 32 -> self.concat = nn.Linear(32, hidden_size)
        output = F.softmax(self.out(concat_output), dim=1)
        return output, hidden


if __name__ == "__main__":
    hidden_size = 16
    embedding = nn.Embedding(30, hidden_size)
    encoder = EncoderRNN(hidden_size, embedding)
    decoder = LuongAttnDecoderRNN(embedding, hidden_size, 30)
    input_seq = torch.randint(0, 30, (10, 4))
    encoder_outputs, encoder_hidden = encoder(input_seq)
    decoder_hidden = encoder_hidden[:decoder.gru.num_layers]
    decoder_input = torch.zeros(1, 4, dtype=torch.long)
    output, hidden = decoder(decoder_input, decoder_hidden, encoder_outputs)
