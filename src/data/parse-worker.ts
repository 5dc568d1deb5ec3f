/** Web Worker entry: parses run CSVs and links' data off the UI thread (see parse-async.ts). */
import { expose } from 'comlink';
import { parseApi } from './parse-api';

expose(parseApi);
