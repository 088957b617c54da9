export * from './streamed-upload.middleware';
export * from './uploads.module';
