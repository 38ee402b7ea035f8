package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Sgd;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.syntax.Frontend;

/**
 * A model spread over a chain of classes computes exactly what the one class computes: the
 * parts are cut small here (a few vertices each) so that every kind of member crosses a
 * boundary, on samples with skip connections, layer norm, attention and convolutions.
 */
class ClassSplitterTest {

  private static final int PER_PART = 3;
  private static final int BATCH = 2;
  /** Attention and layer norm; convolutions and pooling; a skip connection, levelled. */
  private static final Map<String, DType> SAMPLES = Map.of("samples/transformer.pcg",
      DType.F64, "samples/lenet5.pcg", DType.F32, "samples/tiny.pcg", DType.F64);
  private static final Pattern PART = Pattern.compile("abstract class (\\w+Part\\d+)");

  @Test
  void aSplitClassLearnsExactlyAsTheWholeOne() throws Exception {
    for (Map.Entry<String, DType> sample : SAMPLES.entrySet()) {
      Graph graph = Frontend.load(Path.of(sample.getKey()));
      Compiled passes = Passes.run(graph, true);
      DType dtype = sample.getValue();
      ModelGenerator.Source whole = ModelGenerator.generate(passes.graph(),
          passes.schedule(), dtype, "org.pcg.split", Integer.MAX_VALUE);
      ModelGenerator.Source split = ModelGenerator.generate(passes.graph(),
          passes.schedule(), dtype, "org.pcg.split", PER_PART);

      assertThat(parts(whole.code())).isEmpty();
      assertThat(parts(split.code())).as(sample.getKey()).hasSizeGreaterThan(1);
      assertThat(split.code().lines().filter(l -> l.length() > 100)).isEmpty();
      assertSameLearning(load(whole), load(split), sample.getKey());
    }
  }

  private static List<String> parts(String code) {
    Matcher m = PART.matcher(code);
    return m.results().map(r -> r.group(1)).toList();
  }

  private static CompiledModel load(ModelGenerator.Source source) throws Exception {
    Map<String, byte[]> classes =
        JavaSourceCompiler.compile(source.qualifiedName(), source.code()).classes();
    ClassLoader loader = new ModelCompiler.BytesClassLoader(
        ClassSplitterTest.class.getClassLoader(), classes);
    return (CompiledModel) loader.loadClass(source.qualifiedName())
        .getConstructor(int.class, long.class).newInstance(BATCH, 5L);
  }

  /** Same loss and updates under every rule, and the same weights after two steps. */
  private static void assertSameLearning(CompiledModel a, CompiledModel b, String what) {
    for (Algorithm algo : Algorithm.values()) {
      for (int step = 0; step < 2; step++) {
        SyntheticBatch.load(a, BATCH, step);
        SyntheticBatch.load(b, BATCH, step);
        PcOptions options = PcOptions.defaults().withSteps(3).withGamma(0.1);
        assertThat(b.computeUpdates(algo, options)).as("%s %s loss", what, algo)
            .isEqualTo(a.computeUpdates(algo, options));
        a.applyUpdates(new Sgd(0.01));
        b.applyUpdates(new Sgd(0.01));
      }
    }
    for (int p = 0; p < a.info().params().size(); p++) {
      double[] wa = new double[a.info().params().get(p).size()];
      double[] wb = new double[wa.length];
      a.getParam(p, wa);
      b.getParam(p, wb);
      assertThat(wb).as("%s %s", what, a.info().params().get(p)).isEqualTo(wa);
    }
  }

}
