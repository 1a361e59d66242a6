/**
 * Where a node's control API listens, from its bench config: the Unix socket
 * (always) and loopback HTTP (when `control.http` is set). Shared by
 * `qkdd run` (which listens) and `qkdctl --config` (which connects), so both
 * derive the same default socket path.
 */
import { dirname, join } from 'node:path';
import type { BenchConfig } from '../../config/bench-config.ts';

export interface ControlSettings {
  /** Absolute when the config was read with readBenchConfig. */
  readonly socketPath: string;
  /** Loopback host and port (0: any free port), or null when only the socket is served. */
  readonly http: { readonly host: string; readonly port: number } | null;
}

/** Default socket file name, in the key store's folder: unprivileged, and a folder that already holds this node's secrets. */
export const DEFAULT_SOCKET_NAME = 'control.sock';

export function controlSettingsFromConfig(config: BenchConfig): ControlSettings {
  const socketPath = config.control?.socket ?? join(dirname(config.keystore.path), DEFAULT_SOCKET_NAME);
  const listen = config.control?.http;
  if (!listen) return { socketPath, http: null };
  const i = listen.lastIndexOf(':');
  return { socketPath, http: { host: listen.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(listen.slice(i + 1)) } };
}
