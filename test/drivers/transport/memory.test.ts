/** The contract suite against the in-memory pair, which the other suites are measured beside. */
import { createMemoryTransportPair } from '../../../drivers/transport/memory.ts';
import { transportContract } from '../../support/transport-contract.ts';

transportContract('memory', async () => {
  const { host, device } = createMemoryTransportPair('contract');
  return {
    a: host,
    b: device,
    sever: () => host.unplug(),
    dispose: async () => {
      await host.close();
      await device.close();
    },
  };
});
