/**
 * The tool's name and version, for exported methods text and file metadata. The version is
 * package.json's, through Vite's JSON import (only the named field reaches the bundle).
 */
import { version } from '../../package.json';

/** Human name of the tool. */
export const TOOL_NAME = 'Scaling Sweep';

/** package.json version of this build. */
export const TOOL_VERSION: string = version;
