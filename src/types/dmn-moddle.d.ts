// dmn-moddle ships no types; its CommonJS build exports one factory function.
declare module 'dmn-moddle' {
  interface DmnModdle {
    // biome-ignore lint/suspicious/noExplicitAny: moddle's element tree is untyped
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: any; warnings: { message: string }[] }>;
  }
  function createDmnModdle(packages?: Record<string, unknown>): DmnModdle;
  export = createDmnModdle;
}
