import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ErrorCode } from '../errors/error-codes.ts';
import { countIdTypes, fieldCalls, LOAD_CALLS, reachedById } from './upstream-calls.ts';

/** Known sizes of lists without arguments, by `Type.field` (e.g. `Query.connectedAccounts`). */
export type ListSizes = Readonly<Record<string, number>>;

/** What one connection (a field taking `first`) costs, against any other field. */
const CONNECTION_WEIGHT = 10;

/** The most items a list argument (`nodes(ids:)`, `inbox(accountIds:)`, …) may hold. */
export const MAX_LIST_ARGUMENT = 100;

/** Where the walk stops: once any is passed, the operation is refused whatever follows. */
export interface MeasureBounds {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxUpstreamCalls: number;
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** Estimated vendor calls, an upper bound (see ./upstream-calls.ts). */
  upstreamCalls: number;
  /** Selections visited: linear in the document's size, whatever its fragments spread. */
  steps: number;
  /** Set when the walk stopped early: the first bound passed, or a list argument over its cap. */
  stoppedAt?: { code: ErrorCode; message: string };
}

/** What a selection set adds, per instance of it. */
interface Totals {
  cost: number;
  /** Calls per instance. */
  calls: number;
  /** Calls per batch: once per list instance around it (see FieldCalls.perBatch). */
  batchCalls: number;
  aliases: number;
  /** Levels of fields, this one included. */
  depth: number;
}

class Stop extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ZERO: Totals = { cost: 0, calls: 0, batchCalls: 0, aliases: 0, depth: 0 };

/**
 * Measures one operation with its variables: nesting depth, aliases, estimated cost and vendor
 * calls. Every field costs 1 and a connection 10, times the size of each list around it (a
 * connection's `first`, the number of `ids`, a known list size); lists of unknown length (a
 * message's media) count once. A fragment is measured once per type and provenance, then scaled
 * wherever it is spread, so the walk is linear in the document's size; it stops as soon as a
 * bound is passed (a part never weighs more than the whole).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  bounds: MeasureBounds,
  listSizes: ListSizes = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const connectedAccounts = listSizes['Query.connectedAccounts'] ?? 1;
  const measured = new Map<string, Totals | 'measuring'>();
  let steps = 0;

  const check = (totals: Totals): Totals => {
    if (totals.depth > bounds.maxDepth)
      throw new Stop('QUERY_TOO_DEEP', `more than ${bounds.maxDepth} levels deep`);
    if (totals.aliases > bounds.maxAliases)
      throw new Stop('TOO_MANY_ALIASES', `more than ${bounds.maxAliases} aliases`);
    if (totals.cost > bounds.maxCost)
      throw new Stop('QUERY_TOO_COMPLEX', `cost over ${bounds.maxCost}`);
    if (Math.ceil(totals.calls + totals.batchCalls) > bounds.maxUpstreamCalls)
      throw new Stop('TOO_MANY_UPSTREAM_CALLS', `over ${bounds.maxUpstreamCalls} vendor calls`);
    return totals;
  };

  const argumentsOf = (field: GraphQLField<unknown, unknown>, node: FieldNode) => {
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, node, variables);
    } catch {
      // Bad arguments are answered by validation or execution with their own error.
    }
    for (const argument of field.args) {
      const value = args[argument.name];
      if (Array.isArray(value) && value.length > MAX_LIST_ARGUMENT) {
        throw new Stop(
          'BAD_USER_INPUT',
          `"${argument.name}" of ${field.name} takes at most ${MAX_LIST_ARGUMENT} items; got ${value.length}.`,
        );
      }
    }
    return args;
  };

  const applies = (condition: GraphQLNamedType | undefined, type: GraphQLObjectType) =>
    condition === type || (isAbstractType(condition) && schema.isSubType(condition, type));

  /** Adds `part`, found `times` over, to `into`; its batch calls join `into`'s batch. */
  const add = (into: Totals, part: Totals, times = 1) => {
    into.cost += part.cost * times;
    into.calls += part.calls * times;
    into.batchCalls += part.batchCalls;
    into.aliases += part.aliases;
    into.depth = Math.max(into.depth, part.depth);
  };

  /** The most each measure of the parts may reach (the dearest of the types an id may name). */
  const worstOf = (parts: Totals[]): Totals =>
    parts.reduce(
      (worst, part) => ({
        cost: Math.max(worst.cost, part.cost),
        calls: Math.max(worst.calls, part.calls),
        batchCalls: Math.max(worst.batchCalls, part.batchCalls),
        aliases: Math.max(worst.aliases, part.aliases),
        depth: Math.max(worst.depth, part.depth),
      }),
      { ...ZERO },
    );

  /** A field's measure, per instance of its parent object. */
  const fieldTotals = (
    node: FieldNode,
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    parentById: boolean,
  ): Totals => {
    const args = argumentsOf(field, node);
    const isConnection = field.args.some((arg) => arg.name === 'first');
    const own = fieldCalls(parent.name, field.name, args, parentById, connectedAccounts);
    const totals: Totals = {
      cost: isConnection ? CONNECTION_WEIGHT : 1,
      calls: own.perItem,
      batchCalls: own.perBatch,
      aliases: node.alias ? 1 : 0,
      depth: 0,
    };
    const named = getNamedType(field.type);
    const children: Totals = { ...ZERO };
    if (node.selectionSet && isObjectType(named)) {
      const known = isListType(getNullableType(field.type))
        ? listSizes[`${parent.name}.${field.name}`]
        : undefined;
      const size = typeof args.first === 'number' ? Math.max(1, args.first) : (known ?? 1);
      const part = selectionTotals(node.selectionSet, named, reachedById(parent.name));
      add(children, { ...part, batchCalls: 0 }, size);
      // A page (or a list of known size) is a batch of its own: one users lookup per page. Any
      // other object, or list of unknown length (a message's media), joins its parent's.
      if (isConnection || known !== undefined) children.calls += part.batchCalls;
      else children.batchCalls += part.batchCalls;
    } else if (node.selectionSet && isAbstractType(named)) {
      // Objects by id (`node`, `nodes`, `_entities`): each id is priced as the type it names,
      // loader included; without known ids, as the dearest type. The ids are one batch.
      const ids = [args.ids, args.id, args.representations].find((value) => value !== undefined);
      const counts = ids === undefined ? null : countIdTypes(Array.isArray(ids) ? ids : [ids]);
      const parts: Totals[] = [];
      for (const type of schema.getPossibleTypes(named)) {
        const count = counts ? (counts.get(type.name) ?? 0) : 1;
        if (count === 0) continue;
        const part = selectionTotals(node.selectionSet, type, true);
        parts.push({
          cost: part.cost * count,
          calls: (part.calls + (LOAD_CALLS[type.name] ?? 0)) * count + part.batchCalls,
          batchCalls: 0,
          aliases: part.aliases,
          depth: part.depth,
        });
      }
      if (counts) {
        for (const part of parts) add(children, { ...part, aliases: 0 });
        children.aliases = worstOf(parts).aliases;
      } else add(children, worstOf(parts));
    }
    totals.cost += children.cost;
    totals.calls += children.calls;
    totals.batchCalls += children.batchCalls;
    totals.aliases += children.aliases;
    totals.depth = 1 + children.depth;
    return check(totals);
  };

  /** A selection set's measure, per instance of its object; `byId`: see reachedById. */
  const selectionTotals = (
    selectionSet: SelectionSetNode,
    type: GraphQLObjectType,
    byId: boolean,
  ): Totals => {
    const totals: Totals = { ...ZERO };
    for (const selection of selectionSet.selections) {
      steps += 1;
      if (selection.kind === Kind.FIELD) {
        const field = type.getFields()[selection.name.value];
        if (field) add(totals, fieldTotals(selection, type, field, byId));
        else if (selection.name.value === '__typename') {
          add(totals, { ...ZERO, cost: 1, depth: 1, aliases: selection.alias ? 1 : 0 });
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : type;
        if (applies(condition ?? undefined, type)) {
          add(totals, selectionTotals(selection.selectionSet, type, byId));
        }
      } else {
        const fragment = fragments.get(selection.name.value);
        const condition = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !applies(condition ?? undefined, type)) continue;
        // Measured once per type and provenance, then added wherever it is spread.
        const key = `${fragment.name.value}\u0000${type.name}\u0000${byId}`;
        let part = measured.get(key);
        // A fragment spreading itself: graphql-js's validation rejects it.
        if (part === 'measuring') continue;
        if (part === undefined) {
          measured.set(key, 'measuring');
          part = selectionTotals(fragment.selectionSet, type, byId);
          measured.set(key, part);
        }
        add(totals, part);
      }
      check(totals);
    }
    return totals;
  };

  const root = schema.getRootType(operation.operation);
  try {
    const totals = root ? selectionTotals(operation.selectionSet, root, false) : ZERO;
    return {
      depth: totals.depth,
      aliases: totals.aliases,
      cost: totals.cost,
      upstreamCalls: Math.ceil(totals.calls + totals.batchCalls),
      steps,
    };
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return {
      depth: 0,
      aliases: 0,
      cost: 0,
      upstreamCalls: 0,
      steps,
      stoppedAt: { code: error.code, message: error.message },
    };
  }
}
