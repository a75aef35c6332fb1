/**
 * Template ids: a 64-bit hash of service and template text, as 16 hex digits. The same service and
 * text give the same id in every process and every replica (no counters, no randomness).
 */
export function templateId(service: string, template: string): string {
  // Two 32-bit FNV-1a lanes with different offsets, over UTF-16 code units, separated by a NUL.
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  const mix = (c: number): void => {
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  };
  for (let i = 0; i < service.length; i++) mix(service.charCodeAt(i));
  mix(0);
  for (let i = 0; i < template.length; i++) mix(template.charCodeAt(i));
  return hex8(h1 >>> 0) + hex8(h2 >>> 0);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
