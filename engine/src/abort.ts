// The error a cancelled sample run rejects with (an AbortError), shared by the Node and browser runners.
export function abortError(): Error {
  const e = new Error('rnnlens engine: the run was cancelled');
  e.name = 'AbortError';
  return e;
}
