/**
 * One process instance (#/instances/{key}): its diagram with live overlays, incidents with Retry, variables
 * and element history. Refreshes itself every POLL_MS while the instance runs and stops when it has ended
 * (instance-polling.ts). Retry and Cancel (instance-actions.ts) need the API key. Its subject's stage events
 * appear live in the activity feed (activity-feed.ts).
 */
import { getProcessDefinitionXml, type Incident } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { errorMessage } from '../ui/toast';
import { failure, loading, type View } from '../ui/view';
import { activityFeed, feedSubject } from './activity-feed';
import { cancelInstance, migrateInstance, moveToken, retryIncident } from './instance-actions';
import { InstanceDiagram } from './instance-diagram';
import { renderInstanceHeader } from './instance-header';
import { computeOverlays } from './instance-overlays';
import { instancePolling } from './instance-polling';
import { instanceSidePanel } from './instance-side-panel';
import { loadSnapshot, type Snapshot } from './instance-snapshot';
import { factsFromXml, type ProcessFacts } from './process-facts';
import { editVariable } from './variable-editor';
import { notShownError, notShownYet, waitingForCamunda } from './waiting-for-camunda';

export function createInstanceView(host: HTMLElement): View {
  let key = '';
  let diagram: InstanceDiagram | undefined;
  let definitionKey: string | undefined;
  let snapshot: Snapshot | undefined;
  let facts: ProcessFacts | undefined;
  let destroyed = false;
  let generation = 0;

  const header = h('header', { class: 'instance-header' });
  const diagramHost = h('div', { class: 'instance-diagram' });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true, 'data-testid': 'instance-error' });
  const side = instanceSidePanel({
    retry: (incident) => void retry(incident),
    editVariable: (variable, scopeName) =>
      void editVariable(variable, scopeName).then((stored) => (stored ? refresh() : undefined)),
    nameOf: (id) => diagram?.nameOf(id),
    reveal: (id) => diagram?.reveal(id),
  });
  const feed = activityFeed();
  const polling = instancePolling({ look: () => void refresh(), current: () => snapshot, closed: () => destroyed });

  /** The instance is not shown yet: say so and look again after the next pause, until the wait is over. */
  const waitForInstance = (err: unknown): boolean => {
    if (!notShownYet(err)) return false;
    const look = polling.waitForShown();
    if (look === undefined)
      replaceChildren(
        host,
        failure(`instance ${key}`, notShownError(key), () => void start(key)),
      );
    else replaceChildren(diagramHost, waitingForCamunda(key, look));
    return true;
  };

  /** A diagram for the instance's process definition, opened again only when the definition changes. */
  const showDiagramOf = async (s: Snapshot, stale: () => boolean): Promise<boolean> => {
    if (diagram && definitionKey === s.instance.processDefinitionKey) return true;
    const xml = await getProcessDefinitionXml(s.instance.processDefinitionKey);
    if (stale()) return false;
    facts = factsFromXml(s.instance.processDefinitionKey, xml);
    diagram?.destroy();
    diagram = new InstanceDiagram();
    definitionKey = s.instance.processDefinitionKey;
    replaceChildren(diagramHost, diagram.element);
    await diagram.open(xml);
    return true;
  };

  const render = (s: Snapshot) => {
    renderInstanceHeader(header, s.instance, s.elements, facts, () => void cancel(), {
      onMove: () => void operateThen(moveToken(s.instance, s.elements)),
      onMigrate: () => void operateThen(migrateInstance(s.instance, s.elements)),
    });
    side.render(s);
    feed.follow(feedSubject(facts, s.variables));
    diagram?.render(computeOverlays(s.elements, s.incidents, s.takenFlows, diagram.flows()));
  };

  async function refresh(): Promise<void> {
    const mine = generation;
    const stale = () => mine !== generation || destroyed;
    try {
      const next = await loadSnapshot(key);
      if (stale() || !(await showDiagramOf(next, stale))) return;
      side.showNewIncidents(snapshot, next);
      if (!snapshot) polling.restartWait(); // shown: a wait for its history starts afresh
      snapshot = next;
      error.hidden = true;
      render(next);
    } catch (err) {
      if (stale()) return;
      if (!snapshot) {
        if (!waitForInstance(err))
          replaceChildren(
            host,
            failure(`instance ${key}`, err, () => void start(key)),
          );
        return;
      }
      error.textContent = `Could not refresh: ${errorMessage(err)}`;
      error.hidden = false;
    }
    polling.schedule();
  }

  async function retry(incident: Incident): Promise<void> {
    side.setRetrying(incident.incidentKey, true);
    try {
      await retryIncident(incident);
    } finally {
      side.setRetrying(incident.incidentKey, false);
      await refresh();
    }
  }

  async function operateThen(sent: Promise<boolean>): Promise<void> {
    if (await sent) await refresh();
  }

  async function cancel(): Promise<void> {
    if (await cancelInstance(key)) await refresh();
  }

  function start(newKey: string): Promise<void> {
    generation += 1;
    polling.stop();
    feed.stop();
    key = newKey;
    snapshot = undefined;
    polling.restartWait();
    definitionKey = undefined;
    diagram?.destroy();
    diagram = undefined;
    replaceChildren(diagramHost, loading(`instance ${newKey}`));
    replaceChildren(header);
    side.clear();
    replaceChildren(
      host,
      h(
        'div',
        { class: 'instance-view', 'data-testid': 'instance-view' },
        header,
        error,
        h(
          'div',
          { class: 'instance-body' },
          diagramHost,
          h('aside', { class: 'instance-side' }, side.tabs, side.panel, feed.element),
        ),
      ),
    );
    return refresh();
  }

  return {
    show: (params) => (params.key === key && snapshot ? refresh() : start(params.key)),
    destroy() {
      destroyed = true;
      polling.stop();
      feed.stop();
      diagram?.destroy();
    },
    reload: () => void refresh(),
  };
}
