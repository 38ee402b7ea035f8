package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.Batch;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Dataset;
import org.pcg.runtime.Equivalence;
import org.pcg.runtime.FashionMnist;
import org.pcg.runtime.PcOptions;
import org.pcg.syntax.Frontend;

/** IL: relaxation descends the energy, and learning uses the relaxed errors. */
class InferenceLearningTest {

  /** Slack for a step that leaves the energy unchanged up to rounding. */
  private static final double ROUNDING = 1e-12;

  private static final int BATCH = 4;
  private static final long SEED = 11L;
  private static final int STEPS = 30;

  /** Two orders of rounding in double, after a few dozen steps of a few thousand sums. */
  private static final double FORMS_AGREE = 1e-9;
  private static final double FORMS_GAMMA = 0.1;

  /** IL's acceptance figure: T = 100 steps of gamma = 0.1 land within 5% of BP. */
  private static final double IL_GAP_LIMIT = 0.05;
  private static final int IL_STEPS = 100;
  private static final double IL_GAMMA = 0.1;
  /** The MLP sample's training batch and seed. */
  private static final int SAMPLE_BATCH = 64;
  private static final long SAMPLE_SEED = 42L;

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

  /**
   * On the MLP sample and the first Fashion-MNIST images, in double, the relaxed update is
   * within 5% of BP's (Euclidean, over all parameters), while 20 steps are far from it: the
   * closeness comes from relaxing, not from the output layer alone.
   */
  @Test
  void aHundredStepsBringIlWithinFivePercentOfBpOnTheMlpSample() {
    Graph g = Frontend.load(Path.of("samples", "mlp.pcg"));
    CompiledModel model = Harness.compile(g, DType.F64, true).create(SAMPLE_BATCH,
        SAMPLE_SEED);
    loadFirstImages(model, SAMPLE_BATCH);
    PcOptions il = PcOptions.defaults().withGamma(IL_GAMMA);

    double[][] bp = Equivalence.updates(model, Algorithm.BP, PcOptions.defaults());
    double relaxed = Equivalence.normRelative(
        Equivalence.updates(model, Algorithm.IL, il.withSteps(IL_STEPS)), bp);
    double brief = Equivalence.normRelative(
        Equivalence.updates(model, Algorithm.IL, il.withSteps(IL_STEPS / 5)), bp);

    assertThat(relaxed).isLessThan(IL_GAP_LIMIT);
    assertThat(brief).isGreaterThan(4 * IL_GAP_LIMIT);
  }

  /**
   * IL moves its value nodes in a plain form (x alone) and faithful Z-IL in an exact one
   * (start plus moved), with fused predictions and copies from levelling in both. With level
   * timing off, faithful Z-IL relaxes MAX_LEVEL steps and then every vertex learns, which is
   * IL with T = MAX_LEVEL; so in double the two forms must agree to rounding. The plain
   * form rounds e = x - mu at the scale of x, so a parameter whose update is still tiny
   * (errors have barely reached the first layer) is compared at the scale of its gradient.
   */
  @Test
  void ilsPlainFormAgreesWithFaithfulZilsExactForm() throws Exception {
    // The RNN's tanh vertices keep mu for their backward; the transformer has copies.
    List<Graph> graphs = List.of(ZilEquivalenceTest.Graphs.mlp(),
        ZilEquivalenceTest.Graphs.residual(),
        Frontend.load(Path.of("samples", "transformer.pcg")),
        Frontend.load(Path.of("samples", "rnn.pcg")));
    for (Graph g : graphs) {
      CompiledModel model = Harness.model(g, BATCH, SEED);
      int levels = maxLevel(model);
      PcOptions options = new PcOptions(levels, FORMS_GAMMA, false, 0.0, 0L, false);

      List<double[]> exact = Harness.updates(model, Algorithm.ZIL_FAITHFUL, options);
      List<double[]> plain = Harness.updates(model, Algorithm.IL, options);
      List<double[]> bp = Harness.updates(model, Algorithm.BP, options);

      for (int p = 0; p < bp.size(); p++) {
        double scale = Math.max(Harness.norm(exact.get(p), null), Harness.norm(bp.get(p), null));
        assertThat(Harness.norm(plain.get(p), exact.get(p)) / scale)
            .as("%s, parameter %d", g.name(), p).isLessThan(FORMS_AGREE);
      }
      assertThat(Harness.norm(plain.get(0), null)).as(g.name()).isPositive();
    }
  }

  private static int maxLevel(CompiledModel model) throws Exception {
    java.lang.reflect.Field field = model.getClass().getDeclaredField("MAX_LEVEL");
    field.setAccessible(true);
    return field.getInt(null);
  }

  private static void loadFirstImages(CompiledModel model, int n) {
    Dataset train = FashionMnist.load().train();
    Batch batch = train.newBatch(n);
    train.batch(IntStream.range(0, n).toArray(), 0, n, batch);
    model.setBatch(n, batch.inputs(), batch.targets());
  }

  /** The generated class's public energyTrace(), which is not part of CompiledModel. */
  private static double[] energyTrace(CompiledModel model) throws Exception {
    Method trace = model.getClass().getMethod("energyTrace");
    return (double[]) trace.invoke(model);
  }
}
