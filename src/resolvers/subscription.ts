import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { codedError } from '../errors/coded-errors.ts';
import type {
  ChatUpdatedEvent,
  ConnectedAccountUpdatedEvent,
  GatewayEvent,
  MessageAddedEvent,
} from '../events/gateway-event.ts';
import { SubscriberTooSlowError } from '../events/subscriber-queue.ts';
import { accountsNamed, type ConnectedAccountShape } from './connected-account.ts';
import type { MessageShape, WrittenChat } from './shapes.ts';

/**
 * What a subscription's source yields: the next event, or, once, why the subscription ends. An
 * ending is resolved like an event so that the client reads it as a coded error in the stream
 * itself, where a failing source would only cut the connection.
 */
export type LivePayload<Event extends GatewayEvent> = { event: Event } | { ending: GraphQLError };

type Done = { done: true; value: undefined };
const DONE: Done = { done: true, value: undefined };

/**
 * One subscriber's events as a subscription's source. A class, not an async generator: a
 * generator waiting for its next event would hold a client's `return()` until that event came,
 * and one never started would skip its `finally`, keeping its slot and its queue.
 *
 * Before yielding each event it renews the context's per-request parts (loaders, call budget,
 * cost, deadline; all but the cost made only when the event's execution uses them): graphql-js
 * resolves a subscription's events one at a time, each with this same context object, and asks
 * for the next event only once the previous one's result is taken, so the parts renewed here serve
 * exactly the event about to be resolved.
 */
class LiveStream<Event extends GatewayEvent> implements AsyncIterableIterator<LivePayload<Event>> {
  #ended = false;

  constructor(
    private readonly context: GatewayContext,
    private readonly events: AsyncIterableIterator<GatewayEvent>,
    private readonly release: () => void,
  ) {}

  async next(): Promise<IteratorResult<LivePayload<Event>>> {
    if (this.#ended) return DONE;
    try {
      const next = await this.events.next();
      if (next.done || this.#ended) {
        this.#end();
        return DONE;
      }
      this.context.renewForEvent();
      return { done: false, value: { event: next.value as Event } };
    } catch (error) {
      this.#end();
      if (!(error instanceof SubscriberTooSlowError)) throw error;
      return { done: false, value: { ending: codedError('SUBSCRIBER_TOO_SLOW', error.message) } };
    }
  }

  return(): Promise<Done> {
    this.#end();
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<Done> {
    this.#end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LivePayload<Event>> {
    return this;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.release();
    void this.events.return?.();
  }
}

/**
 * Events of one kind in the accounts `accountIds` names (every account of the caller's view
 * when left out; an id outside it is refused as unknown). Refused with TOO_MANY_SUBSCRIPTIONS
 * when this replica serves `limits.maxSubscriptions` already.
 */
export function subscribeToEvents<Event extends GatewayEvent>(
  context: GatewayContext,
  kind: Event['kind'],
  accountIds?: readonly string[] | null,
): AsyncIterableIterator<LivePayload<Event>> {
  const entries = accountsNamed(context, accountIds);
  const release = context.live.slots ? context.live.slots.take() : () => {};
  if (!release) {
    throw codedError(
      'TOO_MANY_SUBSCRIPTIONS',
      `This replica serves ${context.live.slots?.max} subscriptions already: try again later.`,
    );
  }
  const events = context.events.subscribe(
    {
      kinds: new Set([kind]),
      accounts: new Set(entries.map((entry) => entry.connectedAccount.externalId)),
    },
    { maxQueued: context.live.maxQueued, signal: context.live.lifetime?.() },
  );
  return new LiveStream<Event>(context, events, release);
}

/**
 * The event a subscription's payload carries, as the bus handed it to every subscriber: what
 * their executions may share. Undefined for an ending, which is one subscriber's own.
 */
export function sharedEventOf(payload: unknown): GatewayEvent | undefined {
  if (typeof payload !== 'object' || payload === null || !('event' in payload)) return undefined;
  return (payload as { event: GatewayEvent }).event;
}

function eventOf<Event extends GatewayEvent>(payload: LivePayload<Event>): Event {
  if ('ending' in payload) throw payload.ending;
  return payload.event;
}

/** The message as a read of its chat gives it: its id carries what the chat's id carries. */
export function messageOfEvent(payload: LivePayload<MessageAddedEvent>): MessageShape {
  const { message, partnerUsername } = eventOf(payload);
  return { ...message, partnerUsername };
}

/** The chat, known by its key, with what the event settled (its last message, its unread count). */
export function chatOfEvent(payload: LivePayload<ChatUpdatedEvent>): WrittenChat {
  const { connectedAccount, chatId, partnerId, partnerUsername, written } = eventOf(payload);
  return { connectedAccount, chatId, partnerId, partnerUsername, written };
}

/** The connected account, with the status the event told (no vendor call to read it). */
export function connectedAccountOfEvent(
  context: GatewayContext,
  payload: LivePayload<ConnectedAccountUpdatedEvent>,
): ConnectedAccountShape {
  const { connectedAccount, status } = eventOf(payload);
  // The subscription's filter holds only accounts of the caller's view.
  const entry = context.connectedAccounts.byExternalId.get(connectedAccount.externalId)!;
  return { ...entry, status };
}
