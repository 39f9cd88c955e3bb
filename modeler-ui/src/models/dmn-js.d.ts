/** The part of dmn-js (untyped) the decision editor uses. */
declare module 'dmn-js/lib/Modeler' {
  export interface DmnView {
    id: string;
    name?: string;
    type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression';
  }
  export interface DmnViewer {
    get(service: string): unknown;
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: Record<string, unknown> });
    importXML(xml: string): Promise<{ warnings: { message: string }[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, listener: (event: never) => void): void;
    destroy(): void;
  }
}
