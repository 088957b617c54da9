import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsReadableText, toCleanLine } from '@app/common';

export class CreateRoleDto {
  @ApiProperty({ example: 'COMMUNE_CULTURE_OFFICER' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[A-Z0-9_]{2,40}$/, { message: 'code must be 2–40 capital letters, digits or underscores' })
  code!: string;

  @ApiProperty({ example: 'Công chức Văn hóa - Xã hội cấp xã' })
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  nameVi!: string;

  @ApiProperty({ example: 'Commune culture and society officers' })
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  nameEn!: string;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder?: number;
}

export class ListRolesQueryDto {
  @ApiPropertyOptional({ description: 'include retired roles' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  @IsBoolean()
  includeRetired?: boolean;
}

export interface RoleResponse {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  sortOrder: number;
  retired: boolean;
}
