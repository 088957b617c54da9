import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '@app/common';
import { FormText, PageNumberQueryDto } from '../web/page-helpers';

/**
 * The coverage pages' query (the filter form's fields: an empty field means "not given"): the unit, role and day of
 * the API (CoverageQueryDto), the tree the sums follow, the order of the units below, and a list's page number.
 */
export class CoveragePageQueryDto extends PageNumberQueryDto {
  @IsOptional()
  @FormText()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @FormText()
  @IsUUID()
  roleId?: string;

  @IsOptional()
  @FormText()
  @IsCalendarDate()
  date?: string;

  @IsOptional()
  @FormText()
  @IsIn(['then', 'now'])
  structure?: 'then' | 'now';

  /** The units below: by name (default), lowest coverage first, or largest gap first. */
  @IsOptional()
  @FormText()
  @IsIn(['name', 'coverage', 'gap'])
  sort?: 'name' | 'coverage' | 'gap';
}

/** Rows per page of the people lists. */
export const COVERAGE_LIST_SIZE = 50;
