package org.pcg.runtime;

import java.util.List;

/**
 * Where a training run stands, as a training checkpoint records it: the epoch in progress,
 * the batches of it already trained on, the loss they summed to, and the metrics of the
 * epochs before.
 *
 * @param epoch the epoch in progress, from 1 (epochs + 1 once every epoch is done)
 * @param stepsDone batches of that epoch already applied
 * @param lossSum the loss of those batches, summed over their samples
 * @param history metrics of the finished epochs, in order
 */
public record TrainingState(int epoch, int stepsDone, double lossSum,
    List<EpochMetrics> history) {

  public TrainingState {
    history = List.copyOf(history);
    if (epoch < 1 || stepsDone < 0 || history.size() != epoch - 1) {
      throw new IllegalArgumentException("no such training position: epoch " + epoch
          + ", " + stepsDone + " steps done, " + history.size() + " epochs of history");
    }
  }

  /** The start of a fresh run. */
  public static TrainingState start() {
    return new TrainingState(1, 0, 0, List.of());
  }
}
