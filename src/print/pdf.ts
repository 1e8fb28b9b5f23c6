import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import type { PdfMeta } from './metadata.js';

export const PRODUCER = 'diwan (Chromium, pdf-lib)';

/**
 * Write the document information and catalog /Lang, and make the bytes a function of
 * the input alone: Chromium stamps the wall-clock time into CreationDate/ModDate, and
 * pdf-lib would stamp the time again and give the trailer no stable /ID.
 */
export async function finishPdf(bytes: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  // pdf-lib joins with spaces, which would merge multi-word terms ("Khalifa Haftar Libya").
  doc.setKeywords([meta.keywords.join('; ')]);
  doc.setProducer(PRODUCER);
  doc.setCreator(meta.provenance?.DiwanVersion ? `diwan ${meta.provenance.DiwanVersion}` : 'diwan');
  // Custom keys of the information dictionary (PDF 32000-1, 14.3.3 allows them): `pdfinfo -custom` shows them.
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  for (const [key, value] of Object.entries(meta.provenance ?? {})) info.set(PDFName.of(key), PDFHexString.fromText(value));
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(meta.lang);
  // The /ID pair identifies the file; the hash of the printed page content (without the
  // info dictionary Chromium filled) is stable across runs and changes with the content.
  const id = createHash('sha256').update(contentFingerprint(bytes)).digest('hex').slice(0, 32);
  const idString = PDFHexString.of(id);
  doc.context.trailerInfo.ID = PDFArray.withContext(doc.context);
  (doc.context.trailerInfo.ID as PDFArray).push(idString);
  (doc.context.trailerInfo.ID as PDFArray).push(idString);
  return doc.save({ useObjectStreams: false });
}

/** Chromium's bytes with its time stamps blanked, so the /ID does not depend on the clock. */
function contentFingerprint(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes)
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '/$1 ()');
  return Buffer.from(text, 'latin1');
}
