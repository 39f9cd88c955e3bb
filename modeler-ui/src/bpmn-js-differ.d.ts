/** bpmn-js-differ ships no type declarations; the part version-diff.ts uses (also read by the root project's tests). */
declare module 'bpmn-js-differ' {
  interface Changed {
    model: { $type: string; id: string; name?: string };
    attrs: Record<string, { oldValue: unknown; newValue: unknown }>;
  }
  type Elements = Record<string, { $type: string; id: string; name?: string }>;
  export function diff(
    oldDefinitions: unknown,
    newDefinitions: unknown,
  ): { _added: Elements; _removed: Elements; _changed: Record<string, Changed>; _layoutChanged: Elements };
}
