import { sourceFromText, type Source } from '../../src/parse/index.js';
import { pdfMeta, type PdfMeta } from '../../src/print/metadata.js';
import { toHtml, type HtmlOptions } from '../../src/transform/html.js';
import { metadataOf } from '../../src/transform/metadata.js';
import { toText } from '../../src/transform/text.js';

/** The parse stage's Source for XML text held by a test (the path only names it in messages). */
export function parsed(path: string, text: string): Source {
  return sourceFromText(path, text);
}

/** The HTML edition of XML text, through the parse stage and html.xsl. */
export function htmlOf(xml: string, opts: HtmlOptions = {}): string {
  return toHtml(parsed('test.xml', xml), opts).output;
}

/** The plain-text edition of XML text. */
export function textOf(xml: string): string {
  return toText(parsed('test.xml', xml)).output;
}

/** The PDF description of XML text, read off its metadata record. */
export function metaOf(xml: string): PdfMeta {
  return pdfMeta(metadataOf(parsed('test.xml', xml)));
}
