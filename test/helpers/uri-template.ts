/**
 * RFC 6570 expansion (levels 1–3, the operators DTS's templates use: none, "/", ";", "?", "&"),
 * for tests that follow a DTS API's templates as a client would. Undefined variables are left
 * out; values are percent-encoded except unreserved characters.
 */
export function expand(template: string, vars: Record<string, string | number | undefined>): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return template.replace(/\{([/;?&]?)([^}]+)\}/g, (_m, op: string, list: string) => {
    const defined = list
      .split(',')
      .map((name) => [name.replace(/\*$/, ''), vars[name.replace(/\*$/, '')]] as const)
      .filter(([, v]) => v !== undefined)
      .map(([name, v]) => [name, String(v)] as const);
    if (defined.length === 0) return '';
    switch (op) {
      case '/':
        return defined.map(([, v]) => `/${enc(v)}`).join('');
      case ';':
        return defined.map(([n, v]) => (v === '' ? `;${n}` : `;${n}=${enc(v)}`)).join('');
      case '?':
      case '&':
        return op + defined.map(([n, v]) => `${n}=${enc(v)}`).join('&');
      default:
        return defined.map(([, v]) => enc(v)).join(',');
    }
  });
}
