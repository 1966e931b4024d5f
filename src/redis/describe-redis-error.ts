/**
 * What went wrong, in one short line. ioredis' messages name the host and port, never the URL
 * or its password (`connect ECONNREFUSED 127.0.0.1:6379`, `Command timed out`, `WRONGPASS …`).
 * Apart from ./redis-connection.ts so that stores reporting Redis failures do not load ioredis
 * in a gateway without Redis.
 */
export function describeRedisError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
