export * from './pdf/certificate-print';
