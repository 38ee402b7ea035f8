package org.pcg.passes;

import java.util.List;
import java.util.logging.Logger;
import org.pcg.ir.Graph;

/**
 * Runs the passes between lowering and code generation: verify the lowered graph, level it
 * (unless the "levelling off" research switch is set) and schedule Z-IL. The verifier runs
 * after every pass, so a broken graph is reported against the pass that broke it.
 */
public final class Passes {

  private static final Logger LOG = Logger.getLogger(Passes.class.getName());

  private Passes() {}

  /**
   * The compiled form of a lowered graph.
   *
   * @param g the graph lowering produced
   * @param level whether to level it; without levelling the schedule times the graph as it
   *     is, and Z-IL no longer equals BP when the graph has skip connections
   */
  public static Compiled run(Graph g, boolean level) {
    long start = System.nanoTime();
    Verifier.check(g, "lowering");
    Compiled compiled = level ? levelled(g) : unlevelled(g);
    LOG.fine(() -> String.format("passes on %s: %d identities, max level %d, %.1f ms",
        g.name(), compiled.identityCount(), compiled.schedule().maxLevel(),
        (System.nanoTime() - start) / 1e6));
    return compiled;
  }

  private static Compiled levelled(Graph g) {
    List<Levelling.Insertion> insertions = Levelling.plan(g);
    Graph levelled = Levelling.apply(g);
    return new Compiled(g, levelled, Schedule.of(levelled), insertions, true);
  }

  private static Compiled unlevelled(Graph g) {
    return new Compiled(g, g, Schedule.of(g), List.of(), false);
  }
}
