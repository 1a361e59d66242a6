/**
 * Find the boards attached to this machine: serial ports, USB devices with
 * our vendor id, and explicit candidate addresses (e.g. the pty paths the
 * simulator printed, or tcp:// bridges); probe each and report what
 * answered, and why the others were skipped.
 */
import { probeBoard, type DiscoveredBoard, type ProbeOptions } from './probe-board.ts';
import { listSerialCandidates, type SerialCandidateOptions } from './serial-candidates.ts';
import { listUsbCandidates, type UsbCandidateOptions } from './usb-candidates.ts';

export interface DiscoveryOptions extends ProbeOptions {
  /** Extra addresses or device paths ('/dev/pts/3' is taken as serial:///dev/pts/3). */
  readonly candidates?: readonly string[];
  /** List serial ports (false: skip). Default true. */
  readonly serial?: SerialCandidateOptions | false;
  /** List USB devices (false: skip). Default true. */
  readonly usb?: UsbCandidateOptions | false;
  /** Probes run at once. Default 8. */
  readonly concurrency?: number;
}

export interface DiscoveryResult {
  readonly boards: readonly DiscoveredBoard[];
  readonly skipped: readonly { readonly url: string; readonly reason: string }[];
  /** Addresses the OS would not let us open (a subset of `skipped`): a permission problem, not an empty bench. */
  readonly permissionDenied: readonly { readonly url: string; readonly reason: string }[];
  /** Set when the serial lister failed and the /dev scan was used. */
  readonly serialListError?: string;
}

/** A device path or an address, as an address. */
export function candidateUrl(candidate: string): string {
  return candidate.startsWith('/') ? `serial://${candidate}` : candidate;
}

export async function discoverBoards(options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const urls: string[] = [];
  let serialListError: string | undefined;
  if (options.serial !== false) {
    const serial = await listSerialCandidates(options.serial);
    serialListError = serial.listError;
    urls.push(...serial.paths.map(candidateUrl));
  }
  if (options.usb !== false) urls.push(...(await listUsbCandidates(options.usb)));
  urls.push(...(options.candidates ?? []).map(candidateUrl));
  const unique = [...new Set(urls)];

  const results = await mapLimited(unique, options.concurrency ?? 8, (url) => probeBoard(url, options));
  const boards: DiscoveredBoard[] = [];
  const skipped: { url: string; reason: string }[] = [];
  const permissionDenied: { url: string; reason: string }[] = [];
  for (const r of results) {
    if (r.ok) boards.push(r.board);
    else {
      skipped.push({ url: r.url, reason: r.reason });
      if (r.permissionDenied) permissionDenied.push({ url: r.url, reason: r.reason });
    }
  }
  return { boards, skipped, permissionDenied, ...(serialListError !== undefined ? { serialListError } : {}) };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
