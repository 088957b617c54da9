import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder whose name ends with one of the extensions. */
function files(dir: string, ext: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return ext.some((e) => name.endsWith(e)) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('one spelling of "khoá" in the interface', () => {
  it('writes khoá (not khóa) in every page, message and certificate text', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const checked = [
      ...files(join(root, 'apps', 'api', 'src'), ['.ts']),
      ...files(join(root, 'apps', 'api', 'views'), ['.hbs']),
      join(root, 'libs', 'certificates', 'src', 'pdf', 'certificate-pdf.renderer.ts'),
      join(root, 'libs', 'certificates', 'src', 'expiry', 'expiry-reminders.ts'),
    ];
    const mixed = checked.filter((f) => /khóa/i.test(readFileSync(f, 'utf8').normalize('NFC')));
    expect(mixed).toEqual([]);
  });
});
