// SaxonJS 2.7 ships no types; this covers the part diwan uses.
declare module 'saxon-js' {
  export interface TransformOptions {
    stylesheetInternal?: unknown;
    stylesheetFileName?: string;
    sourceText?: string;
    sourceFileName?: string;
    sourceNode?: unknown;
    sourceBaseURI?: string;
    destination?: 'serialized' | 'raw' | 'document' | 'application';
    stylesheetParams?: Record<string, unknown>;
    initialTemplate?: string;
    initialMode?: string;
    outputProperties?: Record<string, unknown>;
    collectionFinder?: (uri: string) => unknown;
    deliverMessage?: (message: unknown, errorCode: string) => void;
  }
  export interface TransformResult {
    principalResult: string;
    resultDocuments?: Record<string, unknown>;
  }
  export interface SaxonJSStatic {
    transform(options: TransformOptions, mode?: 'sync'): TransformResult;
    transform(options: TransformOptions, mode: 'async'): Promise<TransformResult>;
    getResource(options: { text?: string; file?: string; type: 'xml' | 'json' | 'text' }): Promise<unknown>;
    XPath: {
      evaluate(xpath: string, context?: unknown, options?: Record<string, unknown>): unknown;
    };
    serialize(node: unknown, options?: Record<string, unknown>): string;
    getProcessorInfo(): Record<string, unknown>;
    getPlatform(): { createDocument(): unknown };
  }
  const SaxonJS: SaxonJSStatic;
  export default SaxonJS;
}
