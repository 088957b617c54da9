/** One block of the banner: a title and its lines (logins, passwords, where to go). */
export interface BannerSection {
  title: string;
  lines: string[];
}

/**
 * What a person starting the API needs, printed once as a plain framed block after the start's own work is done
 * (the first administrator, the demo load and the jobs it queued), so it is not lost among the JSON log lines.
 * Services add sections and register the background work the banner waits for; main.ts prints it.
 */
export class StartBanner {
  private readonly sections: BannerSection[] = [];
  private readonly work = new Set<Promise<unknown>>();

  add(section: BannerSection): void {
    this.sections.push(section);
  }

  /** Start work running in the background (the demo load): the banner comes after it, whether it succeeds or not. */
  waitFor(work: Promise<unknown>): void {
    this.work.add(work);
  }

  /** Resolves when every registered piece of work has ended, including pieces registered meanwhile. */
  async settled(): Promise<void> {
    for (let pending = [...this.work]; pending.length > 0; pending = [...this.work]) {
      await Promise.allSettled(pending);
      for (const done of pending) this.work.delete(done);
    }
  }

  /** The framed text: the address first, then each section. Plain ASCII frame, so every terminal shows it. */
  render(url: string, note?: string): string {
    const body: string[] = [`Mộc is running at ${url}`];
    if (note) body.push(note);
    for (const { title, lines } of this.sections) body.push('', title, ...lines.map((l) => `  ${l}`));
    // Counted in code points of NFC text: one per letter, diacritics included.
    body.forEach((l, i) => (body[i] = l.normalize('NFC')));
    const width = Math.max(...body.map((l) => [...l].length));
    const rule = `+${'-'.repeat(width + 2)}+`;
    const framed = body.map((l) => `| ${l}${' '.repeat(width - [...l].length)} |`);
    return `\n${rule}\n${framed.join('\n')}\n${rule}\n\n`;
  }
}
