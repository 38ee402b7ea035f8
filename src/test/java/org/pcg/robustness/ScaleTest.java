package org.pcg.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pcg.codegen.ModelCompiler;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Sgd;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * Large graphs compile and train: a chain of 5,000 vertices with a skip connection every ten
 * (7,003 after levelling, spread over 16 classes) and an RNN unrolled over 1,000 steps. Each
 * takes minutes of CPU, so they run only when asked:
 * {@code mvn test -Dtest=ScaleTest -Dpcg.scale=true}. docs/robustness.md gives their times
 * and memory.
 */
@EnabledIfSystemProperty(named = "pcg.scale", matches = "true")
class ScaleTest {

  private static final int BATCH = 8;
  private static final int STEPS = 3;

  @Test
  void aChainOf5000VerticesCompilesAndTrains() {
    assertTrains(chain(5000));
  }

  @Test
  void anRnnOver1000StepsCompilesAndTrains() {
    assertTrains(rnn(1000));
  }

  /**
   * Residual vertices v_k = v_k-1 + tanh(W_k @ v_k-1), so that gradients reach every layer;
   * every tenth reads v_k-5 in place of v_k-1 inside the tanh, a shortcut that levelling
   * evens out with identities.
   */
  static String chain(int n) {
    StringBuilder sb = new StringBuilder("model chain {\n  input x : [4]\n  target y : [3]\n");
    for (int k = 1; k <= n; k++) {
      sb.append("  param W").append(k).append(" : [4, 4] init uniform(-0.1, 0.1)\n");
    }
    sb.append("  param Wo : [3, 4]\n");
    for (int k = 1; k <= n; k++) {
      String previous = k == 1 ? "x" : "v" + (k - 1);
      String read = k % 10 == 0 ? "v" + (k - 5) : previous;
      sb.append("  v").append(k).append(" = ").append(previous).append(" + tanh(W").append(k)
          .append(" @ ").append(read).append(")\n");
    }
    return sb.append("  out = Wo @ v").append(n).append("\n  loss cross_entropy(out, y)\n}\n")
        .toString();
  }

  /** An Elman RNN over {@code steps} rows of 4 values, sharing its weights. */
  static String rnn(int steps) {
    return "model rnn {\n  input seq : [" + steps + ", 4]\n  target label : [3]\n"
        + "  param Wx : [8, 4] init glorot\n  param Wh : [8, 8] init orthogonal\n"
        + "  param b : [8]\n  param Wo : [3, 8] init glorot\n  h[0] = zeros([8])\n"
        + "  for t in 1.." + steps + " {\n    h[t] = tanh(Wh @ h[t-1] + Wx @ seq[t-1] + b)\n"
        + "  }\n  logits = Wo @ h[" + steps + "]\n  loss cross_entropy(logits, label)\n}\n";
  }

  private static void assertTrains(String text) {
    CompiledModel model = ModelCompiler.compile(
        Frontend.compile("scale.pcg", text, new Diagnostics()), DType.F32,
        ModelCompiler.Options.defaults().withCacheDir(null)).create(BATCH, 1);
    // The output layer's weights, which start at zero.
    int last = model.info().params().size() - 1;
    double[] before = new double[model.info().params().get(last).size()];
    model.getParam(last, before);
    for (Algorithm algo : new Algorithm[] {Algorithm.BP, Algorithm.ZIL}) {
      for (int step = 0; step < STEPS; step++) {
        SyntheticBatch.load(model, BATCH, step);
        assertThat(model.computeUpdates(algo, PcOptions.defaults())).isFinite();
        model.applyUpdates(new Sgd(0.1));
      }
    }
    double[] after = new double[before.length];
    model.getParam(last, after);
    assertThat(after).isNotEqualTo(before);
  }
}
