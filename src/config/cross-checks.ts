/**
 * Rules between keys, which no single key's schema can state: each handle configured once, token
 * names unique, tokens scoped to configured accounts, at least one vendor. They read the raw input
 * leniently, so they are reported beside the schema's problems, every problem at once.
 */

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Loose)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function idsOf(entries: unknown): string[] {
  return list(entries).flatMap((entry) => {
    const id = record(entry).id;
    return typeof id === 'string' && id !== '' ? [id] : [];
  });
}

export function crossFieldProblems(input: unknown): string[] {
  const problems: string[] = [];
  const root = record(input);
  const vendors = record(root.vendors);
  if (
    typeof root.vendors === 'object' &&
    vendors.onlyfansapi === undefined &&
    vendors.ofauth === undefined
  ) {
    problems.push('vendors: configure at least one of onlyfansapi, ofauth');
  }

  const externalIds = [
    ...idsOf(record(vendors.onlyfansapi).accounts),
    ...idsOf(record(vendors.ofauth).connections),
  ];
  const seen = new Set<string>();
  for (const externalId of externalIds) {
    if (seen.has(externalId)) problems.push(`vendors: account ${externalId} is listed twice`);
    seen.add(externalId);
  }

  const tokens = list(record(root.auth).tokens).map(record);
  const names = new Set<unknown>();
  for (const { name } of tokens) {
    if (typeof name === 'string' && name !== '' && names.has(name)) {
      problems.push(`auth.tokens: the name ${name} is used twice (names identify callers in logs)`);
    }
    names.add(name);
  }
  tokens.forEach((token, index) => {
    for (const externalId of list(token.accounts)) {
      if (
        typeof externalId === 'string' &&
        externalId !== '' &&
        externalId !== '*' &&
        !seen.has(externalId)
      ) {
        problems.push(`auth.tokens[${index}].accounts: ${externalId} is not a configured account`);
      }
    }
  });
  return problems;
}
