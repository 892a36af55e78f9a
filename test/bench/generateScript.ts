// A flat script of top-level statements (the style of notebooks and tutorials): hyperparameters, layers,
// tensors and calls at module level, no functions or classes; for the bench and the reliability suite.

/** About `lines` lines of module-level code; every block of 10 builds and calls one recurrent layer. */
export function generateFlatScript(lines: number): string {
  const out = ['import torch', 'import torch.nn as nn', '', 'batch_size = 8', 'seq_len = 20', 'hidden = 32', ''];
  for (let i = 0; out.length < lines; i++) {
    const kind = ['LSTM', 'GRU', 'RNN'][i % 3]!;
    const inp = 8 + (i % 5) * 4;
    out.push(
      `# block ${i}`,
      `in_${i} = ${inp}`,
      `rnn_${i} = nn.${kind}(in_${i}, hidden, batch_first=True)`,
      `x_${i} = torch.randn(batch_size, seq_len, in_${i})`,
      `out_${i}, h_${i} = rnn_${i}(x_${i})`,
      `fc_${i} = nn.Linear(hidden, 10)`,
      `y_${i} = fc_${i}(out_${i}[:, -1, :])`,
      `z_${i} = torch.cat([y_${i}, y_${i}], dim=1)`,
      `print(z_${i}.shape)`,
      '',
    );
  }
  return out.join('\n') + '\n';
}
