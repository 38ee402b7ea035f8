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
 * A chain deeper than one driver method may list: the drivers are split into parts, and
 * the model still learns exactly as BP.
 */
class DeepModelTest {

  private static final double FAITHFUL_TOLERANCE = 1e-10;

  /** Enough vertices that every per-vertex list exceeds one part. */
  private static final int DEPTH = Chunks.PART + 20;

  @Test
  void longDriversAreSplitAndStillExact() {
    Graph g = chain(DEPTH);
    ModelCompiler.Factory f = Harness.compile(g, DType.F64, true);
    CompiledModel model = Harness.withBatch(f.create(2, 1L), g, 2, 1L);

    List<double[]> bp = Harness.updates(model, Algorithm.BP, PcOptions.defaults());
    List<double[]> scheduled = Harness.updates(model, Algorithm.ZIL, PcOptions.defaults());
    List<double[]> faithful = Harness.updates(model, Algorithm.ZIL_FAITHFUL,
        PcOptions.defaults());

    assertThat(f.source().code()).contains("private void forwardAllPart2()",
        "private void sendErrorsPart2(int learning)", "public void initParams(long seed)",
        "private void initParamsPart2(long seed)");
    assertThat(Harness.maxRelativeDifference(scheduled, bp)).isZero();
    assertThat(Harness.maxRelativeDifference(faithful, bp))
        .isLessThanOrEqualTo(FAITHFUL_TOLERANCE);
  }

  /** h[i] = tanh(h[i-1] * p[i]) + h[i-1]: a residual chain, so gradients do not vanish. */
  private static Graph chain(int depth) {
    TestGraph g = new TestGraph("chain").input("x", 2).target("t", 2);
    String previous = "x";
    for (int i = 1; i <= depth; i++) {
      String p = "p[" + i + "]";
      String h = "h[" + i + "]";
      g.param(p, 2);
      g.stmt(h, apply("add", apply("tanh", apply("mul", g.v(previous), g.p(p))),
          g.v(previous)));
      previous = h;
    }
    return g.build(Loss.Kind.MSE, previous, "t", true);
  }
}
