/** Helpers every page controller and model shares: the page language, query strings, form text, paging queries. */
import type { Response } from 'express';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { cleanLine } from '@app/common';
import { Lang, LANGS } from './i18n';

/** The page language chosen by languageMiddleware. */
export const langOf = (res: Response): Lang => (res.locals.lang === 'en' ? 'en' : 'vi');

/** Empty form fields mean "not given"; text is NFC with single spaces. */
export const FormText = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const clean = cleanLine(value); // control characters never get here: refused by the SafeInputPipe
    return clean === '' ? undefined : clean;
  });

export interface RoleNames {
  nameVi: string;
  nameEn: string;
}

/** A role's name in the page language; the Vietnamese one is the official name. */
export const roleName = (role: RoleNames, lang: Lang): string => (lang === 'en' ? role.nameEn : role.nameVi);

/** A query string from the non-empty values, for links that keep the filters. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Page queries may carry the language switch (?lang=en), read by languageMiddleware. */
export class PageQueryDto {
  @IsOptional()
  @IsIn(LANGS)
  lang?: Lang;
}

/** A list page's page number (?page=N, 1-based). */
export class PageNumberQueryDto extends PageQueryDto {
  @IsOptional()
  @FormText()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;
}

/** A list page's search box (?q=, NFC with single spaces, matched without diacritics) and page number. */
export class SearchPageQueryDto extends PageNumberQueryDto {
  @IsOptional()
  @FormText()
  @IsString()
  @Length(1, 100)
  q?: string;
}
