import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class VerifiedAuthority {
  @ApiProperty({ example: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' }) name!: string;
  @ApiProperty({ example: 'Vĩnh Long' }) placeName!: string;
}

export class VerifiedReplacement {
  @ApiProperty({ example: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345' }) code!: string;
  @ApiProperty({ example: 'https://moc.example.vn/verify/ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345' }) url!: string;
}

/**
 * What public verification shows: enough to expose an edited PDF (the page is the truth), and nothing more — no
 * e-mail, phone, birth date, employee code or unit.
 */
export class VerificationResponse {
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status!: 'valid' | 'expired' | 'revoked';
  @ApiProperty({ enum: ['course', 'session'] }) kind!: 'course' | 'session';
  @ApiProperty({ example: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345' }) code!: string;
  @ApiProperty({ example: 'VL-2026-000123' }) serial!: string;
  @ApiProperty({ example: 'Nguyễn Thị Ngọc Ánh' }) personName!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'QCN-CB-01' }) courseCode!: string;
  @ApiProperty({ example: 1 }) versionNo!: number;
  @ApiProperty({ example: '2026-12-04' }) issuedOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2028-12-04' }) expiresOn!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedOn!: string | null;
  @ApiPropertyOptional({ type: VerifiedReplacement, nullable: true }) replacedBy!: VerifiedReplacement | null;
  @ApiProperty({ type: VerifiedAuthority }) authority!: VerifiedAuthority;
}
