package org.pcg.codegen;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pcg.ir.Vertex;

/**
 * The first inference step at which each hidden vertex has work to do when predictive
 * coding starts from the forward pass (every value node at its prediction, every error
 * exactly zero). Before that step its error is exactly zero, nothing sends it feedback and
 * its value has not moved, so predicting it, sending J^T e and relaxing it would only
 * rewrite its buffers with what they hold: the generated inference steps skip it.
 *
 * <p>An error can first be non-zero one step after its value node or one of its inputs
 * first moves ({@code e = x - mu}); a value node first moves at the first step at which its
 * own error or a consumer's is non-zero. Starting from the output's error at step 0, these
 * bounds are propagated to a fixed point; on a levelled graph a vertex wakes at its level
 * minus one. Two more rules keep skipped buffers unread: a vertex wakes no later than its
 * level, at which level-timed Z-IL has it learn (a parameter update with one writer is
 * overwritten, not added to), and a vertex whose feedback has one writer that overwrites it
 * whole wakes that writer no later than itself.
 */
final class WakeSteps {

  private static final int NEVER = Integer.MAX_VALUE / 2;

  private final ModelContext ctx;
  private final List<Vertex> hidden;
  private final Map<String, Integer> errorFrom = new HashMap<>();
  private final Map<String, Integer> movesFrom = new HashMap<>();
  private final Map<String, Integer> wake = new HashMap<>();

  private WakeSteps(ModelContext ctx) {
    this.ctx = ctx;
    this.hidden = ctx.computed().stream().filter(v -> !ctx.isOutput(v)).toList();
  }

  /** The wake step of every non-leaf vertex; the output's is 0. */
  static Map<String, Integer> of(ModelContext ctx) {
    WakeSteps steps = new WakeSteps(ctx);
    steps.propagate();
    steps.wakeWriters();
    steps.wake.put(ctx.graph.loss().output(), 0);
    return steps.wake;
  }

  /** The bounds on the first non-zero error and first move, to their fixed point. */
  private void propagate() {
    errorFrom.put(ctx.graph.loss().output(), 0);
    hidden.forEach(v -> errorFrom.put(v.name(), NEVER));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Vertex v : hidden) {
        int moves = Math.min(errorFrom.get(v.name()), firstConsumerError(v));
        movesFrom.put(v.name(), moves);
        int error = 1 + Math.min(moves, firstInputMove(v));
        if (error < errorFrom.get(v.name())) {
          errorFrom.put(v.name(), error);
          changed = true;
        }
      }
    }
    for (Vertex v : hidden) {
      wake.put(v.name(), Math.min(movesFrom.get(v.name()), ctx.schedule.level(v.name())));
    }
  }

  private int firstConsumerError(Vertex v) {
    return ctx.graph.consumers(v.name()).stream().mapToInt(errorFrom::get).min()
        .orElse(NEVER);
  }

  private int firstInputMove(Vertex v) {
    return v.inputs().stream().mapToInt(u -> movesFrom.getOrDefault(u, NEVER)).min()
        .orElse(NEVER);
  }

  /** A feedback buffer's sole writer works whenever its reader does. */
  private void wakeWriters() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Vertex v : hidden) {
        if (!ctx.writtenFeedback.contains(v.name())) {
          continue;
        }
        String writer = ctx.graph.consumers(v.name()).get(0);
        if (!ctx.isOutput(ctx.graph.vertex(writer)) && wake.get(v.name()) < wake.get(writer)) {
          wake.put(writer, wake.get(v.name()));
          changed = true;
        }
      }
    }
  }
}
