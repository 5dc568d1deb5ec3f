/** worker_threads entry of the CLI's CPU engine: exposes the CPU worker API through comlink. */
import { parentPort } from 'node:worker_threads';
import { type Endpoint, expose, transfer } from 'comlink';
import { createCpuWorkerApi } from '../engine/cpu-worker-api';

const port = parentPort;
if (!port) throw new Error('cpu-thread runs only as a worker thread');

type Listener = EventListenerOrEventListenerObject;
/** Each comlink listener and the Node listener that calls it with a `{ data }` event. */
const bound = new Map<Listener, (data: unknown) => void>();

/** The parent port as the endpoint comlink expects (message events carry `data`). */
const endpoint: Endpoint = {
  postMessage: (message: unknown, list?: Transferable[]) =>
    port.postMessage(message, (list ?? []) as never),
  addEventListener(_type: string, listener: Listener) {
    const call = (data: unknown) => {
      const event = { data } as MessageEvent;
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    };
    bound.set(listener, call);
    port.on('message', call);
  },
  removeEventListener(_type: string, listener: Listener) {
    const call = bound.get(listener);
    if (call) port.off('message', call);
    bound.delete(listener);
  },
};

expose(createCpuWorkerApi(transfer), endpoint);
