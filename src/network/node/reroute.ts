/**
 * Rerouting after a Reject (docs/key-relay.md, "Failure handling"): which
 * links of a relayed key's path to leave out of the next attempt, read from
 * the source's abort reason, and the routing view without them.
 *
 * A Reject travels up the path and every relay prefixes the name of the node
 * it came from, so the source holds `b: c: <reason>` — the chain of nodes from
 * its next node out to the one that refused. That node refused for the hop
 * before it (no hop key, a tag that does not verify, a cut that contradicts
 * its pool) or the hop after it (not enough key, a missing link); every
 * reason the relay engine writes names that link as `link <id>`. The hop it
 * names is left out; when it names none, both hops of the refusing node on
 * this path are. The relay's own reasons are the only input, so this reads
 * them rather than carrying a hop index on the wire.
 */
import type { LinkId, NodeId, Path } from '../routing/path.ts';
import type { NetworkView } from '../routing/topology.ts';

/** The links of `path` to avoid after the source aborted with `reason` (a Reject from down the path, or its own failed step). */
export function rejectedLinks(path: Path, reason: string): LinkId[] {
  let k = 0;
  let rest = reason;
  while (k + 1 < path.nodes.length && rest.startsWith(`${path.nodes[k + 1]}: `)) {
    rest = rest.slice(path.nodes[k + 1].length + 2);
    k++;
  }
  // path.nodes[k] refused (k = 0: the source's own forward step failed).
  const near = [k - 1, k].filter((h) => h >= 0 && h < path.links.length);
  const named = near.filter((h) => namesLink(rest, path.links[h]));
  return (named.length > 0 ? named : near).map((h) => path.links[h]);
}

function namesLink(reason: string, id: LinkId): boolean {
  const at = (from: number): number => reason.indexOf(`link ${id}`, from);
  for (let i = at(0); i >= 0; i = at(i + 1)) {
    const before = i === 0 ? ' ' : reason[i - 1];
    const after = reason[i + 5 + id.length] ?? ' ';
    if (/\s/.test(before) && /[\s,:;.)]/.test(after)) return true;
  }
  return false;
}

/** `view` without the links in `excluded` (for choosing the next-best path). */
export function viewWithout(view: NetworkView, excluded: ReadonlySet<LinkId>): NetworkView {
  if (excluded.size === 0) return view;
  return {
    nodes: view.nodes,
    adjacent: (node: NodeId) => view.adjacent(node).filter((a) => !excluded.has(a.link.id)),
    link: (id: LinkId) => (excluded.has(id) ? undefined : view.link(id)),
  };
}
