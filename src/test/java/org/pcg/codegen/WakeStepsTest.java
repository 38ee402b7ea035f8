package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pcg.codegen.TestGraph.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.ir.Loss;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * The inference steps skip a vertex until it wakes (see {@link WakeSteps}); that must change
 * nothing. Each graph's class is compiled twice, as generated and with every vertex awake
 * at every step, and both run the same sequence of rules, BP first so that stale feedback
 * is left behind; their updates must agree exactly. Unlevelled graphs are included, where
 * errors reach a vertex through its inputs before its consumers and one-writer feedback
 * buffers wake their writers early.
 */
class WakeStepsTest {

  /** The one statement the awake-everywhere variant rewrites. */
  private static final String AWAKE_RULE = "return options.startNoise() == 0 ? t : ALL_AWAKE;";

  private static final int BATCH = 3;
  private static final long SEED = 11L;
  private static final int RANDOM_MODELS = 6;

  /** Exact Z-IL, then the switches that keep a feedforward start, then IL of few steps. */
  private static final List<PcOptions> RUNS = List.of(PcOptions.defaults(),
      PcOptions.defaults().withGamma(0.5), new PcOptions(20, 1.0, false, 0.0, 0L, false),
      PcOptions.defaults().withSteps(2).withGamma(0.3));

  @Test
  void skippingSleepingVerticesChangesNoUpdateOnTheTestGraphs() {
    List<Graph> graphs = List.of(ZilEquivalenceTest.Graphs.mlp(),
        ZilEquivalenceTest.Graphs.residual(), ZilEquivalenceTest.Graphs.sharedAcrossLevels(),
        ZilEquivalenceTest.Graphs.product(), ZilEquivalenceTest.Graphs.severalPaths(),
        ZilEquivalenceTest.Graphs.unbatchedVertex(), skipAroundAChain());
    for (Graph g : graphs) {
      assertSameUpdates(g, true);
      assertSameUpdates(g, false);
    }
  }

  @Test
  void skippingSleepingVerticesChangesNoUpdateOnRandomUnlevelledModels() {
    Random seeds = new Random(SEED);
    for (int i = 0; i < RANDOM_MODELS; i++) {
      String text = ZilProperties.RandomModel.write(new Random(seeds.nextLong()));
      Graph g = Frontend.compile("random.pcg", text, new Diagnostics());
      assertThat(g).as(text).isNotNull();
      assertSameUpdates(g, false);
    }
  }

  @Test
  void aLevelledResidualSkipsItsDeeperVerticesAtFirst() {
    Compiled passes = Passes.run(ZilEquivalenceTest.Graphs.residual(), true);
    ModelGenerator.Source source = ModelGenerator.generate(passes.graph(), passes.schedule(),
        DType.F64, "org.pcg.test");

    assertThat(source.code()).contains(AWAKE_RULE).contains("if (awake >= 1)");
  }

  /**
   * u feeds y directly and through the chain v, w, z1, z2: unlevelled, u moves at step 0,
   * so v's error is non-zero from step 1, before any of its consumers', and v's feedback,
   * which w alone writes, must be written from then on.
   */
  private static Graph skipAroundAChain() {
    TestGraph g = new TestGraph("chain").input("x", 3).target("t", 2).param("A", 4, 3)
        .param("B", 4, 4).param("C", 4, 4).param("D", 4, 4).param("E", 4, 4)
        .param("F", 2, 4).param("G", 2, 4);
    g.stmt("u", apply("tanh", apply("matmul", g.p("A"), g.v("x"))));
    g.stmt("v", apply("tanh", apply("matmul", g.p("B"), g.v("u"))));
    g.stmt("w", apply("tanh", apply("matmul", g.p("C"), g.v("v"))));
    g.stmt("z1", apply("tanh", apply("matmul", g.p("D"), g.v("w"))));
    g.stmt("z2", apply("tanh", apply("matmul", g.p("E"), g.v("z1"))));
    g.stmt("y", apply("add", apply("matmul", g.p("F"), g.v("z2")),
        apply("matmul", g.p("G"), g.v("u"))));
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }

  private static void assertSameUpdates(Graph g, boolean level) {
    Compiled passes = Passes.run(g, level);
    ModelGenerator.Source source = ModelGenerator.generate(passes.graph(), passes.schedule(),
        DType.F64, "org.pcg.test");
    assertThat(source.code()).as("the generated rule that skips vertices").contains(AWAKE_RULE);
    String everyVertex = source.code().replace(AWAKE_RULE, "return ALL_AWAKE;");
    CompiledModel skipping = load(source.qualifiedName(), source.code(), g);
    CompiledModel reference = load(source.qualifiedName(), everyVertex, g);

    List<String> where = new ArrayList<>();
    for (Algorithm algo : List.of(Algorithm.BP, Algorithm.ZIL_FAITHFUL, Algorithm.IL)) {
      for (PcOptions options : RUNS) {
        where.add(g.name() + (level ? " levelled, " : " unlevelled, ") + algo + " " + options);
        assertThat(Harness.maxRelativeDifference(Harness.updates(skipping, algo, options),
            Harness.updates(reference, algo, options))).as("%s", where).isZero();
      }
    }
  }

  private static CompiledModel load(String name, String code, Graph g) {
    Map<String, byte[]> classes = JavaSourceCompiler.compile(name, code).classes();
    try {
      Class<?> type = new ModelCompiler.BytesClassLoader(WakeStepsTest.class.getClassLoader(),
          classes).loadClass(name);
      CompiledModel model = (CompiledModel) type.getConstructor(int.class, long.class)
          .newInstance(BATCH, SEED);
      return Harness.withBatch(model, g, BATCH, SEED);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot load " + name, e);
    }
  }
}
