import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

/** The Be Vietnam Pro faces a certificate uses (full TTFs with every Vietnamese glyph; OFL, STACK.md). */
export const CERTIFICATE_FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'),
  italic: require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf'),
} as const;

export type CertificateFace = keyof typeof CERTIFICATE_FONT_FILES;

/**
 * Where the renderer gets its faces from: parsed fontkit fonts (shared by every document of the process), or the TTF
 * bytes, which pdfkit parses again for each document (the benchmark's baseline).
 */
export type CertificateFonts = Record<CertificateFace, fontkit.Font | Buffer>;

/** Reads and parses the three faces. fontkit parses tables lazily and caches glyphs on the Font: share the result. */
export function parseCertificateFonts(): Record<CertificateFace, fontkit.Font> {
  const parse = (face: CertificateFace): fontkit.Font => {
    const font = fontkit.create(readFileSync(CERTIFICATE_FONT_FILES[face]));
    if (typeof font.layout !== 'function' || !font.hasGlyphForCodePoint(0x1ec7 /* ệ */)) {
      throw new Error(`${CERTIFICATE_FONT_FILES[face]} is not a TTF with Vietnamese glyphs`);
    }
    return font;
  };
  return { regular: parse('regular'), bold: parse('bold'), italic: parse('italic') };
}

/** The TTF bytes only: pdfkit parses them per document (what the benchmark compares the shared fonts with). */
export function readCertificateFontFiles(): Record<CertificateFace, Buffer> {
  return {
    regular: readFileSync(CERTIFICATE_FONT_FILES.regular),
    bold: readFileSync(CERTIFICATE_FONT_FILES.bold),
    italic: readFileSync(CERTIFICATE_FONT_FILES.italic),
  };
}

let shared: Record<CertificateFace, fontkit.Font> | null = null;

/** The faces parsed once per process, on first use. */
export function sharedCertificateFonts(): Record<CertificateFace, fontkit.Font> {
  shared ??= parseCertificateFonts();
  return shared;
}
