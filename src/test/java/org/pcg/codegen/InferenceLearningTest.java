package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.PcOptions;

/** IL: relaxation descends the energy, and learning uses the relaxed errors. */
class InferenceLearningTest {

  /** Slack for a step that leaves the energy unchanged up to rounding. */
  private static final double ROUNDING = 1e-12;

  private static final int BATCH = 4;
  private static final long SEED = 11L;
  private static final int STEPS = 30;

  @Test
  void relaxationNeverRaisesTheEnergy() throws Exception {
    CompiledModel model = Harness.model(ZilEquivalenceTest.Graphs.residual(), BATCH, SEED);

    model.computeUpdates(Algorithm.IL, new PcOptions(STEPS, 0.1, true, 0.0, 0L, true));
    double[] energy = energyTrace(model);

    assertThat(energy).hasSize(STEPS + 1);
    for (int t = 1; t < energy.length; t++) {
      assertThat(energy[t]).isLessThanOrEqualTo(energy[t - 1] + ROUNDING);
    }
    assertThat(energy[STEPS]).isLessThan(energy[0]);
  }

  @Test
  void theFirstEnergyIsTheLossOfTheForwardPass() throws Exception {
    CompiledModel model = Harness.model(ZilEquivalenceTest.Graphs.mlp(), BATCH, SEED);

    double loss = model.computeUpdates(Algorithm.IL,
        new PcOptions(STEPS, 0.1, true, 0.0, 0L, true));

    assertThat(energyTrace(model)[0]).isEqualTo(loss);
  }

  @Test
  void withoutTracingTheTraceIsEmpty() throws Exception {
    CompiledModel model = Harness.model(ZilEquivalenceTest.Graphs.mlp(), BATCH, SEED);

    model.computeUpdates(Algorithm.IL, PcOptions.defaults().withGamma(0.1));

    assertThat(energyTrace(model)).isEmpty();
  }

  @Test
  void withoutRelaxationOnlyTheOutputLayerLearns() {
    CompiledModel model = Harness.model(ZilEquivalenceTest.Graphs.mlp(), BATCH, SEED);

    List<double[]> bp = Harness.updates(model, Algorithm.BP, PcOptions.defaults());
    List<double[]> il = Harness.updates(model, Algorithm.IL,
        PcOptions.defaults().withSteps(0).withGamma(0.1));

    // Without relaxation every hidden error is zero, so only the output layer learns.
    assertThat(Harness.maxRelativeDifference(il.subList(4, 6), bp.subList(4, 6))).isZero();
    assertThat(Harness.norm(il.get(0), null)).isZero();
  }

  /** The generated class's public energyTrace(), which is not part of CompiledModel. */
  private static double[] energyTrace(CompiledModel model) throws Exception {
    Method trace = model.getClass().getMethod("energyTrace");
    return (double[]) trace.invoke(model);
  }
}
