/**
 * Preloaded into the soak's gateway (NODE_OPTIONS `--expose-gc --import=…`) in the
 * distinct-documents and attack modes only: on SIGUSR2, two full garbage collections (the second
 * frees what finalizers of the first released), then one line on stderr with the memory left,
 * which `forceGc` in soak-processes.ts waits for. Without the hook SIGUSR2 would end the process.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  process.stderr.write(
    `soak-gc ${JSON.stringify({ rssMb: mb(rss), heapUsedMb: mb(heapUsed), externalMb: mb(external) })}\n`,
  );
});
