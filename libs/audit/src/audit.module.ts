import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { ExportAuditService } from './export-audit';

@Global()
@Module({ providers: [AuditService, ExportAuditService], exports: [AuditService, ExportAuditService] })
export class AuditModule {}
