package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pcg.cli.TrainCommandTest.pcg;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.runtime.NpyArray;
import org.pcg.runtime.Npz;

/**
 * Training with scheduled Z-IL and with BP from the same seed, in double, on real data,
 * ends at the same weights: Z-IL's equality holds step after step, not only for one update.
 */
class ZilTrainingTest {

  /** Largest accepted relative difference of the final weights. */
  private static final double TOLERANCE = 1e-9;

  @TempDir Path dir;

  @Test
  void zilAndBpTrainTheMlpToTheSameWeights() {
    Map<String, NpyArray> bp = train("bp");
    Map<String, NpyArray> zil = train("zil");

    assertThat(zil.keySet()).isEqualTo(bp.keySet());
    for (String name : bp.keySet()) {
      assertThat(relativeDifference(zil.get(name).toDoubles(), bp.get(name).toDoubles()))
          .as("weights %s after 100 steps", name).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  private Map<String, NpyArray> train(String algo) {
    Path weights = dir.resolve(algo + ".npz");
    TrainCommandTest.Result r = pcg("train", "samples/mlp.pcg", "--algo", algo, "--dtype",
        "f64", "--epochs", "1", "--limit", "6400", "--test-limit", "100", "--quiet",
        "--seed", "7", "--save", weights.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return Npz.read(weights);
  }

  private static double relativeDifference(double[] a, double[] b) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }
}
