/** Discovery of attached boards: list serial/USB candidates, probe with *IDN? and Hello. */
export { discoverBoards, candidateUrl, type DiscoveryOptions, type DiscoveryResult } from './discover-boards.ts';
export { probeBoard, kindName, type BoardKindName, type DiscoveredBoard, type ProbeOptions, type ProbeResult } from './probe-board.ts';
export { listSerialCandidates, type SerialCandidateOptions, type SerialCandidates } from './serial-candidates.ts';
export { listUsbCandidates, DEFAULT_USB_VENDOR_IDS, type UsbCandidateOptions, type UsbDeviceInfo } from './usb-candidates.ts';
