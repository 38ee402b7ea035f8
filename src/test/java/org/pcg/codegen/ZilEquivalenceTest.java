package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pcg.codegen.TestGraph.apply;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.ir.Loss;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;

/**
 * Z-IL against BP on the graphs where exactness is hardest: a residual skip (levelled), a
 * parameter shared by vertices at different levels, a product of two activations, several
 * paths to the output. Then the research switches, which must run and diverge.
 */
class ZilEquivalenceTest {

  /** Scheduled Z-IL does BP's arithmetic in another order: rounding only. */
  private static final double SCHEDULED_TOLERANCE = 1e-12;

  /**
   * Faithful Z-IL recomputes every prediction and subtracts; the bound the contract sets
   * (the generated code keeps x as start + moved, which in practice makes it exact).
   */
  private static final double FAITHFUL_TOLERANCE = 1e-10;

  /** A divergence this large is not rounding. */
  private static final double DIVERGED = 1e-3;

  private static final int BATCH = 4;
  private static final long SEED = 7L;
  private static final PcOptions EXACT = PcOptions.defaults();

  @Test
  void mlpZilEqualsBp() {
    assertZilEqualsBp(Graphs.mlp());
  }

  @Test
  void levelledResidualZilEqualsBp() {
    assertZilEqualsBp(Graphs.residual());
  }

  @Test
  void parameterSharedAcrossLevelsZilEqualsBp() {
    assertZilEqualsBp(Graphs.sharedAcrossLevels());
  }

  @Test
  void productOfActivationsZilEqualsBp() {
    assertZilEqualsBp(Graphs.product());
  }

  @Test
  void severalPathsZilEqualsBp() {
    assertZilEqualsBp(Graphs.severalPaths());
  }

  @Test
  void unbatchedVertexAndConstantLeafZilEqualsBp() {
    assertZilEqualsBp(Graphs.unbatchedVertex());
  }

  @Test
  void unlevelledResidualFaithfulZilDiverges() {
    Graph g = Graphs.residual();
    CompiledModel model = Harness.withBatch(
        Harness.compile(g, DType.F64, false).create(BATCH, SEED), g, BATCH, SEED);

    List<double[]> bp = Harness.updates(model, Algorithm.BP, EXACT);
    List<double[]> faithful = Harness.updates(model, Algorithm.ZIL_FAITHFUL, EXACT);

    assertThat(Harness.maxRelativeDifference(faithful, bp)).isGreaterThan(DIVERGED);
  }

  @Test
  void gammaBelowOneDiverges() {
    assertSwitchDiverges(EXACT.withGamma(0.5));
  }

  @Test
  void gammaScalesALevelKParameterByGammaToTheK() {
    CompiledModel model = Harness.model(Graphs.mlp(), BATCH, SEED);
    double gamma = 0.5;

    List<double[]> bp = Harness.updates(model, Algorithm.BP, EXACT);
    List<double[]> damped = Harness.updates(model, Algorithm.ZIL_FAITHFUL,
        EXACT.withGamma(gamma));

    // W1, b1 are read at level 2, W2, b2 at level 1, W3, b3 at level 0.
    int[] levels = {2, 2, 1, 1, 0, 0};
    for (int p = 0; p < levels.length; p++) {
      double[] expected = bp.get(p).clone();
      for (int i = 0; i < expected.length; i++) {
        expected[i] *= Math.pow(gamma, levels[p]);
      }
      assertThat(Harness.maxRelativeDifference(List.of(damped.get(p)), List.of(expected)))
          .isLessThanOrEqualTo(FAITHFUL_TOLERANCE);
    }
  }

  @Test
  void updatesOffTheLevelScheduleDiverge() {
    assertSwitchDiverges(new PcOptions(20, 1.0, false, 0.0, 0L, false));
  }

  @Test
  void noisyStartDiverges() {
    assertSwitchDiverges(new PcOptions(20, 1.0, true, 0.1, 3L, false));
  }

  @Test
  void scheduledZilUnderASwitchRunsTheFaithfulDynamics() {
    CompiledModel model = Harness.model(Graphs.residual(), BATCH, SEED);
    PcOptions half = EXACT.withGamma(0.5);

    List<double[]> scheduled = Harness.updates(model, Algorithm.ZIL, half);
    List<double[]> faithful = Harness.updates(model, Algorithm.ZIL_FAITHFUL, half);

    assertThat(Harness.maxRelativeDifference(scheduled, faithful)).isZero();
  }

  private static void assertZilEqualsBp(Graph g) {
    CompiledModel model = Harness.model(g, BATCH, SEED);

    List<double[]> bp = Harness.updates(model, Algorithm.BP, EXACT);
    List<double[]> scheduled = Harness.updates(model, Algorithm.ZIL, EXACT);
    List<double[]> faithful = Harness.updates(model, Algorithm.ZIL_FAITHFUL, EXACT);

    assertThat(Harness.maxRelativeDifference(scheduled, bp))
        .isLessThanOrEqualTo(SCHEDULED_TOLERANCE);
    assertThat(Harness.maxRelativeDifference(faithful, bp))
        .isLessThanOrEqualTo(FAITHFUL_TOLERANCE);
  }

  private static void assertSwitchDiverges(PcOptions options) {
    CompiledModel model = Harness.model(Graphs.residual(), BATCH, SEED);

    List<double[]> bp = Harness.updates(model, Algorithm.BP, EXACT);
    List<double[]> faithful = Harness.updates(model, Algorithm.ZIL_FAITHFUL, options);

    assertThat(Harness.maxRelativeDifference(faithful, bp)).isGreaterThan(DIVERGED);
  }

  /** The graphs of these tests, each built as lowering would build its model file. */
  static final class Graphs {

    private Graphs() {}

    /** x[6] -> tanh [5] -> relu [4] -> logits [3], cross-entropy. */
    static Graph mlp() {
      TestGraph g = new TestGraph("mlp").input("x", 6).target("t", 3)
          .param("W1", 5, 6).param("b1", 5).param("W2", 4, 5).param("b2", 4)
          .param("W3", 3, 4).param("b3", 3);
      g.stmt("h1", apply("tanh", affine(g, "W1", "x", "b1")));
      g.stmt("h2", apply("relu", affine(g, "W2", "h1", "b2")));
      g.stmt("y", affine(g, "W3", "h2", "b3"));
      return g.build(Loss.Kind.CROSS_ENTROPY, "y", "t", true);
    }

    /** h1 feeds h3 directly and through h2: a skip connection levelling must lengthen. */
    static Graph residual() {
      TestGraph g = new TestGraph("residual").input("x", 4).target("t", 3)
          .param("W1", 5, 4).param("W2", 5, 5).param("W3", 5, 5).param("W4", 3, 5);
      g.stmt("h1", apply("tanh", apply("matmul", g.p("W1"), g.v("x"))));
      g.stmt("h2", apply("tanh", apply("matmul", g.p("W2"), g.v("h1"))));
      g.stmt("h3", apply("add", g.v("h1"),
          apply("tanh", apply("matmul", g.p("W3"), g.v("h2")))));
      g.stmt("y", apply("matmul", g.p("W4"), g.v("h3")));
      return g.build(Loss.Kind.MSE, "y", "t", true);
    }

    /** W is read at levels 2 and 1, like a recurrent weight. */
    static Graph sharedAcrossLevels() {
      TestGraph g = new TestGraph("shared").input("x", 4).target("t", 2)
          .param("W", 4, 4).param("V", 2, 4);
      g.stmt("h1", apply("tanh", apply("matmul", g.p("W"), g.v("x"))));
      g.stmt("h2", apply("tanh", apply("matmul", g.p("W"), g.v("h1"))));
      g.stmt("y", apply("matmul", g.p("V"), g.v("h2")));
      return g.build(Loss.Kind.MSE, "y", "t", false);
    }

    /** m = tanh(A x) * sigmoid(B x): the Jacobian of each factor reads the other. */
    static Graph product() {
      TestGraph g = new TestGraph("product").input("x", 4).target("t", 3)
          .param("A", 5, 4).param("B", 5, 4).param("C", 3, 5);
      g.stmt("a", apply("tanh", apply("matmul", g.p("A"), g.v("x"))));
      g.stmt("b", apply("sigmoid", apply("matmul", g.p("B"), g.v("x"))));
      g.stmt("m", apply("mul", g.v("a"), g.v("b")));
      g.stmt("y", apply("matmul", g.p("C"), g.v("m")));
      return g.build(Loss.Kind.CROSS_ENTROPY, "y", "t", true);
    }

    /** a reaches y through b and through c, and c also through d: paths of two lengths. */
    static Graph severalPaths() {
      TestGraph g = new TestGraph("paths").input("x", 4).target("t", 2)
          .param("A", 5, 4).param("B", 5, 5).param("C", 5, 5).param("D", 5, 5)
          .param("E", 2, 5).param("F", 2, 5);
      g.stmt("a", apply("tanh", apply("matmul", g.p("A"), g.v("x"))));
      g.stmt("b", apply("tanh", apply("matmul", g.p("B"), g.v("a"))));
      g.stmt("c", apply("sigmoid", apply("matmul", g.p("C"), g.v("a"))));
      g.stmt("d", apply("mul", g.v("c"), apply("tanh", apply("matmul", g.p("D"), g.v("b")))));
      g.stmt("y", apply("add", apply("matmul", g.p("E"), g.v("d")),
          apply("matmul", g.p("F"), g.v("c"))));
      return g.build(Loss.Kind.BCE, "y", "t", true);
    }

    /**
     * Wt = transpose(W) is a vertex of parameters only (unbatched, with its own error node);
     * h0 is a constant leaf, as an RNN's initial state.
     */
    static Graph unbatchedVertex() {
      TestGraph g = new TestGraph("unbatched").input("x", 4).target("t", 3)
          .constant("h0", 0.5, 5).param("W", 4, 5).param("U", 5, 5).param("V", 3, 5);
      g.stmt("Wt", apply("transpose", apply("tanh", g.p("W"))));
      g.stmt("h", apply("tanh", apply("add", apply("matmul", g.v("Wt"), g.v("x")),
          apply("matmul", g.p("U"), g.v("h0")))));
      g.stmt("y", apply("matmul", g.p("V"), g.v("h")));
      return g.build(Loss.Kind.CROSS_ENTROPY, "y", "t", true);
    }

    private static org.pcg.ir.Node affine(TestGraph g, String w, String x, String b) {
      return apply("add", apply("matmul", g.p(w), g.v(x)), g.p(b));
    }
  }
}
