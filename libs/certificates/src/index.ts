export * from './pdf/certificate-print';
export * from './pdf/certificate-fonts';
export * from './pdf/certificate-pdf.renderer';
export * from './pdf/seal-image';
export * from './pdf/vietnamese-date';
