/** "yyyy-mm-dd hh:mm" (UTC, as the other pages show times). */
export const when = (iso: string | null): string | null => (iso ? iso.replace('T', ' ').slice(0, 16) : null);
