/**
 * The bench config: one file per bench, holding everything one qkdd node
 * needs — identity, role, board addresses, peer address, SAE IDs, thresholds
 * and ε parameters. Validated with zod; `loadBenchConfig` (load-bench-config.ts)
 * turns a schema failure into an error naming the field and its line.
 *
 * Board addresses are checked by the drivers' own address parser, so a typo
 * (`?baudrate=`, a `sim:` URL) is a config error with its line at load, not
 * a board that never connects.
 */
import { z } from 'zod';
import { isIP } from 'node:net';
import { isLoopbackHost, parseTransportAddress } from '../../drivers/transport/address.ts';
import { CASCADE_VARIANTS } from '../pipeline/cascade/variants.ts';

const boardUrl = z.string().superRefine((url, ctx) => {
  try {
    parseTransportAddress(url);
  } catch (err) {
    // The parser's message names the address and the part that is wrong.
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

/** The host of a `tcp://` board address that is not loopback; null for loopback, other schemes and bad addresses (reported by boardUrl). */
function remoteTcpHost(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const address = parseTransportAddress(url);
    return address.scheme === 'tcp' && !isLoopbackHost(address.host) ? address.host : null;
  } catch {
    return null;
  }
}

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7700');

const probability = z.number().min(0).max(1);

/** `peer.allowFrom` entry: an IPv4 or IPv6 address, or a CIDR range (src/peer/handshake-guard.ts applies the same rule). */
const ipOrCidr = z.string().superRefine((entry, ctx) => {
  const [addr, prefix, extra] = entry.split('/');
  const family = isIP(addr ?? '');
  if (extra !== undefined || family === 0) {
    ctx.addIssue({ code: 'custom', message: `'${entry}': expected an IPv4 or IPv6 address, or a CIDR range such as 192.0.2.0/24` });
  } else if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128))) {
    ctx.addIssue({ code: 'custom', message: `'${entry}': the prefix length must be 0..${family === 4 ? 32 : 128}` });
  }
});

/**
 * `control.http`: a loopback `host:port` only. Anything else is refused at load: the control API
 * stops and starts key generation, and another interface would need mutual TLS with operator
 * certificates, which is not built yet.
 */
const loopbackHostPort = z.string().superRefine((value, ctx) => {
  const m = /^(\[[^\]]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) > 65535) {
    ctx.addIssue({ code: 'custom', message: `expected 127.0.0.1:PORT (loopback host:port), got '${value}'` });
    return;
  }
  const host = m[1]!.replace(/^\[|\]$/g, '').toLowerCase();
  if (!(host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))) {
    ctx.addIssue({
      code: 'custom',
      message: `${host} is not a loopback address: the control API is served only on its Unix socket and on loopback (127.0.0.1, [::1]); another interface would need mutual TLS with operator certificates, which is not built yet`,
    });
  }
});

/** One value for all four detectors, or one per detector ({h, v, d, a}). */
const perDetector = <T extends z.ZodType>(value: T) => z.union([value, z.strictObject({ h: value, v: value, d: value, a: value })]);

export const benchConfigSchema = z
  .object({
    node: z.strictObject({
      /** Name of this node (the KME ID in ETSI 014 terms). */
      id: z.string().min(1),
      role: z.enum(['transmitter', 'receiver']),
      /** Identifies the fibre link; both nodes of a link use the same value. */
      linkId: z.string().min(1),
    }),
    /** Addresses of the boards this node drives: the transmitter has source and modulator, the receiver the detector. */
    boards: z.strictObject({
      photonSource: boardUrl.optional(),
      polarizationModulator: boardUrl.optional(),
      detector: boardUrl.optional(),
      /**
       * `true` accepts `tcp://` board addresses on other hosts than loopback (localhost, 127.x.y.z,
       * [::1]). Without it such an address is a config error: over TCP the transmitter's bases and
       * bits and the receiver's detector tags — the raw key before sifting — cross the network
       * unauthenticated and unencrypted, readable and alterable by anyone on the path. Set it only
       * for a cable-length network segment nobody else can reach (or a tunnel you trust).
       */
      allowRemoteTcp: z.boolean().optional(),
    }),
    peer: z.strictObject({
      /** The transmitter listens; the receiver connects. */
      listen: hostPort.optional(),
      connect: hostPort.optional(),
      /** Pre-shared secret used to authenticate the classical channel until the store holds key. */
      preSharedKeyFile: z.string().min(1),
      /**
       * Smallest pre-shared key accepted, in bytes of key (a hex file holds two digits per byte). A shorter
       * file is a preflight failure naming both sizes. `qkdctl keys psk` writes 1 MiB by default.
       */
      preSharedKeyMinBytes: z.number().int().min(1).default(32),
      /**
       * Listening side: the peer addresses that may connect, as IPv4/IPv6 addresses or CIDR ranges
       * (`[192.0.2.20, 2001:db8::/64]`). A connection from elsewhere is closed before any byte is read and
       * counted in the peer-handshake-failed alarm. Absent: any address may try (the handshake still
       * authenticates it; see src/peer/PROTOCOL.md, "Nothing before proof").
       */
      allowFrom: z.array(ipOrCidr).min(1).optional(),
      /**
       * Limits on peer handshakes (listening side; src/peer/handshake-guard.ts). Over a failure cap, new
       * connections are closed at once until the minute has passed; the live session is never affected.
       */
      handshake: z
        .strictObject({
          /** Time a handshake may take, in ms. Default 10000. */
          timeoutMs: z.number().int().min(100).max(600_000).optional(),
          /** Failed handshakes per minute from one address before it is refused. Default 10. */
          maxFailuresPerAddressPerMinute: z.number().int().min(1).optional(),
          /** Failed handshakes per minute from all addresses before every newcomer is refused (the last proved peer's address excepted). Default 30. */
          maxFailuresPerMinute: z.number().int().min(1).optional(),
          /** Handshakes in progress at once. Default 4. */
          maxPending: z.number().int().min(1).max(1024).optional(),
        })
        .optional(),
      /**
       * Raise the auth-key-low alarm when less authentication key than this is left (pre-shared key
       * remainder + the store's authentication pool), in bits. Default 1048576 (2^20: about 8,000 authenticated
       * messages or 60 session starts, and the most one session start may discard to resynchronise).
       */
      authKeyLowWaterBits: z.number().int().min(0).optional(),
    }),
    keystore: z.strictObject({
      path: z.string().min(1),
      maxBits: z
        .number()
        .int()
        .positive()
        .default(8 * 1024 * 1024 * 64),
    }),
    frame: z
      .strictObject({
        /** Pulse slots per post-processing frame. */
        slots: z
          .number()
          .int()
          .min(1024)
          .max(2 ** 31),
        /** Frames whose post-processing may be in flight at once. */
        inFlight: z.number().int().min(1).max(64).default(4),
        /** Worker threads for post-processing (0: run in the main thread). */
        workers: z.number().int().min(0).max(64).default(2),
      })
      .default({ slots: 1 << 24, inFlight: 4, workers: 2 }),
    source: z
      .strictObject({
        rateHz: z.number().positive().max(1e11),
        /** Mean photon numbers per intensity class. */
        intensities: z.strictObject({ signal: z.number().positive(), decoy: z.number().positive(), vacuum: z.number().min(0) }),
        /**
         * The measured (actual) mean photon numbers the estimation uses instead of `intensities`, which stay
         * the source's set points. Usually not written here but filled from the calibration file's
         * `intensities` section (`qkdctl calibrate intensities`); both nodes must use the same values.
         */
        actualIntensities: z
          .strictObject({ signal: z.number().positive(), decoy: z.number().positive(), vacuum: z.number().min(0) })
          .optional(),
        /** Probabilities of each intensity class per slot; they must sum to 1. */
        intensityProbabilities: z.strictObject({ signal: probability, decoy: probability, vacuum: probability }),
        /** Probability of the Z (key) basis per slot at the transmitter. */
        keyBasisProbability: probability.default(0.5),
        /** Transmitter: laser temperature set point in °C, 15..45 (unset: the board keeps its own). */
        laserTemperatureSetpointDegc: z.number().min(15).max(45).optional(),
        /** Transmitter: laser bias current set point in mA, up to 150 (unset: the board keeps its own). */
        laserCurrentSetpointMa: z.number().gt(0).max(150).optional(),
      })
      .refine(
        (s) => Math.abs(s.intensityProbabilities.signal + s.intensityProbabilities.decoy + s.intensityProbabilities.vacuum - 1) < 1e-9,
        {
          message: 'intensityProbabilities must sum to 1',
          path: ['intensityProbabilities'],
        },
      )
      .refine((s) => s.intensities.signal > s.intensities.decoy + s.intensities.vacuum, {
        message: 'decoy-state analysis needs signal > decoy + vacuum (Lim et al. 2014)',
        path: ['intensities'],
      }),
    /**
     * The calibration file of this node (written by `qkdctl calibrate`, src/calibration/calibration-file.ts).
     * Its current values override detector.gateDelayPs and inputDelayPs (delay), modulator.stateVoltagesV
     * and biasV (polarization) and the intensities the estimation uses (source.actualIntensities) when
     * the node starts. A file that does not exist yet means nothing calibrated so far.
     */
    calibration: z.strictObject({ file: z.string().min(1) }).optional(),
    /** Transmitter: drive voltages of the polarization modulator (from the polarization calibration). */
    modulator: z
      .strictObject({
        /** Drive voltage of each BB84 state [H, V, D, A], in volts. */
        stateVoltagesV: z.tuple([z.number(), z.number(), z.number(), z.number()]),
        biasV: z.number().default(0),
      })
      .optional(),
    /** Receiver: detector channels and the gate that assigns tags to pulse slots (from the delay scan). */
    detector: z
      .strictObject({
        /** Tagger channels of the H, V, D, A detectors. */
        channels: z
          .strictObject({ h: z.number().int().min(0), v: z.number().int().min(0), d: z.number().int().min(0), a: z.number().int().min(0) })
          .default({ h: 0, v: 1, d: 2, a: 3 }),
        /** Delay from a slot's emission time to the start of its gate at the tagger, in ps (fibre plus electronics). */
        gateDelayPs: z.number().min(0),
        /** Width of the acceptance gate around each slot's arrival, in ps. */
        gateWidthPs: z.number().positive(),
        /**
         * Detector settings sent to the time tagger at start and after every reconnect, each one value
         * for all four detectors or {h, v, d, a}; unset: the board's own default.
         * Discriminator threshold in mV, −2000..2000.
         */
        thresholdMv: perDetector(z.number().int().min(-2000).max(2000)).optional(),
        /** Discriminator edge. */
        edge: perDetector(z.enum(['rising', 'falling'])).optional(),
        /** SPAD bias above breakdown (excess bias, the efficiency setting) in mV, 0..10000. */
        excessBiasMv: perDetector(z.number().int().min(0).max(10_000)).optional(),
        /** Dead time (hold-off) after a detection in ns, 10..100000; the board never applies less than its SPAD's own. */
        deadTimeNs: perDetector(z.number().int().min(10).max(100_000)).optional(),
        /** Input delay added to each timestamp in ps, −1000000..1000000 (cable and detector latency). */
        inputDelayPs: perDetector(z.number().int().min(-1_000_000).max(1_000_000)).optional(),
      })
      .optional(),
    /**
     * Safety and health limits: a tripped interlock, a laser off, a temperature over its maximum, a
     * saturated detector or a count rate out of its range pauses key generation and raises an alarm;
     * generation resumes once the condition clears (past its hysteresis).
     */
    safety: z
      .strictObject({
        /** How often the boards' status and telemetry are read, in ms (interlock changes also arrive at once). */
        pollIntervalMs: z.number().int().min(100).max(60_000).default(1000),
        /** Any board's PCB temperature above this, in °C, is an over-temperature. */
        maxBoardTemperatureDegc: z.number().default(60),
        /** The source's laser diode temperature above this, in °C. */
        maxLaserTemperatureDegc: z.number().default(45),
        /** A detector's temperature above this, in °C (cooled SPADs run at −50..−20 °C; raise it for warm detectors). */
        maxDetectorTemperatureDegc: z.number().default(-10),
        /** A temperature trip clears once the reading is this far below its maximum, in °C. */
        temperatureHysteresisDegc: z.number().min(0).default(2),
        /** While the source emits, a laser current below this (mA) means the laser is off. */
        minLaserCurrentMa: z.number().min(0).default(1),
        /**
         * Count rate range of each detector in counts/s (one value for all or {h, v, d, a}); max unset: no upper
         * limit. A min above the dark-count rate also trips while the transmitter does not emit (held, stopped),
         * and clears by itself once light is back (the receiver's tagger keeps counting while held).
         */
        countRateCps: z
          .strictObject({
            min: perDetector(z.number().min(0)).default(0),
            max: perDetector(z.number().positive()).optional(),
          })
          .prefault({}),
        /** A detector dead this fraction of the time (count rate × applied dead time) is saturated. */
        saturationDeadFraction: z.number().gt(0).max(1).default(0.8),
        /** Relative hysteresis of the count-rate and saturation limits (0.1: a trip at 1 Mcps clears below 0.9 Mcps). */
        rateHysteresis: z.number().min(0).max(0.5).default(0.1),
      })
      .prefault({}),
    thresholds: z
      .strictObject({
        /** A block whose observed test- or key-basis QBER is above this is dropped and raises an alarm. */
        qberMax: z.number().min(0).max(0.5).default(0.11),
        /**
         * Raise the `no-key` alarm when no block has been stored for this many seconds while the peer
         * session runs (cleared when key flows again); 0: never. Default 300. Keep it above the time one
         * block takes to gather at this link's distance (postprocessing.blockBits).
         */
        noKeyAfterS: z.number().min(0).max(86_400).optional(),
      })
      .default({ qberMax: 0.11 }),
    /**
     * Post-processing choices. `cascade.variant`: the Cascade variant this node runs as the receiver
     * (it picks the block sizes and sends them in Cascade's first request; the transmitter answers
     * whatever it is asked, so only the receiver's setting is in force). One of `original`,
     * `option8`, `option8-bpi`, `option8-bpi-scaled`, `original-lockstep`
     * (src/pipeline/cascade/variants.ts). `option8-bpi-scaled` is the most efficient (f ≈ 1.03–1.05
     * at QBER 1–10 %, against ≈ 1.2 for `original`) but takes hundreds of round trips per frame.
     * Unset: the node's default (src/node/frame/frame-params.ts).
     */
    postprocessing: z
      .strictObject({
        cascade: z.strictObject({ variant: z.enum(CASCADE_VARIANTS).optional() }).optional(),
        /**
         * n_X: sifted key-basis detections per post-processing block (Lim et al. 2014), 10^5..10^7,
         * default 10^6. Frames (frame.slots) stay the hardware's unit; their sifted detections
         * accumulate until the transmitter holds n_X and closes a block of exactly n_X (the rest carries
         * over), so a block spans as many frames as the distance needs. Larger blocks give more key per
         * detection (smaller finite-size penalty) but wait longer for their first key: at 100 km about
         * 10^5 key-basis detections are needed before any key. The transmitter's value is in force (the
         * receiver takes the blocks it names).
         */
        blockBits: z.number().int().min(100_000).max(10_000_000).optional(),
        /**
         * Blocks whose post-processing may be in flight at once (round trips of several blocks overlap). Default 8.
         * Each costs about its key bits a few times over (~0.6 MB at n_X = 10^6); Cascade plans are shared.
         */
        blocksInFlight: z.number().int().min(1).max(64).optional(),
      })
      .optional(),
    /**
     * Drift tracking while making key (src/node/polarization-tracking.ts). `polarization` (transmitter):
     * the modulator bias dithers by ±`ditherRad` (as a Poincaré angle; costs ≈ ditherRad²/4 of QBER)
     * between groups of frames and follows the bias of lowest test-basis QBER, so the states stay
     * aligned at the receiver while the fibre's rotation and the modulator's offset drift. V_π is
     * taken from modulator.stateVoltagesV (V − H). Off by default.
     * `delay` (receiver, src/node/delay-tracking.ts): from each frame's tags, the detections' mean
     * offset from the gate centre (per detector, the dark-count floor subtracted) moves
     * detector.gateDelayPs by half of it for the next frames, so the gate follows a drifting fibre
     * delay (thermal: ≈ 35 ps per km per K). Off by default.
     */
    tracking: z
      .strictObject({
        polarization: z.boolean().default(false),
        ditherRad: z.number().gt(0).max(0.3).default(0.05),
        delay: z.boolean().default(false),
      })
      .optional(),
    security: z
      .strictObject({
        epsSec: z.number().gt(0).lt(1).default(1e-10),
        epsCor: z.number().gt(0).lt(1).default(1e-15),
      })
      .default({ epsSec: 1e-10, epsCor: 1e-15 }),
    /**
     * The control API (qkdctl status/start/stop/alarms, scripts, the dashboard): versioned JSON under
     * /api/v1/, see docs/control-api.md. Always served on a Unix socket (mode 0600); on loopback HTTP
     * only when `http` is set.
     */
    control: z
      .strictObject({
        /**
         * Path of the Unix socket; its folder must exist and not be group- or world-writable.
         * Default: `control.sock` beside the key store (keystore.path's folder), which works unprivileged.
         */
        socket: z.string().min(1).optional(),
        /** Also serve on loopback HTTP at this `127.0.0.1:PORT` (port 0: any free port). Never another interface. */
        http: loopbackHostPort.optional(),
      })
      .optional(),
    etsi: z
      .strictObject({
        /** HTTPS listen address of the ETSI GS QKD 014 API. */
        listen: hostPort,
        /** The KME at the other end of the link. */
        peerKmeId: z.string().min(1),
        /** SAEs attached to this KME. */
        localSaeIds: z.array(z.string().min(1)).min(1),
        /** SAEs attached to the peer KME (the slaves of keys made here). */
        remoteSaeIds: z.array(z.string().min(1)).min(1),
        keySizeBits: z.number().int().min(8).multipleOf(8).default(256),
        maxKeySizeBits: z.number().int().min(8).multipleOf(8).default(8192),
        minKeySizeBits: z.number().int().min(8).multipleOf(8).default(64),
        maxKeysPerRequest: z.number().int().min(1).default(128),
        /**
         * `max_SAE_ID_count`: how many `additional_slave_SAE_IDs` (more SAEs at the peer KME that may each fetch the same
         * keys once) an enc_keys may name; 0 refuses them. Default 4.
         */
        maxSaeIdCount: z.number().int().min(0).max(64).optional(),
        /**
         * Seconds a reserved key waits for its SAE (dec_keys on the slave KME) before both KMEs discard it;
         * it then no longer counts against keystore.maxBits. Default 300. See src/keystore/README.md "Reservation expiry".
         */
        reservationTtlS: z.number().int().min(1).max(86_400).default(300),
        tls: z.strictObject({ ca: z.string(), cert: z.string(), key: z.string() }),
        /**
         * Optional PEM certificate revocation list of the SAE CA (etsi.tls.ca): a client whose
         * certificate it lists fails the TLS handshake. Re-issue it before its nextUpdate, or every
         * client is refused; it is read at start.
         */
        crlFile: z.string().optional(),
        /**
         * Lowest TLS version of the key-delivery API: '1.3' (default) or '1.2' for SAEs that lack 1.3.
         */
        tlsMinVersion: z.enum(['1.2', '1.3']).optional(),
        /**
         * Limits of the key-delivery API; every field optional, defaults in brackets (reasons in
         * src/api/etsi014/limits.ts): handshakeTimeoutMs [10000], headersTimeoutMs [10000],
         * requestTimeoutMs [10000, not below headersTimeoutMs], maxHeaderBytes [8192; larger: 431 and
         * close], maxBodyBytes [65536; larger: 413 and close, unread], maxConnections [256; excess closed
         * at once], ratePerSaePerSecond [10000; 0 = off; over it: 429 with Retry-After],
         * rateBurstPerSae [10000].
         */
        limits: z
          .strictObject({
            handshakeTimeoutMs: z.number().int().min(100).optional(),
            headersTimeoutMs: z.number().int().min(100).optional(),
            requestTimeoutMs: z.number().int().min(100).optional(),
            maxHeaderBytes: z.number().int().min(1024).optional(),
            maxBodyBytes: z.number().int().min(1024).optional(),
            maxConnections: z.number().int().min(1).optional(),
            ratePerSaePerSecond: z.number().min(0).optional(),
            rateBurstPerSae: z.number().int().min(1).optional(),
          })
          .refine((l) => (l.requestTimeoutMs ?? 10_000) >= (l.headersTimeoutMs ?? 10_000), {
            message: 'requestTimeoutMs must not be below headersTimeoutMs',
            path: ['requestTimeoutMs'],
          })
          .optional(),
      })
      .optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const needs = cfg.node.role === 'transmitter' ? (['photonSource', 'polarizationModulator'] as const) : (['detector'] as const);
    for (const board of needs) {
      if (!cfg.boards[board]) {
        ctx.addIssue({ code: 'custom', path: ['boards', board], message: `a ${cfg.node.role} node needs boards.${board}` });
      }
    }
    if (cfg.boards.allowRemoteTcp !== true) {
      for (const board of ['photonSource', 'polarizationModulator', 'detector'] as const) {
        const host = remoteTcpHost(cfg.boards[board]);
        if (host === null) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['boards', board],
          message:
            `tcp:// board on ${host}, not on loopback: the ${board === 'detector' ? "receiver's detector tags" : "transmitter's bases and bits"} ` +
            'would cross the network unauthenticated; use a loopback address (or serial/usb), or set boards.allowRemoteTcp: true to accept that',
        });
      }
    }
    if (cfg.node.role === 'receiver' && !cfg.detector) {
      ctx.addIssue({ code: 'custom', path: ['detector'], message: 'a receiver node needs detector.gateDelayPs and detector.gateWidthPs' });
    }
    if (cfg.node.role === 'transmitter' && !cfg.modulator) {
      ctx.addIssue({ code: 'custom', path: ['modulator'], message: 'a transmitter node needs modulator.stateVoltagesV' });
    }
    if (!cfg.peer.listen && !cfg.peer.connect) {
      ctx.addIssue({ code: 'custom', path: ['peer'], message: 'peer needs listen (transmitter) or connect (receiver)' });
    }
  });

export type BenchConfig = z.infer<typeof benchConfigSchema>;
