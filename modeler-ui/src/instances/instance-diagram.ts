/**
 * The read-only diagram of an instance with Operate-like overlays: a badge with the active token count on
 * each active element, completed elements and taken sequence flows highlighted, incidents in red with their
 * message shown on hover. Overlays are redrawn only when what they show changed, so polling does not flicker.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { h } from '../ui/dom';
import { fitDiagram } from '../ui/fit-diagram';
import type { DiagramFlow, InstanceOverlays } from './instance-overlays';

const OVERLAY_TYPE = 'baton-instance';
const MARKERS = ['baton-active', 'baton-completed', 'baton-terminated', 'baton-incident', 'baton-taken'] as const;

interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
  scrollToElement(element: object): void;
}
interface RegistryElement {
  id: string;
  type: string;
  source?: { id: string };
  target?: { id: string };
  businessObject?: { name?: string };
}
interface ElementRegistry {
  get(id: string): RegistryElement | undefined;
  filter(fn: (e: RegistryElement) => boolean): RegistryElement[];
}

export class InstanceDiagram {
  readonly element = h('div', { class: 'instance-canvas', 'data-testid': 'instance-canvas' });
  private readonly viewer = new NavigatedViewer({ container: this.element, moddleExtensions: { zeebe: zeebeModdle } });
  private marked: [string, string][] = [];
  private signature = '';

  async open(xml: string): Promise<void> {
    await this.viewer.importXML(xml);
    fitDiagram(this.viewer.get('canvas') as Parameters<typeof fitDiagram>[0], {
      left: 30,
      top: 30,
      right: 30,
      bottom: 50,
    });
    this.signature = '';
  }

  flows(): DiagramFlow[] {
    return this.registry()
      .filter((e) => e.type === 'bpmn:SequenceFlow' && !!e.source && !!e.target)
      .map((e) => ({ id: e.id, sourceId: e.source!.id, targetId: e.target!.id }));
  }

  nameOf(elementId: string): string | undefined {
    return this.registry().get(elementId)?.businessObject?.name || undefined;
  }

  render(state: InstanceOverlays): void {
    const signature = JSON.stringify([
      [...state.tokens],
      [...state.completed],
      [...state.terminated],
      [...state.incidents],
      [...state.takenFlows],
    ]);
    if (signature === this.signature) return;
    this.signature = signature;

    const canvas = this.canvas();
    const overlays = this.viewer.get('overlays') as Overlays;
    const registry = this.registry();
    for (const [id, marker] of this.marked) canvas.removeMarker(id, marker);
    this.marked = [];
    overlays.remove({ type: OVERLAY_TYPE });

    const mark = (id: string, marker: (typeof MARKERS)[number]) => {
      if (!registry.get(id)) return; // the element is not drawn (e.g. history of another version)
      canvas.addMarker(id, marker);
      this.marked.push([id, marker]);
    };
    for (const id of state.completed) mark(id, 'baton-completed');
    for (const id of state.terminated) mark(id, 'baton-terminated');
    for (const id of state.takenFlows) mark(id, 'baton-taken');
    for (const [id, count] of state.tokens) {
      if (!registry.get(id)) continue;
      const hasIncident = state.incidents.has(id);
      mark(id, 'baton-active');
      overlays.add(id, OVERLAY_TYPE, {
        position: { bottom: 10, left: -10 },
        html: h(
          'span',
          {
            class: `token-badge${hasIncident ? ' incident' : ''}`,
            title: `${count} active token${count === 1 ? '' : 's'}`,
            'data-testid': `token-badge-${id}`,
            'data-count': count,
          },
          String(count),
        ),
      });
    }
    for (const [id, messages] of state.incidents) {
      if (!registry.get(id)) continue;
      mark(id, 'baton-incident');
      overlays.add(id, OVERLAY_TYPE, {
        position: { top: -14, right: 14 },
        html: h(
          'span',
          {
            class: 'incident-badge',
            tabindex: 0,
            'data-testid': `incident-badge-${id}`,
            'aria-label': `Incident: ${messages.join('; ')}`,
          },
          '!',
          h(
            'span',
            { class: 'incident-tooltip', role: 'tooltip', 'data-testid': `incident-tooltip-${id}` },
            h('strong', {}, `Incident at ${this.nameOf(id) ?? id}`),
            messages.map((m) => h('span', { class: 'incident-tooltip-message' }, m)),
          ),
        ),
      });
    }
  }

  /** Brings an element into view and flashes it (clicked in the history). */
  reveal(elementId: string): void {
    const element = this.registry().get(elementId);
    if (!element) return;
    const canvas = this.canvas();
    canvas.scrollToElement(element);
    canvas.addMarker(elementId, 'baton-focus');
    setTimeout(() => canvas.removeMarker(elementId, 'baton-focus'), 1200);
  }

  destroy(): void {
    this.viewer.destroy();
  }

  private canvas(): Canvas {
    return this.viewer.get('canvas') as Canvas;
  }

  private registry(): ElementRegistry {
    return this.viewer.get('elementRegistry') as ElementRegistry;
  }
}
