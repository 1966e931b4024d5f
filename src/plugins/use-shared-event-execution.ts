import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
} from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { sharedEventOf } from '../resolvers/subscription.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';

/** An event's answer to one subscription, and what its execution reported beside the data. */
interface SharedAnswer {
  result: ExecutionResult;
  warnings: GatewayContext['warnings'];
  partialErrors: GatewayContext['partialErrors'];
}

/**
 * Small numbers standing for objects in a text key: documents (yoga's parse cache gives one per
 * query text) and callers' views (one per set of accounts), which a key must tell apart by
 * identity without keeping them alive.
 */
class ObjectNumbers {
  readonly #numbers = new WeakMap<object, number>();
  #next = 0;

  of(object: object): number {
    let number = this.#numbers.get(object);
    if (number === undefined) {
      this.#next += 1;
      number = this.#next;
      this.#numbers.set(object, number);
    }
    return number;
  }
}

/**
 * The answers events gave, by event and by what an answer depends on. The event object is the
 * one the bus hands every subscriber's queue, so an entry lives exactly as long as some
 * subscriber may still read that event.
 */
class SharedAnswers {
  readonly #byEvent = new WeakMap<object, Map<string, Promise<SharedAnswer>>>();
  readonly #documents = new ObjectNumbers();
  readonly #views = new ObjectNumbers();

  /**
   * What makes two subscriptions' answers to one event the same: the document, the operation,
   * the variables (as sent: the same values in another key order only miss a share), and the
   * caller, by its token and the accounts it sees, so that no caller is ever handed what
   * another's view computed. A request for fresh data shares only with others that asked so.
   * Made once, as the subscription starts: its context's first parts are still its request's.
   */
  keyOf(args: ExecutionArgs): string {
    const context = args.contextValue as GatewayContext;
    const view: ConnectedAccounts = context.connectedAccounts;
    return [
      this.#documents.of(args.document as DocumentNode),
      args.operationName ?? '',
      JSON.stringify(args.variableValues ?? {}),
      this.#views.of(view),
      context.caller.name,
      context.call.cacheRead?.fresh === true ? 'fresh' : 'kept',
    ].join('\n');
  }

  /**
   * The answer to `event` under `key`: executed by the first subscriber to ask, with its own
   * context (its deadline, call budget and loaders, so the vendor calls it makes are charged to
   * it alone), and awaited by the others. A subscriber that leaves meanwhile only stops reading:
   * the execution goes on for the others.
   */
  answer(event: object, key: string, run: () => Promise<SharedAnswer>): Promise<SharedAnswer> {
    let answers = this.#byEvent.get(event);
    if (!answers) {
      answers = new Map();
      this.#byEvent.set(event, answers);
    }
    let answer = answers.get(key);
    if (!answer) {
      answer = run();
      answers.set(key, answer);
    }
    return answer;
  }
}

/** Executes one event for one subscriber, as graphql-js's `subscribe` would. */
async function executeEvent(args: ExecutionArgs, payload: unknown): Promise<SharedAnswer> {
  const context = args.contextValue as GatewayContext;
  const result = await execute({ ...args, rootValue: payload });
  return { result, warnings: context.warnings, partialErrors: context.partialErrors };
}

/**
 * Executes each event of a subscription once for every subscriber who would compute the same
 * answer (same event, document, variables, operation and caller), instead of once per
 * subscriber: a thousand subscribers of one screen cost one execution per event.
 *
 * The subscriber that executed reports the event's cost (`extensions.cost`) and pays it from its
 * token's budget; the others report none, as they made no vendor call, while the failures beside
 * the data (`errors` of part of a field, `extensions.warnings`) are the same for all. An ending
 * (SUBSCRIBER_TOO_SLOW) is one subscriber's own and is never shared.
 */
export function useSharedEventExecution(): Plugin<GatewayContext> {
  const answers = new SharedAnswers();
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source;
        const key = answers.keyOf(args);
        const context = args.contextValue as GatewayContext;
        return mapAsyncIterator(source, async (payload: unknown) => {
          const event = sharedEventOf(payload);
          const run = () => executeEvent(args, payload);
          if (event === undefined) return (await run()).result;
          const shared = await answers.answer(event, key, run);
          context.warnings = shared.warnings;
          context.partialErrors = shared.partialErrors;
          return shared.result;
        });
      });
    },
  };
}
