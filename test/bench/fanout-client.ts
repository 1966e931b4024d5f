import { type ClientRequest, request } from 'node:http';

/**
 * A lean SSE subscriber for the subscription fan-out: one plain `node:http` request per stream,
 * no parser beyond finding the event's marker, so that a thousand streams cost the load generator
 * little. Each event's message text carries `fanout <sequence> <sent at>` (the webhook sender's
 * clock, ms since the epoch with fractions): the subscriber records when it came.
 */

/** The text the webhook sender puts in each message; sequence 0 is a probe, not measured. */
export function fanOutText(sequence: number, sentAtMs: number): string {
  return `fanout ${sequence} ${sentAtMs.toFixed(3)}`;
}

const MARKERS = /fanout (\d+) ([\d.]+)/g;

/** Milliseconds since the epoch with fractions: comparable between processes of one machine. */
export function preciseNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** What every stream received: measured events (sequence ≥ 1) once each, and their delays. */
export interface FanOutTally {
  streams: number;
  /** Streams that received at least one event (a probe or a measured one). */
  primed: number;
  /** Streams that ended before they were closed. */
  ended: number;
  /** Measured events received, a repeat of a sequence on a stream not counted. */
  delivered: number;
  /** Sent → received, per delivered event, ms. */
  latenciesMs: number[];
}

export class FanOutSubscribers {
  readonly #requests: ClientRequest[] = [];
  /** Per stream, 1 at each sequence received. */
  readonly #seen: Uint8Array[] = [];
  readonly #primedStreams: boolean[] = [];
  #primed = 0;
  #ended = 0;
  #closing = false;
  #latencies: number[] = [];

  /**
   * Opens `count` SSE subscriptions of `query` on the gateway's `/graphql`, each its own
   * connection; resolves once every one answered 200 with an event stream. With `accountIds`,
   * subscriber `index` asks for the account `accountIds[index % accountIds.length]` (the query's
   * `$ids`); without, for every account.
   */
  async open(
    graphqlUrl: string,
    count: number,
    query: string,
    accountIds: readonly string[] | null,
  ): Promise<void> {
    const url = new URL(graphqlUrl);
    const opened: Promise<void>[] = [];
    for (let index = 0; index < count; index += 1) {
      const ids = accountIds ? [accountIds[index % accountIds.length]] : null;
      opened.push(this.#openOne(url, JSON.stringify({ query, variables: { ids } }), index));
    }
    await Promise.all(opened);
  }

  #openOne(url: URL, body: string, index: number): Promise<void> {
    this.#seen[index] = new Uint8Array(128);
    this.#primedStreams[index] = false;
    return new Promise((resolve, reject) => {
      const stream = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          // Its own connection: a pooled agent would queue streams behind each other.
          agent: false,
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          if (response.statusCode !== 200) {
            reject(new Error(`subscription ${index}: HTTP ${response.statusCode}`));
            response.resume();
            return;
          }
          resolve();
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => this.#receive(index, chunk));
          response.on('end', () => {
            if (!this.#closing) this.#ended += 1;
          });
        },
      );
      stream.on('error', (error) => {
        if (!this.#closing) reject(error);
      });
      stream.end(body);
      this.#requests.push(stream);
    });
  }

  /**
   * One chunk of a stream. Yoga writes each event in one chunk, so the marker is not split; an
   * event's text appears once in it (as `text`). Events may come out of order (webhooks are sent
   * on several connections), so each stream keeps a byte per sequence it has seen.
   */
  #receive(index: number, chunk: string): void {
    const receivedAt = preciseNowMs();
    for (const match of chunk.matchAll(MARKERS)) {
      const sequence = Number(match[1]);
      let seen = this.#seen[index]!;
      if (!this.#primedStreams[index]) {
        this.#primedStreams[index] = true;
        this.#primed += 1;
      }
      if (sequence === 0) continue;
      if (sequence >= seen.length) {
        const grown = new Uint8Array(Math.max(sequence + 1, seen.length * 2));
        grown.set(seen);
        seen = grown;
        this.#seen[index] = seen;
      }
      if (seen[sequence] === 1) continue;
      seen[sequence] = 1;
      this.#latencies.push(receivedAt - Number(match[2]));
    }
  }

  /** Forgets the delays so far (the probes'), keeping the streams. */
  resetLatencies(): void {
    this.#latencies = [];
  }

  tally(): FanOutTally {
    return {
      streams: this.#requests.length,
      primed: this.#primed,
      ended: this.#ended,
      delivered: this.#latencies.length,
      latenciesMs: this.#latencies,
    };
  }

  close(): void {
    this.#closing = true;
    for (const stream of this.#requests) stream.destroy();
  }
}
