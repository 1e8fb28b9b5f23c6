import { formatFinding } from '../../check/finding.js';
import { verifyBag } from '../../package/verify.js';
import { UsageError, type Io } from '../io.js';
import { helpText, parseOptions, type OptionName } from '../options.js';
import { jsonFinding } from './validate.js';

const NAMES = ['json', 'quiet'] as const satisfies readonly OptionName[];

const HELP = helpText(
  'diwan verify BAG... [--json]',
  `Verifies BagIt bags (RFC 8493), such as "diwan package" writes: the bag declaration, that
every file the manifests list is there and no payload file is unlisted, every checksum of every
payload and tag manifest, and Payload-Oxum. Each problem is printed with its path (and manifest
line). Paths that lead outside the bag, and symbolic links, are refused, never followed: verify
reads nothing outside the bag and writes nothing.
Exit 0 when every bag is valid, 1 when one is not.`,
  NAMES,
  { json: 'one JSON object: each bag with its verdict and findings', quiet: 'print errors only, no warnings and no summary' },
);

export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, NAMES);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('verify takes one BAG or more');
  const reports = [];
  for (const bag of positionals) {
    const r = await verifyBag(bag);
    reports.push(r);
    if (values.json) continue;
    for (const f of r.findings) if (!values.quiet || f.severity === 'error') io.out(formatFinding(f));
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    if (!values.quiet) {
      io.err(
        r.valid
          ? `${bag}: valid bag: ${r.payload.files} payload files, ${r.payload.octets} octets, checksums ${r.algorithms.join(', ')}`
          : `${bag}: NOT a valid bag: ${errors} problem${errors === 1 ? '' : 's'}`,
      );
    }
  }
  if (values.json) {
    io.out(
      JSON.stringify(
        { bags: reports.map((r) => ({ bag: r.bag, valid: r.valid, payload: r.payload, algorithms: r.algorithms, findings: r.findings.map(jsonFinding) })) },
        null,
        2,
      ),
    );
  }
  return reports.every((r) => r.valid) ? 0 : 1;
}
