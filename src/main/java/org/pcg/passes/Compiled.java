package org.pcg.passes;

import java.util.List;
import java.util.Objects;
import org.pcg.ir.Graph;

/**
 * What the passes hand to code generation: the graph as lowered, the graph to compile
 * (levelled unless levelling was switched off), its Z-IL schedule and the identities
 * levelling inserted.
 *
 * @param original the graph lowering produced
 * @param graph the graph to generate code for
 * @param schedule the schedule of {@code graph}
 * @param insertions the identity chains levelling added; empty when it was off
 * @param levelled whether levelling ran (the graph may still be unlevelled when it did not)
 */
public record Compiled(Graph original, Graph graph, Schedule schedule,
    List<Levelling.Insertion> insertions, boolean levelled) {

  public Compiled {
    Objects.requireNonNull(original);
    Objects.requireNonNull(graph);
    Objects.requireNonNull(schedule);
    insertions = List.copyOf(insertions);
  }

  /** Total number of identity vertices levelling inserted. */
  public int identityCount() {
    return insertions.stream().mapToInt(Levelling.Insertion::count).sum();
  }
}
