/**
 * Every expected failure of qkdd has one code in this table. Codes are grouped
 * in ranges by the layer that raises them, so a caller, a log line or a
 * technician can tell where a failure comes from at a glance (the shape is
 * zwave-js's ZWaveErrorCodes):
 *
 *   1xx transport   the byte pipe to a board (serial, USB, TCP)
 *   2xx link        requests and responses over frames
 *   3xx device      the board answered with an error status
 *   4xx board       driver use, board identity
 *   5xx config      bench config, files it names, command-line usage
 *   6xx peer        the authenticated classical channel to the peer node
 *   7xx key store   durable key storage and hand-out
 *   8xx delivery    key delivery to applications (ETSI GS QKD 014) and peer reservations
 *   9xx node        orchestration of one node and its post-processing
 *
 * Numbers are part of the interface (they appear in logs and `--json`
 * output): never renumber, only add.
 */
export enum QkdErrorCode {
  // 1xx — transport
  TransportOpenFailed = 100,
  TransportClosed = 101,
  TransportWriteFailed = 102,
  TransportUnplugged = 103,
  /** A board address (URL) that does not parse, or names an option that does not exist. */
  TransportBadUrl = 104,
  /** A read failed for a reason other than unplug (e.g. a USB bulk IN stall or overflow). */
  TransportReadFailed = 105,
  /** The OS refused to open a board's device (serial group, USB device permissions); the message has the udev/group hint. */
  TransportPermissionDenied = 106,

  // 2xx — link layer
  Timeout = 200,
  ProtocolError = 201,
  VersionMismatch = 202,
  LinkClosed = 203,
  Backpressure = 204,

  // 3xx — device
  /** The board answered with an error status; `details.status` holds it. */
  DeviceError = 300,

  // 4xx — board driver
  InvalidArgument = 400,
  /** The board at an address is of another kind than the config expects. */
  WrongBoard = 401,
  NotConnected = 402,

  // 5xx — configuration, files, usage
  /** A field of the bench config is invalid; `details.problems` lists each with its line. */
  ConfigInvalid = 500,
  /** A file or folder that the config names does not exist. */
  FileMissing = 501,
  /** A file or folder exists but cannot be read or written (permissions, wrong type). */
  FileUnusable = 502,
  /** A bad command line (unknown option, missing value). */
  Usage = 503,
  /** An external program a command needs (openssl, socat) is missing or failed. */
  ExternalToolFailed = 504,
  /** A listen address of the bench config (peer, ETSI, control) is in use or not an address of this machine. */
  ListenAddressUnavailable = 505,
  /** A time-tag recording (PicoQuant PTU) or pattern file that is truncated, corrupt or of a kind we do not read; the message names the file and byte offset. */
  RecordingFileInvalid = 506,
  /** A calibration file (src/calibration/calibration-file.ts) that does not parse or fails its schema; the message names the file and field. */
  CalibrationFileInvalid = 507,
  /** A network topology (routing or the network simulation) that names an unknown node or link, repeats an ID, or joins a node to itself; the message names the ID. */
  TopologyInvalid = 508,

  // 6xx — peer channel
  /** A bad option or argument of the peer channel (a programming or config error). */
  PeerInvalidArgument = 600,
  /** The authentication key source has fewer bits than the channel needs; nothing was sent. */
  AuthKeyExhausted = 601,
  /** The key source failed for another reason (I/O, key store error); see `cause`. */
  AuthKeyUnavailable = 602,
  /** The pre-shared key file or its position file is malformed or does not match. */
  AuthKeyFileInvalid = 603,
  /** A length prefix above `maxFrameBytes`: the stream cannot be resynchronized. */
  PeerFrameTooLarge = 604,
  /** A message body that does not encode (e.g. two bodies set) or decode. */
  PeerInvalidMessage = 605,
  /** The peer's first authenticated message did not verify (wrong key, or key positions drifted). */
  AuthenticationFailed = 606,
  /** More authentication failures in one session than `maxAuthFailures`; the session is closed. */
  TooManyAuthenticationFailures = 607,
  /** The peer's preamble or Hello does not match ours (version, link, role, tag size). */
  HandshakeMismatch = 608,
  /** The peer claims a key position further ahead than `maxResyncBits`. */
  ResyncTooFar = 609,
  /** No preamble or Hello from the peer within `handshakeTimeoutMs`. */
  HandshakeTimeout = 610,
  /** The channel is closed (locally, by the peer, or after an error). */
  PeerClosed = 611,
  /** The two nodes' pre-shared key files differ (their fingerprints, sent in the preamble, do not match); no key was taken. */
  PskMismatch = 612,
  /** Part of a frame arrived and the rest did not within `partialFrameTimeoutMs` (a corrupted length prefix, or a stalled link). */
  PeerFrameStalled = 613,

  // 7xx — key store
  /** Adding the block would exceed `maxBits`; the node should pause generation. */
  CapacityExceeded = 700,
  /** A block with this ID was added before (block IDs are never reused, even after consumption). */
  DuplicateBlock = 701,
  /** A bad argument: size not a multiple of 8, out of range, empty ID, malformed reservation. */
  KeyStoreInvalidArgument = 702,
  /** The application pool holds fewer bits than the request needs. */
  NotEnoughKey = 703,
  /** The authentication pool holds fewer bits than the request needs. */
  NotEnoughAuthKey = 704,
  /** No key with this ID (never reserved here, discarded, or pruned). */
  UnknownKeyId = 705,
  /** The key was handed out before on this node. */
  AlreadyDelivered = 706,
  /** The caller is not the SAE the key was reserved for. */
  WrongSae = 707,
  /** A peer's reservation does not match the bits at the front of this node's pool. */
  ReservationMismatch = 708,
  /** A peer's reservation names a block this node has never stored. */
  MissingBlock = 709,
  /** A peer's reservation reuses a key ID this node already knows. */
  DuplicateKeyId = 710,
  /** No reservation with this ID, or it has no undelivered keys left. */
  UnknownReservation = 711,
  /** The database was written by a newer schema than this code knows. */
  UnsupportedSchema = 712,
  /** A group commit (KeyStore.grouped) could not be committed (disk full, I/O error): every change of the group was undone. */
  KeyStoreCommitFailed = 713,

  // 8xx — key delivery (ETSI GS QKD 014) and reservations with the peer KME
  /** A malformed or unsatisfiable request (HTTP 400). */
  DeliveryBadRequest = 800,
  /** The caller's identity is missing or not allowed (HTTP 401). */
  DeliveryUnauthorized = 801,
  /** No such path (HTTP 404). */
  DeliveryNotFound = 802,
  /** Wrong HTTP method for the path (HTTP 405). */
  DeliveryMethodNotAllowed = 803,
  /** The KME cannot serve the request now (HTTP 503). */
  DeliveryUnavailable = 804,
  /** The ETSI 014 server cannot listen on `etsi.listen` (port in use, no permission). */
  DeliveryListenFailed = 805,
  /** No open channel to the peer KME, or sending failed. */
  ReservationUnreachable = 810,
  /** The peer KME did not answer within the timeout. */
  ReservationTimeout = 811,
  /** The peer KME answered and refused (its reason is in the message). */
  ReservationRejected = 812,
  /** A reservation from the peer KME that is malformed or names SAEs this link does not serve; the slave refuses it. */
  ReservationInvalid = 813,
  /** The control API cannot listen on `control.socket` or `control.http` (unsafe folder, path too long, a live node already serves it, port in use). */
  ControlListenFailed = 820,
  /** qkdctl: no node answers at the control socket or URL it tried (not running, wrong path or port). */
  ControlUnreachable = 821,
  /** qkdctl: the node's control API answered with an error, or with something that is not the control API. */
  ControlRequestFailed = 822,
  /** qkdctl record: the node ended the tag stream early (its buffer cap was hit, it stopped) or tags were lost; the file is kept and says so. */
  RecordingIncomplete = 823,

  // 9xx — node and post-processing
  /** The peer broke the frame protocol (wrong phase, inconsistent counts). */
  FrameProtocolViolation = 900,
  /** A float guard of the privacy amplification tripped (a bug or an unexpected platform, never bad luck). */
  PrecisionLost = 901,
  /** The bench attached to a node does not fit its role or config. */
  BenchMismatch = 902,
  /** A worker thread or executor failed. */
  ExecutorFailed = 903,
  /** The host cannot run this code as built (e.g. a big-endian CPU for the little-endian peer wire format). */
  UnsupportedHost = 904,
  /** A calibration could not measure what it looks for (no correlation peak, too few tags, no light); the message says what was seen. */
  CalibrationFailed = 920,
  /** Key relay (src/network/relay): a bad relay request or message — a path not through this node, an unknown link, a key size not a multiple of 8. */
  RelayInvalidArgument = 940,
  /** Key relay: no relayed key with this key_ID at this node (never relayed here, or its record was pruned). */
  RelayUnknownKey = 941,
  /** Key relay: the relayed key is not usable here (not yet confirmed end to end, or aborted); `details.state` says which. */
  RelayKeyNotUsable = 942,
  /** Key relay: the relayed key was already handed to this node's SAE (exactly once). */
  RelayAlreadyDelivered = 943,
  /** Key relay: a relay message that does not decode, or whose fields contradict each other. */
  RelayMessageInvalid = 944,
  /** Key relay: no path to the destination node has enough key on every hop (links down, alarmed, or short of key); `details.to`, `details.bits`. */
  RelayNoPath = 945,
  /** Key relay: the relayed key was not confirmed end to end in time (aborted, or still in doubt); `details.state`. */
  RelayFailed = 946,
}

/** The layer families, each a half-open range of codes. */
export const QKD_ERROR_FAMILIES = {
  transport: [100, 200],
  link: [200, 300],
  device: [300, 400],
  board: [400, 500],
  config: [500, 600],
  peer: [600, 700],
  keyStore: [700, 800],
  delivery: [800, 900],
  node: [900, 1000],
} as const satisfies Record<string, readonly [number, number]>;

export type QkdErrorFamily = keyof typeof QKD_ERROR_FAMILIES;

export function familyOf(code: QkdErrorCode): QkdErrorFamily {
  for (const [family, [lo, hi]] of Object.entries(QKD_ERROR_FAMILIES)) {
    if (code >= lo && code < hi) return family as QkdErrorFamily;
  }
  throw new RangeError(`error code ${code} is in no family`);
}
