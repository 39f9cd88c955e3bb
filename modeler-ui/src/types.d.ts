/** Declarations for the untyped browser packages the UI uses, and the Vite env it reads. */
declare module 'virtual:bpmnlint-config' {
  const config: { config: Record<string, unknown>; resolver: object };
  export default config;
}

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export const ZeebePropertiesProviderModule: Record<string, unknown>;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: Record<string, unknown>;
  export default module;
}

declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}

interface ImportMetaEnv {
  readonly VITE_BATON_API_BASE?: string;
  readonly VITE_CAMUNDA_REST_BASE?: string;
}

declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, type: string): Promise<{ rootElement: unknown }>;
  }
}
