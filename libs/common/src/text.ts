/** Vietnamese text is stored in NFC. */
export const nfc = (value: string): string => value.normalize('NFC').trim();

/** Lower-case, diacritic-free form used for search keys ("Đặng Thị Ánh" → "dang thi anh"). */
export const searchKey = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();

/** Escapes LIKE wildcards in user input (searched with `LIKE '%' || $1 || '%'`). */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
