import { createRequire } from 'node:module';
import type { SaxonJSStatic } from 'saxon-js';

// createRequire rather than import: SaxonJS 2.7 is CommonJS with only a default export,
// and loading it this way was measured ~250 ms faster.
const require = createRequire(import.meta.url);

/** The one SaxonJS instance: the parse stage builds its trees, XPath and XSLT run on them. */
export const SaxonJS = require('saxon-js') as SaxonJSStatic;
