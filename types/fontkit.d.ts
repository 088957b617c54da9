// fontkit (pdfkit's font engine) ships no types; this declares the part the certificate renderer uses. pdfkit accepts a
// parsed fontkit Font wherever it takes a font source (PDFFontFactory.open: anything with a `layout` function), which
// @types/pdfkit does not say: the PDFKit.Mixins.PDFFont overloads below add it.
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    familyName: string;
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
  export function openSync(path: string, postscriptName?: string): Font;
}

declare namespace PDFKit.Mixins {
  interface PDFFont {
    registerFont(name: string, src: import('fontkit').Font): this;
  }
}
