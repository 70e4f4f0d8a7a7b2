import { EventEmitter } from 'node:events';
import type { StatusResponse } from '../contracts/status';

export interface JobEventMessage {
  seq: number;
  kind: 'status' | 'progress';
  data: StatusResponse;
}

/**
 * Signals between API and workers: job events (for SSE) and cancel requests. Best effort: the store
 * holds the truth, and SSE clients replay from it.
 */
export interface EventBus {
  publishJobEvent(jobId: string, msg: JobEventMessage): Promise<void>;
  subscribeJob(jobId: string, fn: (msg: JobEventMessage) => void): () => void;
  publishCancel(jobId: string): Promise<void>;
  onCancel(fn: (jobId: string) => void): () => void;
  close(): Promise<void>;
}

export class MemoryEventBus implements EventBus {
  private readonly ee = new EventEmitter();
  constructor() {
    this.ee.setMaxListeners(0);
  }
  publishJobEvent(jobId: string, msg: JobEventMessage): Promise<void> {
    this.ee.emit(`job:${jobId}`, msg);
    return Promise.resolve();
  }
  subscribeJob(jobId: string, fn: (msg: JobEventMessage) => void): () => void {
    this.ee.on(`job:${jobId}`, fn);
    return () => this.ee.off(`job:${jobId}`, fn);
  }
  publishCancel(jobId: string): Promise<void> {
    this.ee.emit('cancel', jobId);
    return Promise.resolve();
  }
  onCancel(fn: (jobId: string) => void): () => void {
    this.ee.on('cancel', fn);
    return () => this.ee.off('cancel', fn);
  }
  close(): Promise<void> {
    this.ee.removeAllListeners();
    return Promise.resolve();
  }
}
