import { describe, expect, it } from 'vitest';
import { metricCatalog } from './metric-catalog.js';
import { parsePromQL, problemsWith } from './promql.js';
import { readText } from './project-facts.js';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
}

const FILE = 'config/examples/grafana-dashboard.json';
const dashboard = JSON.parse(readText(FILE)) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string }[] };
};
const panels = dashboard.panels;
const queryPanels = panels.filter((p) => p.type !== 'row');
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

describe(FILE, () => {
  it('is a Grafana dashboard of recent schema with a uid and a title', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
  });

  it('asks for a Prometheus data source through a ${datasource} variable', () => {
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
  });

  it('has timeseries and stat panels (and rows), with unique ids, inside the 24-column grid', () => {
    expect(queryPanels.length).toBeGreaterThan(0);
    for (const panel of panels) {
      expect(['timeseries', 'stat', 'row'], panel.title).toContain(panel.type);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('queries every panel through the ${datasource} variable', () => {
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.datasource, `${panel.title} ${target.refId}`).toEqual(DATASOURCE);
      }
    }
  });

  const targets = queryPanels.flatMap((p) =>
    (p.targets ?? []).map((t) => [`${p.title} (${t.refId})`, t.expr] as const),
  );
  const catalog = metricCatalog();
  it.each(targets)(
    '%s: uses only metrics, labels and values the service exports',
    (_title, expr) => {
      // Grafana's interval variables stand where a range would be.
      expect(problemsWith(expr.replaceAll('$__rate_interval', '5m'), catalog)).toEqual([]);
    },
  );

  it('shows every metric the service registers', () => {
    const shown = new Set(
      targets.flatMap(([, expr]) =>
        parsePromQL(expr.replaceAll('$__rate_interval', '5m')).selectors.map((s) =>
          s.metric.replace(/_(bucket|sum|count)$/, ''),
        ),
      ),
    );
    const ours = [...catalog]
      .filter(([, info]) => info.origin === 'service')
      .map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));
    expect([...new Set(ours)].filter((m) => !shown.has(m))).toEqual([]);
  });
});
