package org.pcg.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
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
 * Softmax, log-softmax and cross-entropy stay finite on logits of 1e4 (where a naive exp
 * overflows even in double), in both precisions and under every learning rule.
 */
class OverflowTest {

  private static final int BATCH = 4;
  private static final int STEPS = 3;
  /** exp(1e4) overflows double (its limit is near exp(709)); these logits reach 1e4. */
  private static final String LOGITS = "W @ x * 10000";

  @Test
  void crossEntropyOnLogitsOf1e4Trains() {
    assertTrainsFinitely("model ce {\n  input x : [6]\n  target y : [5]\n"
        + "  param W : [5, 6] init uniform(-1, 1)\n  logits = " + LOGITS + "\n"
        + "  loss cross_entropy(logits, y)\n}\n");
  }

  @Test
  void softmaxAndLogSoftmaxVerticesOnLogitsOf1e4Train() {
    assertTrainsFinitely("model sm {\n  input x : [6]\n  target y : [5]\n"
        + "  param W : [5, 6] init uniform(-1, 1)\n  z = " + LOGITS + "\n"
        + "  p = softmax(z)\n  q = log_softmax(z)\n  out = p + q / 10000\n"
        + "  loss mse(out, y)\n}\n");
  }

  private static void assertTrainsFinitely(String text) {
    for (DType dtype : DType.values()) {
      ModelCompiler.Factory factory = ModelCompiler.compile(
          Frontend.compile("overflow.pcg", text, new Diagnostics()), dtype,
          ModelCompiler.Options.defaults().withCacheDir(null));
      for (Algorithm algo : List.of(Algorithm.BP, Algorithm.ZIL, Algorithm.IL)) {
        CompiledModel model = factory.create(BATCH, 3);
        for (int step = 0; step < STEPS; step++) {
          SyntheticBatch.load(model, BATCH, step);
          double loss = model.computeUpdates(algo, PcOptions.defaults().withSteps(3));
          assertThat(loss).as("%s %s loss at step %d", dtype, algo, step).isFinite();
          assertFiniteUpdates(model, dtype + " " + algo);
          model.applyUpdates(new Sgd(1e-6));
        }
      }
    }
  }

  private static void assertFiniteUpdates(CompiledModel model, String what) {
    for (int p = 0; p < model.info().params().size(); p++) {
      double[] u = new double[model.info().params().get(p).size()];
      model.getUpdate(p, u);
      for (double v : u) {
        assertThat(v).as("%s update of %s", what, model.info().params().get(p)).isFinite();
      }
    }
  }
}
