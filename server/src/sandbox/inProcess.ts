// The sandbox's REST face served inside this process, with no socket: every
// connection a client opens is one end of an in-memory stream pair whose
// other end is handed to an http.Server as a new connection. HTTP is spoken
// in full on both sides (Node's client and parser, the server and its
// handler), so a client library works unchanged, watches included. The
// drain planner runs the product's own drain against a simulator this way.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';
import type { ClusterApi } from '../sim/api';
import { authenticator } from './authentication';
import { createHandler } from './handler';

/** One end of a connection: what one side writes, the other reads. Answers the socket calls http makes as no-ops. */
class PipeEnd extends Duplex {
  peer!: PipeEnd;

  constructor(private readonly moved: () => void) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.moved();
    this.peer.push(chunk);
    done();
  }

  override _read(): void {}

  override _final(done: (error?: Error | null) => void): void {
    this.moved();
    this.peer.push(null);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.moved();
    if (!this.peer.destroyed) this.peer.destroy();
    done(error);
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setTimeout(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

export interface InProcessServer {
  /** A new connection to the server: what an http.Agent's `createConnection` returns. */
  connect(): Duplex;
  /** The bearer token it accepts (the admin's). */
  readonly token: string;
  /**
   * Grows whenever either side writes or a connection ends: unchanged across
   * a turn of the event loop, the conversation has paused (nothing in flight).
   */
  readonly activity: number;
  /** Ends every watch and connection. */
  close(): void;
}

/** The REST face of `api`, for in-process clients. */
export function serveInProcess(api: ClusterApi): InProcessServer {
  const token = randomBytes(32).toString('base64url');
  let activity = 0;
  const moved = () => void activity++;
  const handler = createHandler({ api, authenticate: authenticator(token), serverAddress: () => 'kube-eviction.invalid' });
  const server = createServer(handler.handle);
  const open = new Set<PipeEnd>();
  return {
    token,
    get activity() {
      return activity;
    },
    connect() {
      const client = new PipeEnd(moved);
      const served = new PipeEnd(moved);
      client.peer = served;
      served.peer = client;
      open.add(client);
      client.once('close', () => open.delete(client));
      server.emit('connection', served);
      moved();
      return client;
    },
    close() {
      handler.closeWatches();
      for (const end of [...open]) end.destroy();
      server.close();
    },
  };
}
