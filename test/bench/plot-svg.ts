import type { BenchReport } from './report.ts';

/**
 * The benchmark's plot, hand-written SVG: throughput at c32 and p50 at c1 per screen, gateway
 * against floor side by side, the warm screens (gateway with its cache on, against the floor's
 * same screen) after the cold ones. One panel per figure, each with its own scale from zero; under
 * each screen, gateway/floor.
 */

export interface PlotBar {
  label: string;
  gateway: number;
  floor: number;
}

export interface PlotPanel {
  title: string;
  unit: string;
  bars: PlotBar[];
}

const WIDTH = 960;
const PANEL_HEIGHT = 320;
const MARGIN = { left: 70, right: 20, top: 50, bottom: 90 };
const COLORS = { gateway: '#2f6fdf', floor: '#9a9a9a' };

function escaped(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function figure(value: number): string {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/** A round step for about five gridlines up to `max`. */
function gridStep(max: number): number {
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].find((each) => each * magnitude >= rough) ?? 10;
  return step * magnitude;
}

function panelSvg(panel: PlotPanel, top: number): string[] {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const base = top + MARGIN.top + plotHeight;
  const max = Math.max(1e-9, ...panel.bars.flatMap((bar) => [bar.gateway, bar.floor]));
  const step = gridStep(max);
  const ceiling = Math.ceil(max / step) * step;
  const y = (value: number) => base - (value / ceiling) * plotHeight;
  const parts = [
    `<text x="${WIDTH / 2}" y="${top + 28}" text-anchor="middle" font-size="16" font-weight="bold">${escaped(panel.title)}</text>`,
    `<text x="16" y="${top + MARGIN.top + plotHeight / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${top + MARGIN.top + plotHeight / 2})">${escaped(panel.unit)}</text>`,
  ];
  for (let value = 0; value <= ceiling + step / 2; value += step) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(value).toFixed(1)}" x2="${WIDTH - MARGIN.right}" y2="${y(value).toFixed(1)}" stroke="#e3e3e3"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" font-size="11">${figure(value)}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${base}" x2="${WIDTH - MARGIN.right}" y2="${base}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" y1="${top + MARGIN.top}" x2="${MARGIN.left}" y2="${base}" stroke="#333"/>`,
  );
  const slot = plotWidth / Math.max(1, panel.bars.length);
  const barWidth = Math.min(40, slot * 0.35);
  panel.bars.forEach((bar, index) => {
    const center = MARGIN.left + slot * (index + 0.5);
    for (const [key, offset] of [
      ['gateway', -barWidth],
      ['floor', 0],
    ] as const) {
      const value = bar[key];
      const x = center + offset;
      parts.push(
        `<rect class="bar ${key}" x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(base - y(value)).toFixed(1)}" fill="${COLORS[key]}"><title>${escaped(`${bar.label}, ${key}: ${figure(value)} ${panel.unit}`)}</title></rect>`,
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y(value) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${figure(value)}</text>`,
      );
    }
    const lines = wrapped(bar.label, Math.max(8, Math.floor(slot / 6.5)));
    lines.forEach((line, lineIndex) => {
      parts.push(
        `<text x="${center.toFixed(1)}" y="${base + 16 + lineIndex * 13}" text-anchor="middle" font-size="11">${escaped(line)}</text>`,
      );
    });
    if (bar.floor > 0) {
      parts.push(
        `<text x="${center.toFixed(1)}" y="${base + 20 + lines.length * 13}" text-anchor="middle" font-size="11" font-weight="bold">×${(bar.gateway / bar.floor).toFixed(2)}</text>`,
      );
    }
  });
  return parts;
}

/** A label broken at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrapped(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(word);
    }
  }
  return lines;
}

/** The plot of any panels, stacked, with one legend. */
export function plotSvg(title: string, panels: readonly PlotPanel[]): string {
  const height = 60 + panels.length * PANEL_HEIGHT;
  const parts = [
    // A title for readers that do not see the picture (screen readers, and Biome's a11y rule).
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" role="img" aria-labelledby="plot-title">`,
    `<title id="plot-title">${escaped(`${title}: ${panels.map((panel) => panel.title).join('; ')}`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="18" font-weight="bold">${escaped(title)}</text>`,
    `<rect x="${WIDTH - 230}" y="36" width="14" height="14" fill="${COLORS.gateway}"/>`,
    `<text x="${WIDTH - 210}" y="48" font-size="12">gateway</text>`,
    `<rect x="${WIDTH - 140}" y="36" width="14" height="14" fill="${COLORS.floor}"/>`,
    `<text x="${WIDTH - 120}" y="48" font-size="12">floor</text>`,
    `<text x="${WIDTH - 250}" y="48" text-anchor="end" font-size="12" font-weight="bold">×: gateway / floor</text>`,
  ];
  panels.forEach((panel, index) => {
    parts.push(...panelSvg(panel, 50 + index * PANEL_HEIGHT));
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** `4. Overview` → `4. Overview`; the title's part before its colon. */
function shortLabel(title: string): string {
  return title.split(':')[0] ?? title;
}

/** The report's panels: cold screens, then warm ones (the floor's figures are its cold ones). */
export function reportPanels(report: BenchReport): PlotPanel[] {
  const cold = report.scenarios.map((result) => ({
    label: shortLabel(result.title),
    throughput: { gateway: result.gateway.throughput.rps, floor: result.floor.throughput.rps },
    p50: { gateway: result.gateway.latency.p50, floor: result.floor.latency.p50 },
  }));
  const warm = report.warm.map((result) => {
    const floor = report.scenarios.find((scenario) => scenario.name === result.name);
    return {
      label: `${shortLabel(result.title)} (warm)`,
      throughput: { gateway: result.throughput.rps, floor: result.floorRps },
      p50: { gateway: result.latency.p50, floor: floor?.floor.latency.p50 ?? 0 },
    };
  });
  const screens = [...cold, ...warm];
  return [
    {
      title: `Throughput at ${report.settings.connections} connections (higher is better)`,
      unit: 'requests/s',
      bars: screens.map((screen) => ({ label: screen.label, ...screen.throughput })),
    },
    {
      title: 'p50 latency, one request at a time (lower is better)',
      unit: 'ms',
      bars: screens.map((screen) => ({ label: screen.label, ...screen.p50 })),
    },
  ];
}

export function reportSvg(report: BenchReport): string {
  return plotSvg(
    `chatgraph against the floor, ${report.source.commit} (+${report.settings.vendorLatencyMs} ms per vendor call)`,
    reportPanels(report),
  );
}
