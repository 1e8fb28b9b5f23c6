import type { EditionRecord } from '../transform/metadata.js';

/** What the PDF says about itself (document information, catalog /Lang) and what the title page shows. */
export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** BCP 47 tag of the main language. */
  lang: string;
  /** Publication or revision date: becomes CreationDate and ModDate, so two runs give the same bytes. */
  date: Date;
  /** Title page extras, when the header has them. */
  licence?: string;
  citation?: string;
  publisher?: string;
  idno?: string;
  /**
   * Provenance as custom entries of the document information dictionary (the colophon on the
   * last page says the same in words): label → value, only the values the record has.
   */
  provenance?: Record<string, string>;
}

/** A fixed date for headers without one: a PDF must carry some date, and never the wall clock. */
const EPOCH = new Date(Date.UTC(2000, 0, 1));

function day(iso: string | null): Date | undefined {
  const m = iso ? /^(-?\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The PDF's description, read off the edition's one metadata record. */
export function pdfMeta(record: EditionRecord): PdfMeta {
  return {
    title: record.title.text,
    author: record.creator,
    subject: record.sources
      .map((s) => s.text)
      .filter(Boolean)
      .join(' — '),
    keywords: record.keywords,
    lang: record.lang || 'und',
    date: day(record.date) ?? EPOCH,
    licence: record.licence.text ?? record.licence.url ?? undefined,
    citation: record.citation.text,
    publisher: record.publisher ?? undefined,
    idno: record.identifiers[0]?.value,
    provenance: provenanceEntries(record),
  };
}

/** The record's provenance under the names the PDF's information dictionary gives them. */
function provenanceEntries(record: EditionRecord): Record<string, string> {
  const p = record.provenance;
  if (!p) return {};
  const entries: [string, string | null][] = [
    ['DiwanEdition', p.id],
    ['DiwanEditionVersion', p.version],
    ['DiwanEditionDate', p.date],
    ['DiwanTEISHA256', p.teiSha256],
    ['DiwanSourceSHA256', p.sourceSha256],
    ['DiwanVersion', p.diwan],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}
