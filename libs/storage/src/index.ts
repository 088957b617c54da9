export * from './byte-range';
export * from './content-sniff';
export * from './download-headers';
export * from './local-disk-storage';
export * from './media-duration';
export * from './storage-key';
export * from './storage.module';
export * from './storage.service';
