/**
 * USB devices with one of our vendor ids, as `usb://VID:PID[/SERIAL]`
 * addresses (the form of FRAMING.md §5). The lister is injectable: machines without USB (or without
 * libusb) get none, and tests hand in a fake list.
 */
import { formatUsbAddress } from '../transport/address.ts';

/** pid.codes' shared VID for open hardware, which our boards use; override per bench. */
export const DEFAULT_USB_VENDOR_IDS: readonly number[] = [0x1209];

export interface UsbDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  /** iSerialNumber string, when the lister could read it. */
  readonly serialNumber?: string;
}

export interface UsbCandidateOptions {
  readonly vendorIds?: readonly number[];
  /** Default: `getDeviceList()` of the `usb` package (no serial numbers: reading them needs opening each device). */
  readonly list?: () => Promise<readonly UsbDeviceInfo[]>;
}

export async function listUsbCandidates(options: UsbCandidateOptions = {}): Promise<readonly string[]> {
  const vendorIds = options.vendorIds ?? DEFAULT_USB_VENDOR_IDS;
  let devices: readonly UsbDeviceInfo[];
  try {
    devices = await (options.list ?? libusbList)();
  } catch {
    return []; // no libusb, no permission, no bus: nothing to probe
  }
  return devices.filter((d) => vendorIds.includes(d.vendorId)).map((d) => formatUsbAddress(d.vendorId, d.productId, d.serialNumber));
}

async function libusbList(): Promise<readonly UsbDeviceInfo[]> {
  const { getDeviceList } = await import('usb');
  return getDeviceList().map((d) => ({ vendorId: d.deviceDescriptor.idVendor, productId: d.deviceDescriptor.idProduct }));
}
