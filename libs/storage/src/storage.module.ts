import { Global, Module } from '@nestjs/common';
import { LocalDiskStorage } from './local-disk-storage';
import { StorageService } from './storage.service';

/** Provides StorageService (local disk under AppConfig.storageDir) everywhere. Needs ConfigModule. */
@Global()
@Module({
  providers: [{ provide: StorageService, useClass: LocalDiskStorage }],
  exports: [StorageService],
})
export class StorageModule {}
