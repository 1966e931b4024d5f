/**
 * One sample's value in Prometheus text (`name` with its labels, as printed), or undefined when
 * the series is absent.
 */
export function sampleIn(text: string, line: string): number | undefined {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

/** One sample of a running gateway's `/metrics`, or undefined when the series is absent. */
export async function scrapeSample(origin: string, line: string): Promise<number | undefined> {
  return sampleIn(await (await fetch(`${origin}/metrics`)).text(), line);
}
