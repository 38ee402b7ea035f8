package org.pcg.runtime;

/**
 * What one training epoch achieved.
 *
 * @param epoch the epoch's number, from 1
 * @param trainLoss mean loss per sample over the epoch's training steps, each measured before
 *     its update
 * @param testLoss mean loss per sample on the test set after the epoch
 * @param testAccuracy fraction of test samples whose largest output is their label
 * @param seconds wall time of the epoch's training steps, evaluation excluded
 * @param stepsPerSecond training steps (batches) per second of {@code seconds}
 */
public record EpochMetrics(
    int epoch, double trainLoss, double testLoss, double testAccuracy, double seconds,
    double stepsPerSecond) {}
