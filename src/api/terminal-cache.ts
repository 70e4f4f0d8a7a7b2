import type { StatusResponse } from '../contracts/status';

/** A bounded map of finished jobs' status views (least recently used out first). Finished jobs never change. */
export class TerminalStatusCache {
  private readonly map = new Map<string, StatusResponse>();
  constructor(private readonly capacity: number) {}

  get(id: string): StatusResponse | undefined {
    const v = this.map.get(id);
    if (v) {
      this.map.delete(id);
      this.map.set(id, v);
    }
    return v;
  }

  set(id: string, v: StatusResponse): void {
    this.map.delete(id);
    this.map.set(id, v);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }
}
