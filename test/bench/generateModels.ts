// Generates realistic model files of a given size for the analysis benchmark and the robustness
// test: classes with recurrent layers declared in __init__ and used in forward, plus top-level
// scripts that instantiate and call them.
export function generateModelFile(targetLines: number, layers: number): string {
  const out: string[] = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '', 'HIDDEN = 64', 'EMBED = 32', ''];
  const kinds = ['LSTM', 'GRU', 'RNN'];
  const perClass = Math.max(1, Math.ceil(layers / Math.max(1, Math.floor(targetLines / 40))));
  let made = 0;
  let cls = 0;
  while (out.length < targetLines - 5) {
    const name = `Model${cls++}`;
    const k = made < layers ? Math.min(perClass, layers - made) : 0;
    out.push(`class ${name}(nn.Module):`);
    out.push(`    def __init__(self, vocab=1000, hidden=HIDDEN, layers=2, classes=5):`);
    out.push(`        super().__init__()`);
    out.push(`        self.embed = nn.Embedding(vocab, EMBED)`);
    for (let i = 0; i < k; i++) {
      const kind = kinds[(made + i) % 3]!;
      const inp = i === 0 ? 'EMBED' : 'hidden * 2';
      out.push(`        self.rnn${i} = nn.${kind}(${inp}, hidden, num_layers=layers, batch_first=True, bidirectional=True)`);
    }
    out.push(`        self.drop = nn.Dropout(0.1)`);
    out.push(`        self.fc = nn.Linear(hidden * 2, classes)`);
    out.push('');
    out.push(`    def forward(self, tokens):`);
    out.push(`        x = self.embed(tokens)`);
    for (let i = 0; i < k; i++) {
      const kind = kinds[(made + i) % 3]!;
      out.push(kind === 'LSTM' ? `        x, (h, c) = self.rnn${i}(x)` : `        x, h = self.rnn${i}(x)`);
    }
    out.push(`        x = self.drop(x)`);
    out.push(`        last = x[:, -1, :]`);
    out.push(`        logits = self.fc(last)`);
    out.push(`        return F.log_softmax(logits, dim=-1)`);
    out.push('');
    out.push(`def run_${name.toLowerCase()}():`);
    out.push(`    model = ${name}()`);
    out.push(`    tokens = torch.randint(0, 1000, (8, 20))`);
    out.push(`    scores = model(tokens)`);
    out.push(`    h0 = torch.zeros(4, 8, HIDDEN)`);
    out.push(`    return scores`);
    out.push('');
    made += k;
  }
  while (out.length < targetLines) out.push('');
  return out.slice(0, Math.max(targetLines, out.length)).join('\n') + '\n';
}
