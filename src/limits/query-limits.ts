import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';

export interface QueryLimits {
  /**
   * Deepest field nesting allowed.
   * @default 12
   */
  maxDepth: number;
  /**
   * Aliased fields allowed in one operation.
   * @default 30
   */
  maxAliases: number;
  /**
   * Directives allowed in one document.
   * @default 20
   */
  maxDirectives: number;
  /**
   * Estimated cost allowed: every object field costs 1 and every connection 10 (it is a vendor
   * call), multiplied by the size of each list around it: a connection's `first`, the number of
   * `ids`, or a known list size (the number of connected accounts). Lists of unknown length (a
   * message's media) count once: they come with their parent and cost no vendor call of their own.
   * About 100 nested pages of modest size fit.
   * @default 10000
   */
  maxCost: number;
  /**
   * Lexical tokens allowed in one document (checked while parsing).
   * @default 5000
   */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 10_000,
  maxTokens: 5000,
};

/** What one connection (a field taking `first`) costs, against one plain object field. */
const CONNECTION_WEIGHT = 10;

/** Known sizes of lists without arguments, by `Type.field` (e.g. `Query.connectedAccounts`). */
export type ListSizes = Readonly<Record<string, number>>;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

type CompositeType = GraphQLObjectType | GraphQLInterfaceType;

/**
 * Measures one operation with its variables: nesting depth, aliases, directives and estimated
 * cost. Fragment spreads are expanded at every use (a fragment used twice costs twice); a
 * fragment spreading itself is skipped (graphql-js's validation rejects it anyway).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  listSizes: ListSizes = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  let directives = 0;
  visit(document, {
    Directive() {
      directives += 1;
    },
  });
  let aliases = 0;
  let deepest = 0;
  const expanding = new Set<string>();

  const sizeOf = (
    parent: CompositeType,
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
  ): number => {
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, node, variables);
    } catch {
      // Bad arguments are answered by execution with their own error.
    }
    if (typeof args.first === 'number') return Math.max(1, args.first);
    if (Array.isArray(args.ids)) return Math.max(1, args.ids.length);
    return isListType(getNullableType(field.type))
      ? (listSizes[`${parent.name}.${field.name}`] ?? 1)
      : 1;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parent: CompositeType,
    depth: number,
    multiplier: number,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        deepest = Math.max(deepest, depth);
        const field = parent.getFields()[selection.name.value];
        if (!field || !selection.selectionSet) continue;
        const named = getNamedType(field.type);
        // A connection is a vendor call (or several) per instance: it weighs ten objects.
        const isConnection = field.args.some((arg) => arg.name === 'first');
        cost += multiplier * (isConnection ? CONNECTION_WEIGHT : 1);
        if (isObjectType(named) || isInterfaceType(named)) {
          cost += walk(
            selection.selectionSet,
            named,
            depth + 1,
            multiplier * sizeOf(parent, field, selection),
          );
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parent;
        if (isObjectType(type) || isInterfaceType(type))
          cost += walk(selection.selectionSet, type, depth, multiplier);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || expanding.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        expanding.add(fragment.name.value);
        if (isObjectType(type) || isInterfaceType(type))
          cost += walk(fragment.selectionSet, type, depth, multiplier);
        expanding.delete(fragment.name.value);
      }
    }
    return cost;
  };

  const root = schema.getRootType(operation.operation);
  const cost = root ? walk(operation.selectionSet, root, 1, 1) : 0;
  return { depth: deepest, aliases, directives, cost };
}

/** The limits an operation breaks, each as a message and an `extensions.code`. */
export function limitViolations(
  measure: OperationMeasure,
  limits: QueryLimits,
): Array<{ message: string; code: string }> {
  const violations: Array<{ message: string; code: string }> = [];
  if (measure.depth > limits.maxDepth) {
    violations.push({
      message: `The query is ${measure.depth} levels deep; at most ${limits.maxDepth} are allowed.`,
      code: 'QUERY_TOO_DEEP',
    });
  }
  if (measure.aliases > limits.maxAliases) {
    violations.push({
      message: `The operation uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed.`,
      code: 'TOO_MANY_ALIASES',
    });
  }
  if (measure.directives > limits.maxDirectives) {
    violations.push({
      message: `The document uses ${measure.directives} directives; at most ${limits.maxDirectives} are allowed.`,
      code: 'TOO_MANY_DIRECTIVES',
    });
  }
  if (measure.cost > limits.maxCost) {
    violations.push({
      message: `The query's estimated cost is ${measure.cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages (first) or fewer nested lists.`,
      code: 'QUERY_TOO_COMPLEX',
    });
  }
  return violations;
}
