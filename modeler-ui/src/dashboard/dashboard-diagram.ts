/**
 * The dashboard's diagram: a read-only bpmn-js viewer with, on each element, its counts as Operate draws
 * them (waiting in blue at the bottom left, incidents in red, completed in green and cancelled in grey at
 * the bottom right). Each count is a link to the instances it counts, with a label that says it in words.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { h } from '../ui/dom';
import { fitDiagram } from '../ui/fit-diagram';
import { COUNT_KINDS, type CountKind, type ElementStatistics } from './element-statistics';

const OVERLAY_TYPE = 'baton-statistics';

interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): { businessObject?: { name?: string } } | undefined;
}

export class DashboardDiagram {
  readonly element = h('div', {
    class: 'instance-canvas dashboard-canvas',
    'data-testid': 'dashboard-canvas',
    role: 'img',
    'aria-label': 'Process diagram with counts per step; the table below lists the same counts',
  });
  private readonly viewer = new NavigatedViewer({ container: this.element, moddleExtensions: { zeebe: zeebeModdle } });

  async open(xml: string): Promise<void> {
    await this.viewer.importXML(xml);
    fitDiagram(this.viewer.get('canvas') as Parameters<typeof fitDiagram>[0], {
      left: 30,
      top: 40,
      right: 30,
      bottom: 50,
    });
  }

  nameOf(elementId: string): string {
    return (this.viewer.get('elementRegistry') as ElementRegistry).get(elementId)?.businessObject?.name || elementId;
  }

  has(elementId: string): boolean {
    return (this.viewer.get('elementRegistry') as ElementRegistry).get(elementId) !== undefined;
  }

  render(statistics: ElementStatistics[], hrefOf: (elementId: string, kind: CountKind) => string): void {
    const overlays = this.viewer.get('overlays') as Overlays;
    overlays.remove({ type: OVERLAY_TYPE });
    for (const s of statistics) {
      if (!this.has(s.elementId)) continue;
      const badge = (kind: CountKind) => {
        const count = s[kind];
        if (!count) return null;
        const label = COUNT_KINDS.find((k) => k.kind === kind)?.label;
        return h(
          'a',
          {
            href: hrefOf(s.elementId, kind),
            class: `stat-badge stat-${kind}`,
            'data-testid': `stat-${s.elementId}-${kind}`,
            'aria-label': `${this.nameOf(s.elementId)}: ${count} ${label}`,
            title: `${count} ${label}`,
          },
          String(count),
        );
      };
      const left = [badge('active'), badge('incidents')].filter(Boolean);
      const right = [badge('completed'), badge('canceled')].filter(Boolean);
      if (left.length)
        overlays.add(s.elementId, OVERLAY_TYPE, {
          position: { bottom: 10, left: -10 },
          html: h('span', { class: 'stat-group' }, left),
        });
      if (right.length)
        overlays.add(s.elementId, OVERLAY_TYPE, {
          position: { bottom: 10, right: 10 },
          html: h('span', { class: 'stat-group' }, right),
        });
    }
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
