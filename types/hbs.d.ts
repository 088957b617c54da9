// The hbs package ships no types; this declares the part the view engine uses.
declare module 'hbs' {
  type Helper = (...args: any[]) => unknown;
  interface HbsInstance {
    registerPartials(dir: string): void;
    registerHelper(name: string, helper: Helper): void;
    __express: (path: string, options: object, callback: (err: Error | null, html?: string) => void) => void;
  }
  const hbs: HbsInstance & { create(): HbsInstance };
  export default hbs;
}
