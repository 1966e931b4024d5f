import { type DocumentNode, Kind, type SelectionSetNode } from 'graphql';

/**
 * graphql-js's OverlappingFieldsCanBeMerged compares every pair of fields that share a response
 * name in one selection set (inline fragments flattened), and every pair of fragments spread
 * there: a document repeating `connectedAccounts { id }` 500 times validates in about 2 s. Real
 * documents repeat a name a few times at most; a selection set past these caps is refused before
 * validation, which then takes time linear in the document's size.
 */

/** Fields sharing one response name in one selection set, inline fragments included. */
export const MAX_FIELD_REPEATS = 16;

/** Distinct fragments spread in one selection set, inline fragments included. */
export const MAX_FRAGMENT_SPREADS = 32;

/** Why a document repeats fields too often to be validated safely; null when it does not. */
export function fieldRepeatsRefusal(document: DocumentNode): string | null {
  const check = (root: SelectionSetNode): string | null => {
    const names = new Map<string, number>();
    const spreads = new Set<string>();
    const pending: SelectionSetNode[] = [root];
    // Each selection set is counted once: inline fragments with the set they flatten into, the
    // selection sets of fields and fragments as roots of their own.
    for (let set = pending.pop(); set; set = pending.pop()) {
      for (const selection of set.selections) {
        if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
        else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          spreads.add(selection.name.value);
          if (spreads.size > MAX_FRAGMENT_SPREADS) {
            return `a selection spreads more than ${MAX_FRAGMENT_SPREADS} fragments`;
          }
        } else {
          const name = selection.alias?.value ?? selection.name.value;
          const count = (names.get(name) ?? 0) + 1;
          names.set(name, count);
          if (count > MAX_FIELD_REPEATS) {
            return `"${name.slice(0, 40)}" is asked more than ${MAX_FIELD_REPEATS} times in one selection`;
          }
          if (selection.selectionSet) roots.push(selection.selectionSet);
        }
      }
    }
    return null;
  };
  const roots: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OPERATION_DEFINITION ||
      definition.kind === Kind.FRAGMENT_DEFINITION
    ) {
      roots.push(definition.selectionSet);
    }
  }
  for (let root = roots.pop(); root; root = roots.pop()) {
    const refusal = check(root);
    if (refusal) return refusal;
  }
  return null;
}
