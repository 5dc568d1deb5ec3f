/** Web Worker entry: exposes the CPU worker API through comlink. */
import { expose, transfer } from 'comlink';
import { createCpuWorkerApi } from './cpu-worker-api';

expose(createCpuWorkerApi(transfer));
