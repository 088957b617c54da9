import { registerDecorator, ValidationOptions } from 'class-validator';
import { cleanLine, cleanMultiline, emailAddress, hasReadableText, nfc } from '../text';

type TransformArgs = { value: unknown };

/** For @Transform: trims and NFC-normalises strings (invisible characters removed); other values go to the validators. */
export const toNfc = ({ value }: TransformArgs): unknown => (typeof value === 'string' ? nfc(value) : value);

/** For @Transform on one-line text (names, titles): see `cleanLine`. */
export const toCleanLine = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' ? cleanLine(value) : value;

/** For @Transform on multi-line text (descriptions): see `cleanMultiline`. */
export const toCleanMultiline = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' ? cleanMultiline(value) : value;

/** A name must contain a letter once cleaned (`hasReadableText`: not only combining marks, digits or punctuation). */
export function IsReadableText(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isReadableText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must contain a letter`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && hasReadableText(v) },
    });
}

/** For @Transform on e-mail fields: trimmed, lower case. */
export const toEmail = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** The importer's e-mail rule on the API and the pages too (`emailAddress`), so export → re-import is a no-op. */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an e-mail address (at most 254 characters, not starting with = + - @)`,
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && emailAddress(v) === v },
    });
}
