import { StartBanner } from './start-banner';

describe('StartBanner', () => {
  it('frames the address and each section in one plain box, every line the same width', () => {
    const banner = new StartBanner();
    banner.add({ title: 'First administrator', lines: ['login:    admin', 'password: Đổi-mật-khẩu-ngay'] });
    const text = banner.render('http://localhost:3000');
    const lines = text.trim().split('\n');
    expect(lines).toEqual([
      '+-----------------------------------------+',
      '| Mộc is running at http://localhost:3000 |',
      '|                                         |',
      '| First administrator                     |',
      '|   login:    admin                       |',
      '|   password: Đổi-mật-khẩu-ngay           |',
      '+-----------------------------------------+',
    ]);
    expect(text.startsWith('\n')).toBe(true);
  });

  it('settles after every piece of work, including work registered while it waits, and after failures', async () => {
    const banner = new StartBanner();
    const order: string[] = [];
    let finishSecond: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (finishSecond = resolve)).then(() => order.push('second'));
    const first = Promise.reject(new Error('demo data not loaded')).finally(() => {
      order.push('first');
      banner.waitFor(second);
      setImmediate(finishSecond);
    });
    banner.waitFor(first);
    await banner.settled().then(() => order.push('settled'));
    expect(order).toEqual(['first', 'second', 'settled']);
  });
});
