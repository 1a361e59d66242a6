/**
 * `PeerChannel`: the authenticated classical channel between the two nodes of
 * a link, over one TCP connection (a session).
 *
 * Session start (PROTOCOL.md, "Session start" and "Nothing before proof"):
 * 1. preamble (./preamble.ts, unauthenticated): exchange side, tag size,
 *    key-stream position and the pre-shared key fingerprint
 *    (./auth/psk-fingerprint.ts); two different fingerprints end the session
 *    (QkdError `PskMismatch`) before anything is taken from the key source;
 *    a claimed position more than `maxResyncBits` ahead ends it too
 *    (`ResyncTooFar`), also with nothing taken;
 * 2. side B (the receiver, the side that dials) proves itself first: it
 *    moves its `AuthKeySource` to the larger position, takes the session
 *    hash key (64 bits per point) and the pads in the order of
 *    ./auth/pad-schedule.ts, and sends its Hello (seq 0, authenticated);
 * 3. side A (the transmitter, the side that listens) takes nothing yet: it
 *    verifies B's Hello with the bytes those same takes would return
 *    (`AuthKeySource.peek`), checks it (protocol version, link id, opposite
 *    role), calls `beforeCommit` (the link retires the session this one
 *    replaces), and only then takes the same key and sends its own Hello.
 *    A stranger's preamble and Hello thus move no position and consume
 *    no key on A; a Hello that fails ends the session
 *    (`AuthenticationFailed` or `HandshakeMismatch`).
 * A source without `peek` makes A take the key at the preamble, as B does
 * (both Hellos then cross; tests' recording wrappers only).
 *
 * Every later frame enters its direction's transcript (PROTOCOL.md,
 * "Transcript authentication"): a message whose body
 * ./message-auth-policy.ts lists as deferred goes without a tag; any other
 * is tagged, its Wegman–Carter tag (./auth/wegman-carter.ts) covering the
 * transcript since the previous tagged frame of that direction and itself,
 * under the pad its pad index names (./frame.ts). Deferred messages are
 * delivered at once, marked `deferred`; the next tagged one verifies them.
 *
 * Receive rule (what keeps the two pad streams aligned): the receiver keeps
 * `nextRecv` (the lowest seq it can accept), `nextPadRecv` (the lowest pad
 * index) and the open span (deferred frames accepted since the peer's last
 * verified tag). A frame is dropped, and 'authentication-failed' is emitted,
 * when it is malformed, carries the wrong direction bit (reflection), a seq
 * below `nextRecv` (replay, or reordering), a seq at or beyond
 * nextRecv + receiveWindow, a body that must be tagged without a tag, or a
 * tag that does not verify. A dropped frame moves nothing: its pad slot stays
 * unconsumed, so the genuine message (if the adversary only altered a copy)
 * still verifies afterwards — unless a span was open: a failed tag, or a seq
 * gap inside the span, discards the span (it can never verify; the failure
 * carries `discardedDeferred`) and the next frame starts a new one. A tagged
 * frame that verifies sets nextRecv = seq + 1 and spends every pad up to its
 * index; `skipped` in the delivered message counts the seqs that never
 * arrived (the node layer treats their frames as lost). The sender's pads are
 * consumed strictly in pad-index order, one per tagged message, whether or
 * not the peer accepts it. After more than `maxAuthFailures` failures the
 * session closes (`TooManyAuthenticationFailures`): each failure is a forgery
 * attempt that succeeds with probability ≤ ε, and a new session takes a new
 * hash key (Portmann 2014, see wegman-carter.ts).
 *
 * No tagged message is ever sent without its tag: when the key source cannot
 * supply a pad, `send` throws QkdError `AuthKeyExhausted` and writes nothing.
 *
 * Every error is a QkdError with a peer code (6xx, errors/codes.ts); test it
 * with `isPeerError(e, code?)`.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { isPeerError, QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { AuthKeySource, PreSharedKeyIdentity } from './auth/key-source.ts';
import { fingerprintHex } from './auth/psk-fingerprint.ts';
import { PadSchedule, type Direction } from './auth/pad-schedule.ts';
import { WC_POINT_BYTES, WegmanCarterAuthenticator } from './auth/wegman-carter.ts';
import { type Transcript, transcriptBytesFor } from './auth/transcript.ts';
import {
  FRAME_HEADER_BYTES,
  FRAME_VERSION,
  TAGGED_HEADER_BYTES,
  buildDeferredFrame,
  buildFrame,
  parseFrameHeader,
  type FrameHeader,
} from './frame.ts';
import { bodyOf, messageAuthFor } from './message-auth-policy.ts';
import { LengthPrefixedParser, encodeLengthPrefixed } from './framing.ts';
import { decodePreamble, encodePreamble, PREAMBLE_MARK, type Preamble } from './preamble.ts';
import {
  PEER_PROTOCOL_VERSION,
  Role,
  decodeEnvelope,
  encodeEnvelope,
  type DecodedEnvelope,
  type EnvelopeInit,
  type HelloFields,
} from './messages.ts';

export interface PeerChannelOptions {
  /** Shared authentication key stream; one source per link, used by one channel at a time. */
  keySource: AuthKeySource;
  /** Our Hello. `role` picks the side: transmitter = A (direction bit 0), receiver = B. `protocolVersion` defaults to PEER_PROTOCOL_VERSION. */
  hello: HelloFields & { role: Role; linkId: string; nodeId: string };
  /** 64-bit evaluation points per tag (tag and pad bytes = 8 × points). Default 2 (128-bit tags). Both sides must agree. */
  tagPoints?: number;
  /** Pads per chunk taken from the key source (./auth/pad-schedule.ts). Default 64. Both sides must agree. */
  chunkMessages?: number;
  /** Largest frame accepted or sent, in bytes. Default 16 MiB. */
  maxFrameBytes?: number;
  /** Most key-stream bits a session start may discard to catch up with the peer. Default 2^20. */
  maxResyncBits?: number;
  /** Authentication failures tolerated per session before it closes. Default 16. */
  maxAuthFailures?: number;
  /** How far ahead of the next expected seq (and pad index) a frame may claim to be. Default 1024. */
  receiveWindow?: number;
  /**
   * Longest run of deferred frames, as encoded transcript bytes
   * (./auth/transcript.ts), either direction sends before a tag covers it;
   * the sender tags a deferrable message rather than go beyond. It bounds
   * the transcript length L in the forgery bound ((L + 1)/2^64 per point,
   * PROTOCOL.md). Default 64 MiB. Both sides must agree (the preamble
   * carries it).
   */
  maxSpanBytes?: number;
  /** Time allowed for preamble and Hello. Default 10 s. */
  handshakeTimeoutMs?: number;
  /**
   * Time the socket may stay silent while part of a frame is held. The peer
   * writes whole frames, so a partial frame that stops growing means a
   * corrupted length prefix (the parser then waits for bytes that never
   * come, while both sides wait on each other) or a dead link: the session
   * closes and the link reconnects, instead of every frame in flight waiting
   * for its timeout. Default 5 s.
   */
  partialFrameTimeoutMs?: number;
  /** Where to log session events (never key material). */
  logger?: Logger;
  /**
   * Side A only: called once the peer's Hello has verified under key not yet
   * taken, before anything is taken; the session opens after it resolves,
   * and fails with its error if it throws. The link retires here the session
   * that this one replaces, so that the two never take key at once.
   */
  beforeCommit?: (peerHello: NonNullable<DecodedEnvelope['hello']>) => void | Promise<void>;
}

/**
 * Why a frame was refused. Besides the per-frame checks of protocol 1:
 * `not-deferrable` (a message arrived without a tag that must carry one,
 * ./message-auth-policy.ts), `span-too-long` (deferred frames beyond
 * `maxSpanBytes`), `span-gap` (a frame is missing inside the open span of
 * deferred frames, which therefore can never verify).
 */
export type AuthFailureReason =
  | 'malformed'
  | 'reflection'
  | 'replay'
  | 'out-of-window'
  | 'tag-mismatch'
  | 'not-deferrable'
  | 'span-too-long'
  | 'span-gap';

export interface AuthFailure {
  reason: AuthFailureReason;
  /** The seq the frame claims, when its header could be read. */
  claimedSeq?: number;
  /** The lowest seq the channel could accept at that moment. */
  expectedSeq: number;
  /** Failures so far in this session, this one included. */
  failures: number;
  /**
   * Deferred messages already delivered that this failure leaves unverified
   * for good (the span a failed tag would have covered, or a span with a
   * frame missing): 0 when there were none. Whatever was done on them must
   * be undone; the node aborts every frame in flight on any failure.
   */
  discardedDeferred: number;
}

export interface ReceivedMessage {
  seq: number;
  envelope: DecodedEnvelope;
  /** Seqs between the previous accepted message and this one that never verified (lost messages). */
  skipped: number;
  /**
   * The message came without a tag (./message-auth-policy.ts): not yet
   * authenticated. The next tagged message of the peer verifies it, or an
   * 'authentication-failed' event with `discardedDeferred` > 0 says it never
   * will be. False: its own tag, covering every earlier deferred message of
   * the peer, has verified.
   */
  deferred: boolean;
}

export interface PeerChannelStats {
  sent: number;
  received: number;
  authFailures: number;
  skipped: number;
  /** Of `sent`, messages that went without a tag (deferred) and with one (tagged: one pad each). */
  sentDeferred: number;
  sentTagged: number;
  /** Of `received`, messages that came deferred. */
  receivedDeferred: number;
  /** Bits this session took from the key source: resync discard + hash key + pads. */
  authBitsConsumed: number;
  /** Of which, discarded at session start to catch up with the peer. */
  resyncBitsDiscarded: number;
  /** The source's position now. */
  keyPositionBits: number;
}

export interface PeerChannelEvents {
  'authentication-failed': [AuthFailure];
  /** A frame that verified but whose payload does not decode: the peer has a bug; the message is dropped. */
  'invalid-message': [QkdError];
  /** The session ended; `error` is set unless it was a clean local close or the peer's FIN. */
  close: [error: QkdError | undefined];
}

/** `committing`: side A verified the peer's Hello and waits for `beforeCommit` before it takes key. */
type State = 'preamble' | 'hello' | 'committing' | 'open' | 'closed';

const DEFAULTS = {
  tagPoints: 2,
  chunkMessages: 64,
  maxFrameBytes: 16 * 1024 * 1024,
  maxResyncBits: 1 << 20,
  maxAuthFailures: 16,
  receiveWindow: 1024,
  maxSpanBytes: 64 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  partialFrameTimeoutMs: 5_000,
};

export class PeerChannel extends EventEmitter<PeerChannelEvents> {
  readonly side: 'A' | 'B';
  private readonly dir: Direction;
  private readonly peerDir: Direction;
  private readonly opts: typeof DEFAULTS;
  private readonly parser: LengthPrefixedParser;
  private readonly log: Logger | undefined;
  private state: State = 'preamble';
  private auth: WegmanCarterAuthenticator | undefined;
  private pads: PadSchedule | undefined;
  private nextSend = 0;
  private nextRecv = 0;
  /** Pad index of the next tagged frame sent; the lowest pad index a received tagged frame may use. */
  private nextPadSend = 0;
  private nextPadRecv = 0;
  /** Frames sent since our last tagged frame, and frames received since the peer's last verified one. */
  private sendTranscript: Transcript | undefined;
  private recvTranscript: Transcript | undefined;
  /** Deferred frames accepted (and delivered) since the peer's last verified tag: the open span. */
  private recvSpan = 0;
  private failures = 0;
  private counts = { sent: 0, received: 0, skipped: 0, resync: 0, hashKeyBits: 0, sentDeferred: 0, receivedDeferred: 0 };
  private readonly queue: ReceivedMessage[] = [];
  private readonly waiters: Array<{ resolve: (m: ReceivedMessage) => void; reject: (e: QkdError) => void }> = [];
  private closeError: QkdError | undefined;
  private handshake: { resolve: (c: PeerChannel) => void; reject: (e: QkdError) => void; timer: NodeJS.Timeout } | undefined;
  private peerHelloValue: DecodedEnvelope['hello'] | undefined;
  /** Our pre-shared key file and its fingerprint, when the key source has one. */
  private readonly psk: PreSharedKeyIdentity | undefined;
  /** Side A with a source that can peek: the peer proves itself before this side takes any key. */
  private readonly proofFirst: boolean;
  /** The position the peer claimed in its preamble (used by side A at the trial verification). */
  private peerPositionBits = 0;
  /** Frames that arrived while side A was committing (a genuine peer sends none before our Hello). */
  private held: Uint8Array[] = [];
  /** Armed while the parser holds part of a frame; re-armed by every chunk (see `partialFrameTimeoutMs`). */
  private stallTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly options: PeerChannelOptions,
  ) {
    super();
    this.opts = { ...DEFAULTS };
    for (const k of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
      const v = options[k];
      if (v !== undefined) this.opts[k] = v;
    }
    checkOptions(this.opts);
    if (options.hello.role === Role.ROLE_TRANSMITTER) this.side = 'A';
    else if (options.hello.role === Role.ROLE_RECEIVER) this.side = 'B';
    else throw new QkdError(QkdErrorCode.PeerInvalidArgument, 'hello.role must be ROLE_TRANSMITTER or ROLE_RECEIVER');
    this.dir = this.side === 'A' ? 0 : 1;
    this.peerDir = this.side === 'A' ? 1 : 0;
    this.parser = new LengthPrefixedParser(this.opts.maxFrameBytes);
    this.log = options.logger?.child({ component: 'peer', side: this.side, linkId: options.hello.linkId });
    this.psk = options.keySource.preSharedKey?.(options.hello.linkId);
    this.proofFirst = this.side === 'A' && typeof options.keySource.peek === 'function';
  }

  /** Run the session start on a connected socket; resolves once the peer's Hello has verified. Bad options throw QkdError `PeerInvalidArgument` at once. */
  static open(socket: Socket, options: PeerChannelOptions): Promise<PeerChannel> {
    const ch = new PeerChannel(socket, options);
    return new Promise<PeerChannel>((resolve, reject) => {
      const timer = setTimeout(
        () => ch.fail(new QkdError(QkdErrorCode.HandshakeTimeout, `no complete handshake within ${ch.opts.handshakeTimeoutMs} ms`)),
        ch.opts.handshakeTimeoutMs,
      );
      ch.handshake = { resolve, reject, timer };
      socket.on('data', (chunk: Buffer) => ch.onData(chunk));
      socket.on('error', (err) => ch.fail(new QkdError(QkdErrorCode.PeerClosed, `socket error: ${err.message}`, {}, { cause: err })));
      socket.on('close', () => ch.fail(new QkdError(QkdErrorCode.PeerClosed, 'connection closed by the peer'), true));
      const pre: Preamble = {
        side: ch.dir,
        points: ch.opts.tagPoints,
        chunkMessages: ch.opts.chunkMessages,
        positionBits: options.keySource.position,
        pskFingerprint: ch.psk?.fingerprint,
        maxSpanBytes: ch.opts.maxSpanBytes,
      };
      socket.write(encodeLengthPrefixed(encodePreamble(pre)));
    });
  }

  /** The peer's verified Hello. */
  get peerHello(): NonNullable<DecodedEnvelope['hello']> {
    if (!this.peerHelloValue) throw new QkdError(QkdErrorCode.PeerClosed, 'no Hello received');
    return this.peerHelloValue;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Bits of authentication key this session consumed (resync discard, hash key, pads). */
  get authBitsConsumed(): number {
    return this.counts.resync + this.counts.hashKeyBits + (this.pads?.bitsTaken ?? 0);
  }

  get stats(): PeerChannelStats {
    return {
      sent: this.counts.sent,
      received: this.counts.received,
      authFailures: this.failures,
      skipped: this.counts.skipped,
      sentDeferred: this.counts.sentDeferred,
      sentTagged: this.nextPadSend,
      receivedDeferred: this.counts.receivedDeferred,
      authBitsConsumed: this.authBitsConsumed,
      resyncBitsDiscarded: this.counts.resync,
      keyPositionBits: this.options.keySource.position,
    };
  }

  /**
   * Send one message; returns its seq. A body that ./message-auth-policy.ts
   * lists as deferred goes without a tag (into this direction's transcript),
   * any other with a tag covering the transcript since our previous tag
   * (PROTOCOL.md, "Transcript authentication"). Throws QkdError
   * (`PeerClosed`, `PeerInvalidMessage`, `PeerFrameTooLarge`, `AuthKeyExhausted`,
   * `AuthKeyUnavailable`) and then sends nothing and consumes no seq.
   */
  send(message: EnvelopeInit): number {
    if (this.state !== 'open') throw new QkdError(QkdErrorCode.PeerClosed, `cannot send: channel is ${this.state}`);
    return this.sendFrame(message);
  }

  /** The next verified message (in seq order). Rejects with the close reason once the channel is closed and drained. */
  receive(): Promise<ReceivedMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.state === 'closed') return Promise.reject(this.closeError ?? new QkdError(QkdErrorCode.PeerClosed, 'channel closed'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Verified messages until the channel closes; throws if it closed on an error other than a plain close. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ReceivedMessage, void, undefined> {
    for (;;) {
      try {
        yield await this.receive();
      } catch (err) {
        if (isPeerError(err, QkdErrorCode.PeerClosed)) return;
        throw err;
      }
    }
  }

  /** Bytes accepted by `send` that the socket has not handed to the kernel yet. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  /** Resolves once the socket's write buffer has drained (backpressure for bulk senders); at once if it is empty or closed. */
  drain(): Promise<void> {
    if (this.state === 'closed' || this.socket.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.once('close', done);
    });
  }

  /** Close the session (sends FIN, zeroes key material held by the session). */
  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.finish(new QkdError(QkdErrorCode.PeerClosed, 'channel closed locally'), true);
      this.socket.end();
      // Some sockets never emit 'close' after end() if the peer is gone: destroy after the FIN is flushed.
      this.socket.once('finish', () => this.socket.destroy());
    });
  }

  // ---- internals ----

  private sendFrame(message: EnvelopeInit): number {
    const auth = this.auth as WegmanCarterAuthenticator;
    const pads = this.pads as PadSchedule;
    const transcript = this.sendTranscript as Transcript;
    const payload = encodeEnvelope(message);
    const seq = this.nextSend;
    if (this.state === 'open' && messageAuthFor(bodyOf(message)) === 'deferred') {
      const frameBytes = FRAME_HEADER_BYTES + payload.length;
      this.checkFrameSize(frameBytes);
      // Within the span limit it goes untagged; beyond it, tagged (always allowed), which closes the span.
      if (transcript.encodedBytes + transcriptBytesFor(frameBytes) <= this.opts.maxSpanBytes) {
        const frame = buildDeferredFrame(this.dir, seq, payload);
        transcript.addFrame(frame);
        this.nextSend = seq + 1;
        this.socket.write(encodeLengthPrefixed(frame));
        this.counts.sent++;
        this.counts.sentDeferred++;
        return seq;
      }
    }
    this.checkFrameSize(TAGGED_HEADER_BYTES + payload.length + auth.tagBytes);
    const padIndex = this.nextPadSend;
    const { frame, authLength } = buildFrame(this.dir, seq, payload, auth.tagBytes, padIndex);
    // Taking the pad may throw (exhausted key): nothing has changed yet, nothing is sent.
    const pad = this.withKeySource(() => pads.padFor(this.dir, padIndex));
    transcript.addFrame(frame.subarray(0, authLength));
    auth.tagTranscript(transcript, pad, frame, authLength);
    transcript.reset();
    this.nextPadSend = padIndex + 1;
    pads.release(this.dir, this.nextPadSend);
    this.nextSend = seq + 1;
    this.socket.write(encodeLengthPrefixed(frame));
    this.counts.sent++;
    return seq;
  }

  private checkFrameSize(frameBytes: number): void {
    if (frameBytes > this.opts.maxFrameBytes) {
      throw new QkdError(
        QkdErrorCode.PeerFrameTooLarge,
        `message of ${frameBytes} bytes exceeds maxFrameBytes ${this.opts.maxFrameBytes}`,
        { frameBytes },
      );
    }
  }

  /** The session's authenticator, transcripts and pad schedule, from the hash key just taken (zeroed here). */
  private startAuthentication(hashKey: Uint8Array): void {
    const keyBytes = hashKey.length;
    this.counts.hashKeyBits = keyBytes * 8;
    this.auth = new WegmanCarterAuthenticator(hashKey);
    hashKey.fill(0);
    this.sendTranscript = this.auth.newTranscript();
    this.recvTranscript = this.auth.newTranscript();
    this.pads = new PadSchedule(this.options.keySource, this.opts.chunkMessages, keyBytes);
  }

  private withKeySource<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (isPeerError(err)) throw err;
      throw new QkdError(QkdErrorCode.AuthKeyUnavailable, 'authentication key source failed', {}, { cause: err });
    }
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.parseChunk(chunk);
    this.watchPartialFrame();
  }

  /** (Re)arms the stall timer while part of a frame is held; clears it between frames. */
  private watchPartialFrame(): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (this.state === 'closed' || this.parser.pendingBytes === 0) return;
    const held = this.parser.pendingBytes;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      this.fail(
        new QkdError(
          QkdErrorCode.PeerFrameStalled,
          `peer sent ${held} bytes of a frame and then nothing for ${this.opts.partialFrameTimeoutMs} ms (corrupted length prefix or stalled link)`,
          { heldBytes: held },
        ),
      );
    }, this.opts.partialFrameTimeoutMs);
    this.stallTimer.unref?.();
  }

  private parseChunk(chunk: Buffer): void {
    for (const parsed of this.parser.push(chunk)) {
      // A frame earlier in this chunk may have closed the session.
      if ((this.state as State) === 'closed') return;
      if (parsed.kind === 'too-large') {
        this.fail(
          new QkdError(
            QkdErrorCode.PeerFrameTooLarge,
            `peer frame length ${parsed.length} exceeds maxFrameBytes ${this.opts.maxFrameBytes}`,
            { length: parsed.length },
          ),
        );
        return;
      }
      if ((this.state as State) === 'committing') {
        this.held.push(parsed.frame);
        continue;
      }
      try {
        if (this.state === 'preamble') this.onPreamble(parsed.frame);
        else if (this.state === 'hello' && this.proofFirst) this.onTrialHello(parsed.frame);
        else this.onFrame(parsed.frame);
      } catch (err) {
        this.fail(isPeerError(err) ? err : new QkdError(QkdErrorCode.PeerClosed, 'internal error', {}, { cause: err }));
        return;
      }
    }
  }

  private onPreamble(bytes: Uint8Array): void {
    const pre = bytes[0] === PREAMBLE_MARK ? decodePreamble(bytes) : 'first frame is not a preamble';
    if (typeof pre === 'string') throw new QkdError(QkdErrorCode.HandshakeMismatch, `bad preamble: ${pre}`);
    if (pre.side === this.dir) throw new QkdError(QkdErrorCode.HandshakeMismatch, `both nodes claim side ${this.side}`);
    if (
      pre.points !== this.opts.tagPoints ||
      pre.chunkMessages !== this.opts.chunkMessages ||
      pre.maxSpanBytes !== this.opts.maxSpanBytes
    ) {
      throw new QkdError(QkdErrorCode.HandshakeMismatch, 'peer uses another tag size, chunk size or span limit', {
        peerPoints: pre.points,
        points: this.opts.tagPoints,
        peerChunkMessages: pre.chunkMessages,
        chunkMessages: this.opts.chunkMessages,
        peerMaxSpanBytes: pre.maxSpanBytes,
        maxSpanBytes: this.opts.maxSpanBytes,
      });
    }
    this.checkPskFingerprint(pre.pskFingerprint);
    const source = this.options.keySource;
    const own = source.position;
    const gap = this.resyncGap(own, pre.positionBits);
    if (this.proofFirst) {
      // Side A: nothing is taken until the peer's Hello verifies (onTrialHello). An exhausted source is told now.
      for (const p of this.withKeySource(() => (source.peek as NonNullable<AuthKeySource['peek']>)(this.sessionStartTakes(gap)))) p.fill(0);
      this.peerPositionBits = pre.positionBits;
      this.state = 'hello';
      this.log?.debug({ ownPositionBits: own, peerPositionBits: pre.positionBits }, 'peer preamble received; waiting for its Hello');
      return;
    }
    if (gap > 0) {
      this.withKeySource(() => source.take(gap)).fill(0);
      this.counts.resync = gap;
    }
    const keyBytes = this.opts.tagPoints * WC_POINT_BYTES;
    this.startAuthentication(this.withKeySource(() => source.take(keyBytes * 8)));
    this.state = 'hello';
    this.log?.info({ ownPositionBits: own, peerPositionBits: pre.positionBits, resyncBits: this.counts.resync }, 'peer preamble exchanged');
    this.sendFrame({ frameId: 0, hello: { protocolVersion: PEER_PROTOCOL_VERSION, ...this.options.hello } });
  }

  /** The takes of side A's commit: [gap], hash key, then chunks 0 .. peerDir (chunk peerDir holds the peer's seq-0 pad). */
  private sessionStartTakes(gap: number): number[] {
    const keyBits = this.opts.tagPoints * WC_POINT_BYTES * 8;
    const chunkBits = this.opts.chunkMessages * keyBits;
    return [...(gap > 0 ? [gap] : []), keyBits, ...Array.from({ length: this.peerDir + 1 }, () => chunkBits)];
  }

  /** Bits this side must discard to reach the peer's claimed position; throws, taking nothing, beyond `maxResyncBits`. */
  private resyncGap(own: number, peer: number): number {
    if (peer <= own) return 0;
    const gap = peer - own;
    if (gap > this.opts.maxResyncBits) {
      throw new QkdError(QkdErrorCode.ResyncTooFar, `peer key position is ${gap} bits ahead (limit ${this.opts.maxResyncBits})`, {
        gap,
        own,
        peer,
      });
    }
    if (gap % 8 !== 0) throw new QkdError(QkdErrorCode.HandshakeMismatch, `key positions differ by ${gap} bits, not whole bytes`);
    return gap;
  }

  /**
   * Side A: the peer's Hello, verified with the bytes the takes of this
   * session start would return (`peek`), nothing taken. A failure ends the
   * session with the key source untouched; a success hands over to
   * `beforeCommit`, then `commit` takes that same key.
   */
  private onTrialHello(frame: Uint8Array): void {
    const keyBytes = this.opts.tagPoints * WC_POINT_BYTES;
    const h = parseFrameHeader(frame, keyBytes);
    if (!h || h.version !== FRAME_VERSION || h.reservedFlags !== 0 || h.deferred) {
      this.authFailure('malformed', h?.seq);
      return;
    }
    if (h.direction !== this.peerDir) {
      this.authFailure('reflection', h.seq);
      return;
    }
    if (h.seq !== 0 || h.padIndex !== 0) {
      this.authFailure('out-of-window', h.seq);
      return;
    }
    const source = this.options.keySource;
    const at = source.position;
    const gap = this.resyncGap(at, this.peerPositionBits);
    const peeked = this.withKeySource(() => (source.peek as NonNullable<AuthKeySource['peek']>)(this.sessionStartTakes(gap)));
    const first = gap > 0 ? 1 : 0;
    const trial = new WegmanCarterAuthenticator(peeked[first]);
    const authLength = h.authLength;
    const transcript = trial.newTranscript();
    transcript.addFrame(frame.subarray(0, authLength));
    const ok = trial.verifyTranscript(transcript, peeked[first + 1 + this.peerDir].subarray(0, keyBytes), frame.subarray(authLength));
    transcript.reset();
    trial.destroy();
    for (const p of peeked) p.fill(0);
    if (!ok) {
      this.authFailure('tag-mismatch', 0);
      return;
    }
    let envelope: DecodedEnvelope;
    try {
      envelope = decodeEnvelope(frame.subarray(TAGGED_HEADER_BYTES, authLength));
    } catch (err) {
      throw new QkdError(QkdErrorCode.HandshakeMismatch, 'peer Hello does not decode', {}, { cause: err });
    }
    const hello = this.checkPeerHello(0, envelope);
    this.state = 'committing';
    Promise.resolve()
      .then(() => this.options.beforeCommit?.(hello))
      .then(
        () => this.commit(frame, at, gap, hello),
        (err: unknown) =>
          this.fail(isPeerError(err) ? err : new QkdError(QkdErrorCode.PeerClosed, 'session not taken over', {}, { cause: err })),
      );
  }

  /** Side A, after `beforeCommit`: take the key the peer's Hello verified under, send our Hello, open. */
  private commit(frame: Uint8Array, at: number, gap: number, hello: NonNullable<DecodedEnvelope['hello']>): void {
    if (this.state !== 'committing') return; // closed or timed out meanwhile
    try {
      const source = this.options.keySource;
      if (source.position !== at) {
        throw new QkdError(
          QkdErrorCode.HandshakeMismatch,
          'the key position moved while the peer proved itself (another session took key); the peer retries',
          { provedAt: at, now: source.position },
        );
      }
      if (gap > 0) {
        this.withKeySource(() => source.take(gap)).fill(0);
        this.counts.resync = gap;
      }
      const keyBytes = this.opts.tagPoints * WC_POINT_BYTES;
      this.startAuthentication(this.withKeySource(() => source.take(keyBytes * 8)));
      const pads = this.pads as PadSchedule;
      const transcript = this.recvTranscript as Transcript;
      const pad = this.withKeySource(() => pads.padFor(this.peerDir, 0));
      const authLength = frame.length - keyBytes;
      transcript.addFrame(frame.subarray(0, authLength));
      const ok = (this.auth as WegmanCarterAuthenticator).verifyTranscript(transcript, pad, frame.subarray(authLength));
      transcript.reset();
      if (!ok) {
        // peek and take disagree: a key source bug, never the peer's doing.
        throw new QkdError(QkdErrorCode.AuthenticationFailed, 'the key taken differs from the key the peer Hello verified under', {});
      }
      this.nextRecv = 1;
      this.nextPadRecv = 1;
      pads.release(this.peerDir, 1);
      this.log?.info({ ownPositionBits: at, peerPositionBits: this.peerPositionBits, resyncBits: gap }, 'peer proved itself; key taken');
      this.sendFrame({ frameId: 0, hello: { protocolVersion: PEER_PROTOCOL_VERSION, ...this.options.hello } });
      this.opened(hello);
      for (const f of this.held.splice(0)) {
        if ((this.state as State) !== 'open') break;
        this.onFrame(f);
      }
    } catch (err) {
      this.fail(isPeerError(err) ? err : new QkdError(QkdErrorCode.PeerClosed, 'internal error', {}, { cause: err }));
    }
  }

  /**
   * Two different pre-shared key files would only show up later as a Hello
   * that fails authentication, after both nodes took the hash key; the
   * fingerprints tell it now, by name, with nothing taken from the source.
   * Skipped when either side has no pre-shared key file behind its source.
   */
  private checkPskFingerprint(peer: Uint8Array | undefined): void {
    const own = this.psk;
    if (!own || !peer) return;
    if (own.fingerprint.length === peer.length && own.fingerprint.every((b, i) => b === peer[i])) return;
    const ownHex = fingerprintHex(own.fingerprint);
    const peerHex = fingerprintHex(peer);
    throw new QkdError(
      QkdErrorCode.PskMismatch,
      `this node's pre-shared key file ${own.path} has fingerprint ${ownHex}, the peer's has ${peerHex}: ` +
        'the two files differ; copy the same file to both nodes',
      { path: own.path, fingerprint: ownHex, peerFingerprint: peerHex, linkId: this.options.hello.linkId },
    );
  }

  /** The receive rule (PROTOCOL.md, "Receive rule"): header checks common to both kinds, then deferred or tagged. */
  private onFrame(frame: Uint8Array): void {
    const auth = this.auth as WegmanCarterAuthenticator;
    const h = parseFrameHeader(frame, auth.tagBytes);
    if (!h || h.version !== FRAME_VERSION || h.reservedFlags !== 0) {
      this.authFailure('malformed', h?.seq);
      return;
    }
    if (h.direction !== this.peerDir) {
      this.authFailure('reflection', h.seq);
      return;
    }
    if (h.seq < this.nextRecv) {
      this.authFailure('replay', h.seq);
      return;
    }
    if (h.seq - this.nextRecv >= this.opts.receiveWindow) {
      this.authFailure('out-of-window', h.seq);
      return;
    }
    if (h.deferred) this.onDeferred(frame, h);
    else this.onTagged(frame, h);
  }

  /**
   * A frame without a tag: accepted into the open span if its body may be
   * deferred and the span stays within `maxSpanBytes`, and delivered at once
   * (`deferred: true`). Contiguous with the span, or the span is discarded
   * (a frame is missing from it) and this frame starts a new one.
   */
  private onDeferred(frame: Uint8Array, h: FrameHeader): void {
    const transcript = this.recvTranscript as Transcript;
    if (this.state !== 'open') {
      this.authFailure('not-deferrable', h.seq); // the first message must be a tagged Hello
      return;
    }
    let envelope: DecodedEnvelope;
    try {
      envelope = decodeEnvelope(frame.subarray(h.payloadOffset));
    } catch {
      this.authFailure('malformed', h.seq);
      return;
    }
    if (messageAuthFor(envelope.body) !== 'deferred') {
      this.authFailure('not-deferrable', h.seq);
      return;
    }
    const gap = h.seq - this.nextRecv;
    const spanBefore = gap > 0 ? 0 : transcript.encodedBytes;
    if (spanBefore + transcriptBytesFor(frame.length) > this.opts.maxSpanBytes) {
      this.authFailure('span-too-long', h.seq);
      return;
    }
    if (gap > 0 && this.recvSpan > 0) {
      this.discardSpan('span-gap', h.seq);
      if (this.state !== 'open') return;
    }
    transcript.addFrame(frame);
    this.recvSpan++;
    this.nextRecv = h.seq + 1;
    this.counts.skipped += gap;
    this.counts.received++;
    this.counts.receivedDeferred++;
    this.deliver({ seq: h.seq, envelope, skipped: gap, deferred: true });
  }

  /**
   * A tagged frame: its tag must verify over the open span and itself, under
   * the pad its header names. Verified: the span is authenticated, every pad
   * up to its index is spent. Failed: the frame is dropped and moves
   * nothing, and the open span (if any) is discarded — it can never verify
   * now (the sender started a new span after this tag).
   */
  private onTagged(frame: Uint8Array, h: FrameHeader): void {
    const auth = this.auth as WegmanCarterAuthenticator;
    const pads = this.pads as PadSchedule;
    const transcript = this.recvTranscript as Transcript;
    const padIndex = h.padIndex as number;
    if (padIndex < this.nextPadRecv) {
      this.authFailure('replay', h.seq);
      return;
    }
    if (padIndex - this.nextPadRecv >= this.opts.receiveWindow || padIndex > h.seq) {
      this.authFailure('out-of-window', h.seq);
      return;
    }
    const gap = h.seq - this.nextRecv;
    if (gap > 0 && this.recvSpan > 0) {
      this.discardSpan('span-gap', h.seq);
      if (this.state !== 'open') return;
    }
    const pad = this.withKeySource(() => pads.padFor(this.peerDir, padIndex));
    transcript.addFrame(frame.subarray(0, h.authLength));
    const ok = auth.verifyTranscript(transcript, pad, frame.subarray(h.authLength));
    transcript.reset();
    const span = this.recvSpan;
    this.recvSpan = 0;
    if (!ok) {
      this.authFailure('tag-mismatch', h.seq, span);
      return;
    }
    this.nextRecv = h.seq + 1;
    this.nextPadRecv = padIndex + 1;
    pads.release(this.peerDir, this.nextPadRecv);
    this.counts.skipped += gap;
    let envelope: DecodedEnvelope;
    try {
      envelope = decodeEnvelope(frame.subarray(h.payloadOffset, h.authLength));
    } catch (err) {
      const e = isPeerError(err) ? err : new QkdError(QkdErrorCode.PeerInvalidMessage, 'undecodable message');
      if (this.state === 'hello') throw new QkdError(QkdErrorCode.HandshakeMismatch, 'peer Hello does not decode', {}, { cause: e });
      this.emit('invalid-message', e);
      return;
    }
    if (this.state === 'hello') {
      this.onHello(h.seq, envelope);
      return;
    }
    this.counts.received++;
    this.deliver({ seq: h.seq, envelope, skipped: gap, deferred: false });
  }

  /** The open span can never verify: forget its transcript and report its delivered messages as unverified. */
  private discardSpan(reason: AuthFailureReason, claimedSeq: number): void {
    const span = this.recvSpan;
    this.recvSpan = 0;
    (this.recvTranscript as Transcript).reset();
    this.authFailure(reason, claimedSeq, span);
  }

  private onHello(seq: number, env: DecodedEnvelope): void {
    this.opened(this.checkPeerHello(seq, env));
  }

  /** The peer's Hello if it is one and matches ours (version, link, opposite role); else throws `HandshakeMismatch`. */
  private checkPeerHello(seq: number, env: DecodedEnvelope): NonNullable<DecodedEnvelope['hello']> {
    const hello = env.hello;
    if (seq !== 0 || env.body !== 'hello' || !hello)
      throw new QkdError(QkdErrorCode.HandshakeMismatch, 'first authenticated message is not a Hello');
    const want = this.options.hello;
    const wantVersion = want.protocolVersion ?? PEER_PROTOCOL_VERSION;
    if ((hello.protocolVersion ?? 0) !== wantVersion) {
      throw new QkdError(QkdErrorCode.HandshakeMismatch, `peer speaks protocol ${hello.protocolVersion ?? 0}, we speak ${wantVersion}`);
    }
    if ((hello.linkId ?? '') !== want.linkId)
      throw new QkdError(QkdErrorCode.HandshakeMismatch, `peer is on link '${hello.linkId ?? ''}', we are on '${want.linkId}'`);
    const peerRole = this.side === 'A' ? Role.ROLE_RECEIVER : Role.ROLE_TRANSMITTER;
    if (hello.role !== peerRole) throw new QkdError(QkdErrorCode.HandshakeMismatch, 'peer has the same role as this node');
    return hello;
  }

  private opened(hello: NonNullable<DecodedEnvelope['hello']>): void {
    this.peerHelloValue = hello;
    this.state = 'open';
    const hs = this.handshake;
    this.handshake = undefined;
    if (hs) {
      clearTimeout(hs.timer);
      this.log?.info({ peerNodeId: hello.nodeId, keyPositionBits: this.options.keySource.position }, 'peer session open');
      hs.resolve(this);
    }
  }

  private authFailure(reason: AuthFailureReason, claimedSeq: number | undefined, discardedDeferred = 0): void {
    this.failures++;
    const info: AuthFailure = { reason, expectedSeq: this.nextRecv, failures: this.failures, discardedDeferred };
    if (claimedSeq !== undefined) info.claimedSeq = claimedSeq;
    this.log?.warn(info, 'peer message failed authentication; dropped');
    if (this.state === 'hello') {
      throw new QkdError(
        QkdErrorCode.AuthenticationFailed,
        `peer Hello failed authentication (${reason}): wrong key or key positions differ`,
        { reason },
      );
    }
    this.emit('authentication-failed', info);
    if (this.failures > this.opts.maxAuthFailures) {
      this.fail(
        new QkdError(QkdErrorCode.TooManyAuthenticationFailures, `${this.failures} authentication failures in this session`, {
          failures: this.failures,
        }),
      );
    }
  }

  private deliver(m: ReceivedMessage): void {
    const w = this.waiters.shift();
    if (w) w.resolve(m);
    else this.queue.push(m);
  }

  /** Close on an error (or on the peer's close, `clean`): reject pending calls, tell listeners, drop the socket. */
  private fail(err: QkdError, clean = false): void {
    if (this.state === 'closed') return;
    this.finish(err, clean);
    this.socket.destroy();
  }

  private finish(err: QkdError, clean: boolean): void {
    this.state = 'closed';
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.closeError = err;
    this.auth?.destroy();
    this.pads?.destroy();
    this.sendTranscript?.reset();
    this.recvTranscript?.reset();
    const hs = this.handshake;
    this.handshake = undefined;
    if (hs) {
      clearTimeout(hs.timer);
      hs.reject(err);
    }
    for (const w of this.waiters.splice(0)) w.reject(err);
    for (const f of this.held.splice(0)) f.fill(0);
    const fields = { code: err.code, codeLabel: err.codeLabel, details: err.details };
    if (clean) this.log?.info('peer session closed');
    // A handshake that fails is logged at warn (a stranger, a peer restarting; the link counts them and raises
    // peer-handshake-failed); two different key files and the failure of an open session at error.
    else if (hs && err.code !== QkdErrorCode.PskMismatch) this.log?.warn(fields, `peer handshake failed: ${err.message}`);
    else this.log?.error(fields, `peer session failed: ${err.message}`);
    this.emit('close', clean ? undefined : err);
  }
}

function checkOptions(o: typeof DEFAULTS): void {
  const int = (name: keyof typeof DEFAULTS, min: number, max: number): void => {
    const v = o[name];
    if (!Number.isSafeInteger(v) || v < min || v > max)
      throw new QkdError(QkdErrorCode.PeerInvalidArgument, `${name} must be an integer in [${min}, ${max}], got ${v}`);
  };
  int('tagPoints', 1, 8);
  int('chunkMessages', 1, 1 << 20);
  int('maxFrameBytes', 64, 0xffffffff);
  int('maxResyncBits', 0, Number.MAX_SAFE_INTEGER);
  int('maxAuthFailures', 0, Number.MAX_SAFE_INTEGER);
  int('receiveWindow', 1, 1 << 30);
  int('maxSpanBytes', 64, 0xffffffff);
  int('handshakeTimeoutMs', 1, 2 ** 31 - 1);
  int('partialFrameTimeoutMs', 1, 2 ** 31 - 1);
}

/** Connect to a peer listening at host:port and open the session. */
export function connectPeerChannel(host: string, port: number, options: PeerChannelOptions): Promise<PeerChannel> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const onError = (err: Error): void =>
      reject(new QkdError(QkdErrorCode.PeerClosed, `cannot connect to ${host}:${port}: ${err.message}`, { host, port }, { cause: err }));
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      PeerChannel.open(socket, options).then(resolve, reject);
    });
  });
}
