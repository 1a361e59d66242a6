/** The bench of a node from its config: its role's boards, through the drivers. */
import type { Logger } from '../../log.ts';
import type { BenchConfig } from '../../config/bench-config.ts';
import type { NodeBench } from '../qkd-node.ts';
import { BoardReceiverBench } from './receiver-boards.ts';
import { BoardTransmitterBench } from './transmitter-boards.ts';

export async function createBoardBench(cfg: BenchConfig, log: Logger): Promise<NodeBench> {
  return cfg.node.role === 'transmitter'
    ? { role: 'transmitter', bench: await BoardTransmitterBench.open(cfg, log) }
    : { role: 'receiver', bench: await BoardReceiverBench.open(cfg, log) };
}
