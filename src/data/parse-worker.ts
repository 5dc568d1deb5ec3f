/** Web Worker entry: parses run CSVs off the UI thread (see parse-async.ts). */
import { expose } from 'comlink';
import { parseRuns } from './runs';

expose({ parseRuns });
