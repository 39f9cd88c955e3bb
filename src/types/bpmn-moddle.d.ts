// bpmn-moddle ships its types under a sub-path its package exports do not map for Node resolution.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    // biome-ignore lint/suspicious/noExplicitAny: moddle's element tree is untyped
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: any; warnings: { message: string }[] }>;
  }
}
