/** One open event stream's hold on its client's allowance; release it when the stream closes. */
export interface StreamLease {
  release(): void;
}

/**
 * Counts the event streams each client holds open, so one client cannot pin down an API's sockets.
 * In memory here; the Redis version counts across every API instance.
 */
export interface StreamSlots {
  /** A lease for one more stream, or null when the client already holds `limit`. */
  acquire(client: string, limit: number): Promise<StreamLease | null>;
  close(): void;
}

export class MemoryStreamSlots implements StreamSlots {
  private readonly open = new Map<string, number>();

  acquire(client: string, limit: number): Promise<StreamLease | null> {
    const n = this.open.get(client) ?? 0;
    if (n >= limit) return Promise.resolve(null);
    this.open.set(client, n + 1);
    let released = false;
    return Promise.resolve({
      release: () => {
        if (released) return;
        released = true;
        const left = (this.open.get(client) ?? 1) - 1;
        if (left <= 0) this.open.delete(client);
        else this.open.set(client, left);
      },
    });
  }

  close(): void {}
}
