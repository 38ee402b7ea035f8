package org.pcg.cli;

import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.PcOptions;
import picocli.CommandLine.Option;

/** The learning rule and its predictive-coding settings, shared by train and check. */
final class PcArgs {

  @Option(names = "--steps", paramLabel = "T",
      description = "IL inference steps (default: the model's il_steps, else 20).")
  Integer steps;

  @Option(names = "--gamma", paramLabel = "G",
      description = "IL inference step size (default: the model's il_gamma, else 0.1).")
  Double gamma;

  @Option(names = "--zil-gamma", paramLabel = "G",
      description = "Research switch: Z-IL inference step size; exact only with 1.")
  Double zilGamma;

  @Option(names = "--no-level-timing",
      description = "Research switch: update every parameter at the last Z-IL step instead"
          + " of at its vertex's level.")
  boolean noLevelTiming;

  @Option(names = "--start-noise", paramLabel = "S", defaultValue = "0",
      description = "Research switch: noise (standard deviation) added to the feedforward"
          + " start of every hidden value node.")
  double startNoise;

  /** The settings for {@code algo}, with the model file's defaults under the flags. */
  PcOptions options(Algorithm algo, Graph graph, long seed) {
    int t = steps != null ? steps : (int) graph.defaults().number("il_steps", 20);
    double ilGamma = gamma != null ? gamma : graph.defaults().number("il_gamma", 0.1);
    double g = algo == Algorithm.IL ? ilGamma : zilGamma != null ? zilGamma : 1.0;
    if (t < 1) {
      throw new UserError("--steps must be at least 1, got " + t, Main.USAGE);
    }
    if (!(g > 0) || !Double.isFinite(g)) {
      String flag = algo == Algorithm.IL ? "--gamma" : "--zil-gamma";
      throw new UserError(flag + " must be a positive number, got " + g, Main.USAGE);
    }
    if (!(startNoise >= 0) || !Double.isFinite(startNoise)) {
      throw new UserError("--start-noise must be zero or positive", Main.USAGE);
    }
    return new PcOptions(t, g, !noLevelTiming, startNoise, seed, false);
  }

  /** The algorithm a flag or a model file's {@code algorithm = ...} names. */
  static Algorithm algorithm(String flag) {
    for (Algorithm a : Algorithm.values()) {
      if (a.flag().equals(flag)) {
        return a;
      }
    }
    throw new UserError("unknown algorithm '" + flag + "': use bp, zil, zil-faithful or il",
        Main.USAGE);
  }
}
