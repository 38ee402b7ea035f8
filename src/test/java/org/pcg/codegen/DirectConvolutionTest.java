package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.ConvKernels;
import org.pcg.runtime.DType;
import org.pcg.runtime.Gemm;
import org.pcg.runtime.Kernels;
import org.pcg.runtime.NetlibGemm;
import org.pcg.runtime.PcOptions;
import org.pcg.syntax.Frontend;

/**
 * LeNet-5 in float, its second convolution (16 channels) computed straight from the images
 * where the JVM allows, against the same step with every convolution as im2col and OpenBLAS
 * products: the same updates but for float rounding.
 */
class DirectConvolutionTest {

  /** Float sums of up to 9,600 terms, in other orders: relative to each update's norm. */
  private static final double FLOAT_ROUNDING = 1e-4;

  private static final int BATCH = 8;
  private static final long SEED = 3L;

  @Test
  void lenet5LearnsAsWithProducts() {
    assumeTrue(ConvKernels.direct(16), "no direct convolutions in this JVM");
    Graph g = Frontend.load(Path.of("samples", "lenet5.pcg"));
    CompiledModel model = Harness.withBatch(
        Harness.compile(g, DType.F32, true).create(BATCH, SEED), g, BATCH, SEED);

    List<double[]> direct = Harness.updates(model, Algorithm.BP, PcOptions.defaults());
    Gemm before = Kernels.current();
    List<double[]> products;
    try {
      Kernels.use(NetlibGemm.load().orElseThrow());
      assertThat(ConvKernels.direct(16)).isFalse();
      products = Harness.updates(model, Algorithm.BP, PcOptions.defaults());
    } finally {
      Kernels.use(before);
    }

    assertThat(Harness.maxRelativeDifference(direct, products)).isLessThan(FLOAT_ROUNDING)
        .isGreaterThan(0.0);
  }
}
