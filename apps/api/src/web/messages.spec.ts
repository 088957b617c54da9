import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { messageKeys } from './i18n';

/** Every file of the API that adds words to the pages (addMessages), found on disk so a new one is never missed. */
function messageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return messageFiles(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) && /\baddMessages\(/.test(readFileSync(path, 'utf8'))
      ? [path]
      : [];
  });
}

describe('page messages', () => {
  it('exist in Vietnamese and in English, key for key, in every context', async () => {
    const files = messageFiles(join(__dirname, '..'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) await import(file);
    const vi = new Set(messageKeys('vi'));
    const en = new Set(messageKeys('en'));
    expect({
      onlyVietnamese: [...vi].filter((k) => !en.has(k)),
      onlyEnglish: [...en].filter((k) => !vi.has(k)),
    }).toEqual({
      onlyVietnamese: [],
      onlyEnglish: [],
    });
  });
});
