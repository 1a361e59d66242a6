/**
 * Routing vocabulary shared by the router (src/network/routing) and the key relay
 * (src/network/relay): node and link names, a path, and the one question the relay
 * asks of routing. Kept in its own file so the relay can import it without the
 * path-selection code.
 */

/** A trusted node (key manager) of the network, by its configured name. */
export type NodeId = string;
/** A QKD link between two adjacent nodes, by its configured name. */
export type LinkId = string;

/** A route for one end-to-end key: nodes[0] = source KME, last = destination; links[i] joins nodes[i] and nodes[i+1]. */
export interface Path {
  nodes: NodeId[];
  links: LinkId[];
}

/** What the relay asks of routing. Returns null when no path has `bits` of key on every hop (request blocked). */
export interface PathChooser {
  choosePath(from: NodeId, to: NodeId, bits: number): Path | null;
}
