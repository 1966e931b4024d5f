import { describe, expect, it } from 'vitest';
import type { FanOutResult } from './measure-fanout.ts';
import type { WarmResult } from './measure-warm.ts';
import { plotSvg, reportPanels } from './plot-svg.ts';
import { type BenchReport, checks, type ScenarioResult, type TargetResult } from './report.ts';
import { fanOutChecks } from './report-fanout.ts';
import { warmChecks } from './report-warm.ts';
import { belowCheck, callsCheck, ratioCheck, withinMs } from './targets.ts';

/**
 * The benchmark's arithmetic, without running it: how a figure is held to its target, and the
 * plot it draws. (`calls.test.ts` covers the scenarios against real services.)
 */

function target(figures: Partial<TargetResult> = {}): TargetResult {
  return {
    calls: 3,
    credits: 0,
    byRoute: { 'ofauth.chats': 1, 'ofauth.users': 2 },
    latency: { requests: 100, p50: 30, p99: 40 },
    throughput: {
      requests: 1000,
      rps: 100,
      p99: 300,
      connections: 32,
    } as TargetResult['throughput'],
    cpuMsPerRequest: 4,
    peakRssMb: 150,
    ...figures,
  };
}

function scenario(gateway: Partial<TargetResult>): ScenarioResult {
  return {
    name: 'ofauth-inbox',
    title: '2. OFAuth inbox: 20 chats',
    minimum: {
      calls: 3,
      credits: 0,
      byRoute: { 'ofauth.chats': 1, 'ofauth.users': 2 },
      rationale: 'one page and two users lists',
    },
    floor: target(),
    gateway: target(gateway),
    dataDifference: null,
  };
}

/** Whether every tag of `xml` closes in order and no text holds a bare `<` or `&`. */
function wellFormed(xml: string): boolean {
  const open: string[] = [];
  let rest = xml.trim();
  if (!rest.startsWith('<svg')) return false;
  while (rest.length > 0) {
    const tag = /^<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (tag) {
      const [whole, closing, name, , selfClosing] = tag;
      if (closing && open.pop() !== name) return false;
      if (!closing && !selfClosing) open.push(name!);
      rest = rest.slice(whole.length);
      continue;
    }
    const text = /^[^<]+/.exec(rest);
    if (!text || /&(?!(amp|lt|gt|quot);)/.test(text[0])) return false;
    rest = rest.slice(text[0].length);
  }
  return open.length === 0;
}

describe('benchmark targets', () => {
  describe('a figure against the floor', () => {
    it('meets p50 within the margin and misses it beyond, saying by how much', () => {
      expect(withinMs('p50', 31.5, 30, 2)).toMatchObject({ met: true, figure: '+1.5 ms' });
      const missed = withinMs('p50', 33, 30, 2);
      expect(missed).toMatchObject({ met: false, figure: '+3 ms', margin: '-1 ms to the line' });
    });

    it('holds a ratio at most or at least its line', () => {
      expect(ratioCheck('p99', 48, 40, { atMost: 1.2 }).met).toBe(true);
      expect(ratioCheck('p99', 49, 40, { atMost: 1.2 }).met).toBe(false);
      expect(ratioCheck('rps', 84, 100, { atLeast: 0.85 })).toMatchObject({
        met: false,
        figure: '×0.84',
        margin: '-0.01 to ×0.85',
      });
      expect(ratioCheck('cpu', null, 4, { atMost: 1.5 })).toMatchObject({
        met: false,
        figure: 'not measured',
      });
    });

    it('counts calls route by route: the right total on the wrong routes misses', () => {
      const minimum = { calls: 2, byRoute: { 'ofauth.chats': 1, 'ofauth.users': 1 } };
      expect(callsCheck({ calls: 2, byRoute: { 'ofauth.chats': 2 } }, minimum).met).toBe(false);
      expect(callsCheck({ calls: 3, byRoute: { 'ofauth.chats': 3 } }, minimum)).toMatchObject({
        met: false,
        margin: '+1',
      });
      expect(callsCheck(minimum, minimum).met).toBe(true);
    });

    it('keeps a ceiling strict', () => {
      expect(belowCheck('rss', 200, 200, 'MB').met).toBe(false);
      expect(belowCheck('rss', 199, 200, 'MB').met).toBe(true);
    });
  });

  describe('a cold screen', () => {
    it('holds the gateway to all six of the issue targets', () => {
      expect(checks(scenario({})).map((check) => check.met)).toEqual([
        true,
        true,
        true,
        true,
        true,
        true,
      ]);
      const slow = checks(
        scenario({ latency: { requests: 100, p50: 33, p99: 50 }, cpuMsPerRequest: 7 }),
      );
      expect(slow.filter((check) => !check.met).map((check) => check.what)).toEqual([
        'p50 c1 ≤ floor + 2 ms',
        'p99 c1 ≤ 1.2× floor',
        'CPU ms/req ≤ 1.5× floor',
      ]);
    });
  });

  describe('a warm screen', () => {
    const warm = {
      minimum: scenario({}).minimum,
      refreshes: { count: 10, first: { calls: 3, byRoute: target().byRoute }, laterCalls: 0 },
      afterMessage: { byRoute: { 'ofauth.chats': 1 }, minimum: { byRoute: { 'ofauth.chats': 1 } } },
      afterEvent: {
        warm: { requests: 7, p50: 2, p99: 3 },
        afterEvent: { requests: 7, p50: 2.8, p99: 4 },
      },
      throughput: { rps: 300 },
      floorRps: 100,
    } as unknown as WarmResult;

    it('meets its targets with no calls once warm and a cheap refresh after an event', () => {
      expect(warmChecks(warm).every((check) => check.met)).toBe(true);
    });

    it('misses when a later refresh calls a vendor, or the refresh after an event lags', () => {
      const lagging = {
        ...warm,
        refreshes: { ...warm.refreshes, laterCalls: 1 },
        afterEvent: { ...warm.afterEvent, afterEvent: { requests: 7, p50: 25, p99: 30 } },
      };
      expect(warmChecks(lagging).map((check) => check.met)).toEqual([false, true, true, false]);
    });
  });

  describe('the subscription fan-out', () => {
    it('misses when one delivery of the expected is missing', () => {
      const result = {
        expected: 1000,
        delivered: 999,
        streamsEnded: 0,
        latency: { requests: 999, p50: 5, p99: 50 },
        gatewayPeakRssMb: 250,
      } as FanOutResult;
      expect(fanOutChecks(result).map((check) => check.met)).toEqual([false, true, true]);
      expect(fanOutChecks({ ...result, delivered: 1000 })[0]).toMatchObject({ met: true });
    });
  });
});

describe('benchmark plot', () => {
  const panels = [
    {
      title: 'Throughput <c32>',
      unit: 'requests/s',
      bars: [
        { label: 'A & B', gateway: 80, floor: 100 },
        { label: 'C', gateway: 300, floor: 100 },
      ],
    },
    { title: 'p50', unit: 'ms', bars: [{ label: 'A & B', gateway: 32, floor: 30 }] },
  ];

  it('writes well-formed SVG with its labels escaped', () => {
    const svg = plotSvg('chatgraph & floor', panels);
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('Throughput &lt;c32&gt;');
    // Named for readers that do not see it: the title, then each panel's.
    expect(svg).toMatch(
      /<title id="plot-title">chatgraph &amp; floor: Throughput &lt;c32&gt;; p50<\/title>/,
    );
    expect(wellFormed('<svg><text>a & b</text></svg>')).toBe(false);
    expect(wellFormed('<svg><g></svg>')).toBe(false);
  });

  it('draws a gateway and a floor bar per screen, each labelled with its figure', () => {
    const svg = plotSvg('plot', panels);
    expect(svg.match(/class="bar gateway"/g)).toHaveLength(3);
    expect(svg.match(/class="bar floor"/g)).toHaveLength(3);
    for (const value of ['80.0', '300', '32.0', '30.0']) expect(svg).toContain(`>${value}</text>`);
    expect(svg).toContain('>gateway</text>');
    expect(svg).toContain('>floor</text>');
  });

  it('puts the warm screens after the cold ones, against the floor of the same screen', () => {
    const report = {
      settings: { connections: 32 },
      scenarios: [scenario({})],
      warm: [
        {
          name: 'ofauth-inbox',
          title: '2. OFAuth inbox: 20 chats',
          throughput: { rps: 400 },
          latency: { p50: 2 },
          floorRps: 100,
        },
      ],
    } as unknown as BenchReport;
    const [throughput, p50] = reportPanels(report);
    expect(throughput!.bars).toEqual([
      { label: '2. OFAuth inbox', gateway: 100, floor: 100 },
      { label: '2. OFAuth inbox (warm)', gateway: 400, floor: 100 },
    ]);
    expect(p50!.bars[1]).toEqual({ label: '2. OFAuth inbox (warm)', gateway: 2, floor: 30 });
  });
});
