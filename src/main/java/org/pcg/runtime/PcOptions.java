package org.pcg.runtime;

/**
 * Settings of the predictive-coding algorithms. The defaults give exact Z-IL; the research
 * switches reproduce the failures the Z-IL paper reports when one of its conditions is broken.
 *
 * @param steps inference steps T for IL (Z-IL runs maxLevel + 1 steps whatever this says)
 * @param gamma inference step size; Z-IL is exact only with 1
 * @param levelTimed when false, every parameter is updated at the last step instead of at its
 *     vertex's level (a research switch; breaks exactness)
 * @param startNoise standard deviation of noise added to the feedforward start of every
 *     hidden value node (a research switch; 0 gives the exact start)
 * @param seed seed of that noise
 * @param traceEnergy when true, IL records the energy after every step
 */
public record PcOptions(
    int steps, double gamma, boolean levelTimed, double startNoise, long seed,
    boolean traceEnergy) {

  /** Exact Z-IL settings and IL with T = 20, gamma = 0.1. */
  public static PcOptions defaults() {
    return new PcOptions(20, 1.0, true, 0.0, 0L, false);
  }

  public PcOptions withSteps(int t) {
    return new PcOptions(t, gamma, levelTimed, startNoise, seed, traceEnergy);
  }

  public PcOptions withGamma(double g) {
    return new PcOptions(steps, g, levelTimed, startNoise, seed, traceEnergy);
  }
}
