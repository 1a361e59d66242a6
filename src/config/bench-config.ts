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
import { parseTransportAddress } from '../../drivers/transport/address.ts';

const boardUrl = z.string().superRefine((url, ctx) => {
  try {
    parseTransportAddress(url);
  } catch (err) {
    // The parser's message names the address and the part that is wrong.
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7700');

const probability = z.number().min(0).max(1);

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
    }),
    peer: z.strictObject({
      /** The transmitter listens; the receiver connects. */
      listen: hostPort.optional(),
      connect: hostPort.optional(),
      /** Pre-shared secret used to authenticate the classical channel until the store holds key. */
      preSharedKeyFile: z.string().min(1),
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
        /** Probabilities of each intensity class per slot; they must sum to 1. */
        intensityProbabilities: z.strictObject({ signal: probability, decoy: probability, vacuum: probability }),
        /** Probability of the Z (key) basis per slot at the transmitter. */
        keyBasisProbability: probability.default(0.5),
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
      })
      .optional(),
    thresholds: z
      .strictObject({
        /** A frame whose key-basis QBER is above this is dropped and raises an alarm. */
        qberMax: z.number().min(0).max(0.5).default(0.11),
      })
      .default({ qberMax: 0.11 }),
    security: z
      .strictObject({
        epsSec: z.number().gt(0).lt(1).default(1e-10),
        epsCor: z.number().gt(0).lt(1).default(1e-15),
      })
      .default({ epsSec: 1e-10, epsCor: 1e-15 }),
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
        tls: z.strictObject({ ca: z.string(), cert: z.string(), key: z.string() }),
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
