/** Kinds of service-graph nodes, told apart by the node name's form (docs/contracts.md). */
export type NodeKind = 'service' | 'ip' | 'user' | 'other';

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/i;

export function nodeKind(name: string): NodeKind {
  if (name.startsWith('user:')) {
    return 'user';
  }
  if (IPV4.test(name) || (name.includes(':') && IPV6.test(name))) {
    return 'ip';
  }
  // `other` is what a capped label folds the long tail into.
  return name === 'other' ? 'other' : 'service';
}
