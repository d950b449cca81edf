// Test client for the console's WebSocket protocol (docs/console.md): requests with ids,
// responses matched by id, events collected in order. Every wait is bounded.
import WebSocket from 'ws';

export interface ConsoleMsg {
  id?: string | number | null;
  result?: unknown;
  error?: { code: string; message: string };
  event?: string;
  data?: unknown;
}

export interface ConsoleClient {
  readonly ws: WebSocket;
  /** Sends a request and resolves with its response (result or error), within `timeoutMs`. */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<ConsoleMsg>;
  /** Like `request`, but throws on an error response and returns the result. */
  call<T = unknown>(method: string, params?: unknown, timeoutMs?: number): Promise<T>;
  /**
   * Waits for an event matching `pred`, searching events from index `since` of `events` on
   * (default 0: events received before the call count too).
   */
  event(pred: (m: ConsoleMsg) => boolean, timeoutMs?: number, since?: number): Promise<ConsoleMsg>;
  /** Every event received so far. */
  readonly events: ConsoleMsg[];
  readonly closed: Promise<number>;
  close(): void;
}

export async function connectConsole(
  addr: string,
  token?: string,
  opts: { scheme?: 'ws' | 'wss'; ca?: Buffer } = {},
): Promise<ConsoleClient> {
  const ws = new WebSocket(`${opts.scheme ?? 'ws'}://${addr}/ws`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(opts.ca ? { ca: opts.ca } : {}),
  });
  const pending = new Map<string | number, (m: ConsoleMsg) => void>();
  const events: ConsoleMsg[] = [];
  const eventWaiters = new Set<() => void>();
  let nextId = 1;
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as ConsoleMsg;
    if (m.event !== undefined) {
      events.push(m);
      for (const w of eventWaiters) w();
      return;
    }
    const h = m.id !== undefined && m.id !== null ? pending.get(m.id) : undefined;
    if (h) {
      pending.delete(m.id!);
      h(m);
    }
  });
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const request = (method: string, params?: unknown, timeoutMs = 60_000): Promise<ConsoleMsg> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const t = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`console ${method}: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, (m) => {
        clearTimeout(t);
        resolve(m);
      });
      ws.send(JSON.stringify({ id, method, params: params ?? {} }));
    });
  return {
    ws,
    events,
    closed,
    request,
    async call<T>(method: string, params?: unknown, timeoutMs?: number): Promise<T> {
      const m = await request(method, params, timeoutMs);
      if (m.error) throw new Error(`console ${method}: ${m.error.code}: ${m.error.message}`);
      return m.result as T;
    },
    event(pred, timeoutMs = 30_000, since = 0) {
      let seen = since;
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          for (; seen < events.length; seen++) {
            if (pred(events[seen]!)) {
              resolve(events[seen]!);
              return true;
            }
          }
          return false;
        };
        if (check()) return;
        const t = setTimeout(() => {
          eventWaiters.delete(w);
          reject(new Error(`no matching console event within ${timeoutMs} ms`));
        }, timeoutMs);
        const w = (): void => {
          if (check()) {
            clearTimeout(t);
            eventWaiters.delete(w);
          }
        };
        eventWaiters.add(w);
      });
    },
    close() {
      ws.close();
    },
  };
}
