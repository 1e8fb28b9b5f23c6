/**
 * XPath 3.1's keywords and operators that may stand before a parenthesis without being a
 * function call (`if (`, `and (`, `to (`, `instance of (`…): the two checks that look for
 * calls in expression text (Schematron's sandbox, the citation XPath subset) skip them. None of
 * them names a function in the fn namespace, so skipping them lets no call through.
 */
export const XPATH_KEYWORDS: readonly string[] = [
  'if',
  'then',
  'else',
  'switch',
  'typeswitch',
  'return',
  'satisfies',
  'in',
  'and',
  'or',
  'div',
  'mod',
  'idiv',
  'to',
  'union',
  'intersect',
  'except',
  'instance',
  'treat',
  'castable',
  'cast',
  'of',
  'as',
  'is',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
];

/** The kind tests and type constructors written like calls (`node()`, `element(tei:p)`, `map(*)`). */
export const XPATH_KIND_TESTS: readonly string[] = [
  'function',
  'map',
  'array',
  'item',
  'node',
  'text',
  'comment',
  'element',
  'attribute',
  'document-node',
  'processing-instruction',
  'schema-element',
  'schema-attribute',
  'namespace-node',
  'empty-sequence',
];
