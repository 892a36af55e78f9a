// Base64 of binary data with the web platform's btoa/atob (present in Node ≥ 16, browsers and workers),
// for file contents sent over JSON-RPC (weights read by the client through vscode.workspace.fs).

/** Encodes bytes as base64 (in chunks, so large files do not overflow the argument list). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) parts.push(String.fromCharCode(...bytes.subarray(i, i + chunk)));
  return btoa(parts.join(''));
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
