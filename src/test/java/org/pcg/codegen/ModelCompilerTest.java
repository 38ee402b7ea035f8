package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pcg.codegen.TestGraph.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pcg.ir.AttrSpec;
import org.pcg.ir.Attrs;
import org.pcg.ir.Graph;
import org.pcg.ir.Loss;
import org.pcg.ir.Node;
import org.pcg.ir.Op;
import org.pcg.ir.Shape;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Sgd;
import org.pcg.syntax.CompileException;
import org.pcg.syntax.SourceSpan;

/** The compiler facade: caching, diagnostics, and what a compiled model does. */
class ModelCompilerTest {

  /** Float BP against double BP: rounding of a small network in single precision. */
  private static final double FLOAT_TOLERANCE = 1e-4;

  private static final int BATCH = 4;
  private static final long SEED = 3L;

  @TempDir
  Path cacheDir;

  @Test
  void aSecondRunOfTheSameModelSkipsJavac() {
    Graph g = ZilEquivalenceTest.Graphs.mlp();
    ModelCompiler.Options options = ModelCompiler.Options.defaults().withCacheDir(cacheDir)
        .withPackage("org.pcg.cachetest");
    List<double[]> first = bpUpdates(ModelCompiler.compile(g, DType.F64, options), g);
    ModelCompiler.forgetLoadedClasses();

    ModelCompiler.Factory again = ModelCompiler.compile(g, DType.F64, options);

    assertThat(again.fromCache()).isTrue();
    assertThat(Harness.maxRelativeDifference(bpUpdates(again, g), first)).isZero();
  }

  /** Ways a cache entry goes bad on disk. */
  enum Damage {
    TRUNCATED, GARBLED, MISSING, INNER_CLASS_MISSING, NO_MANIFEST, ENTRY_IS_A_FILE,
    CLASS_IS_A_DIRECTORY;

    void apply(Path entry, String mainClass) throws IOException {
      Path classFile = entry.resolve(mainClass + ".class");
      byte[] bytes = Files.readAllBytes(classFile);
      switch (this) {
        case TRUNCATED -> Files.write(classFile, Arrays.copyOf(bytes, bytes.length / 3));
        case GARBLED -> {
          Arrays.fill(bytes, 4, bytes.length / 2, (byte) 0x5a);
          Files.write(classFile, bytes);
        }
        case MISSING -> Files.delete(classFile);
        case INNER_CLASS_MISSING -> {
          try (Stream<Path> files = Files.list(entry)) {
            List<Path> inner = files.filter(f -> f.getFileName().toString()
                .startsWith(mainClass + "$")).toList();
            assertThat(inner).as("the generated class has nested classes").isNotEmpty();
            Files.delete(inner.get(0));
          }
        }
        case NO_MANIFEST -> Files.delete(entry.resolve(ModelCompiler.MANIFEST));
        case ENTRY_IS_A_FILE -> {
          try (Stream<Path> files = Files.list(entry)) {
            for (Path f : files.toList()) {
              Files.delete(f);
            }
          }
          Files.delete(entry);
          Files.writeString(entry, "not a directory");
        }
        case CLASS_IS_A_DIRECTORY -> {
          Files.delete(classFile);
          Files.createDirectories(classFile.resolve("inside"));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedCacheEntryIsDeletedAndCompiledAgain(Damage damage) throws IOException {
    Graph g = ZilEquivalenceTest.Graphs.mlp();
    ModelCompiler.Options options = ModelCompiler.Options.defaults().withCacheDir(cacheDir)
        .withPackage("org.pcg.cachetest");
    ModelCompiler.forgetLoadedClasses();
    ModelCompiler.Factory first = ModelCompiler.compile(g, DType.F64, options);
    ModelCompiler.forgetLoadedClasses();
    Path entry = cacheDir.resolve(ModelCompiler.cacheKey(first.source()));
    damage.apply(entry, first.source().qualifiedName());

    ModelCompiler.Factory again = ModelCompiler.compile(g, DType.F64, options);

    assertThat(again.fromCache()).isFalse();
    assertThat(again.cacheNote()).contains(entry.toString()).contains("was invalid");
    assertThat(Harness.maxRelativeDifference(bpUpdates(again, g), bpUpdates(first, g)))
        .isZero();
    ModelCompiler.forgetLoadedClasses();
    ModelCompiler.Factory third = ModelCompiler.compile(g, DType.F64, options);
    assertThat(third.fromCache()).as("the entry was written anew").isTrue();
    assertThat(third.cacheNote()).isNull();
  }

  @Test
  void anEmptyCacheDirectoryPropertyTurnsTheCacheOff() {
    String saved = System.getProperty("pcg.cache.dir");
    try {
      System.setProperty("pcg.cache.dir", "");
      assertThat(ModelCompiler.defaultCacheDir()).isNull();
      System.setProperty("pcg.cache.dir", cacheDir.toString());
      assertThat(ModelCompiler.defaultCacheDir()).isEqualTo(cacheDir);
    } finally {
      if (saved == null) {
        System.clearProperty("pcg.cache.dir");
      } else {
        System.setProperty("pcg.cache.dir", saved);
      }
    }
  }

  @Test
  void anOpWithoutCodeGenerationIsReportedAtItsCall() {
    SourceSpan call = new SourceSpan("m.pcg", 7, 12, 6);
    TestGraph b = new TestGraph("m").input("x", 3).target("t", 3);
    b.stmt("y", new Node.Apply(new Uncompiled(), List.of(b.v("x")), Attrs.NONE, Shape.of(3),
        call));
    Graph g = b.build(Loss.Kind.MSE, "y", "t", true);

    assertThatThrownBy(() -> Harness.compile(g, DType.F64, true))
        .isInstanceOfSatisfying(CompileException.class, e -> {
          assertThat(e.diagnostics()).hasSize(1);
          assertThat(e.diagnostics().get(0).span()).isEqualTo(call);
          assertThat(e.diagnostics().get(0).message())
              .isEqualTo("warp has no code generation yet");
        });
  }

  @Test
  void anOutputThatIgnoresTheDataIsReported() {
    TestGraph b = new TestGraph("m").input("x", 3).target("t", 3).param("p", 3);
    b.stmt("y", apply("tanh", b.p("p")));
    Graph g = b.build(Loss.Kind.MSE, "y", "t", true);

    assertThatThrownBy(() -> Harness.compile(g, DType.F64, true))
        .isInstanceOf(CompileException.class)
        .hasMessageContaining("does not depend on any input");
  }

  @Test
  void javacErrorsAreInternalErrorsQuotingTheLine() {
    String source = "package p;\nclass Bad {\n  int x = missing;\n}\n";

    assertThatThrownBy(() -> JavaSourceCompiler.compile("p.Bad", source))
        .isInstanceOf(JavaSourceCompiler.InternalCompilerError.class)
        .hasMessageContaining("bug in pcg")
        .hasMessageContaining("line 3")
        .hasMessageContaining("int x = missing;");
  }

  @Test
  void theFloatModelAgreesWithTheDoubleModelToRounding() {
    Graph g = ZilEquivalenceTest.Graphs.product();
    CompiledModel f64 = Harness.withBatch(
        Harness.compile(g, DType.F64, true).create(BATCH, SEED), g, BATCH, SEED);
    CompiledModel f32 = Harness.withBatch(
        Harness.compile(g, DType.F32, true).create(BATCH, SEED), g, BATCH, SEED);

    List<double[]> single = Harness.updates(f32, Algorithm.BP, PcOptions.defaults());
    List<double[]> dbl = Harness.updates(f64, Algorithm.BP, PcOptions.defaults());

    assertThat(Harness.maxRelativeDifference(single, dbl)).isLessThan(FLOAT_TOLERANCE);
  }

  @Test
  void theSeedDecidesTheInitialParameters() {
    ModelCompiler.Factory f = Harness.compile(ZilEquivalenceTest.Graphs.mlp(), DType.F64, true);

    double[] a = param(f.create(2, 1L), 0);
    double[] again = param(f.create(2, 1L), 0);
    double[] other = param(f.create(2, 2L), 0);

    assertThat(again).containsExactly(a);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void applyingUpdatesStepsEveryParameter() {
    Graph g = ZilEquivalenceTest.Graphs.mlp();
    CompiledModel model = Harness.model(g, BATCH, SEED);
    List<double[]> updates = Harness.updates(model, Algorithm.BP, PcOptions.defaults());
    double lr = 0.5;
    List<double[]> before = List.of(param(model, 0), param(model, 5));

    model.applyUpdates(new Sgd(lr));

    int[] slots = {0, 5};
    for (int i = 0; i < slots.length; i++) {
      double[] after = param(model, slots[i]);
      for (int j = 0; j < after.length; j++) {
        assertThat(after[j]).isEqualTo(before.get(i)[j] + lr * updates.get(slots[i])[j]);
      }
    }
  }

  @Test
  void aBatchAboveCapacityIsRefused() {
    CompiledModel model = Harness.compile(ZilEquivalenceTest.Graphs.mlp(), DType.F64, true)
        .create(2, SEED);

    assertThatThrownBy(() -> model.setBatch(3, new double[][] {new double[18]},
        new double[9])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity is 2");
  }

  private static double[] param(CompiledModel model, int slot) {
    double[] values = new double[model.info().params().get(slot).size()];
    model.getParam(slot, values);
    return values;
  }

  private static List<double[]> bpUpdates(ModelCompiler.Factory f, Graph g) {
    CompiledModel model = Harness.withBatch(f.create(BATCH, SEED), g, BATCH, SEED);
    return Harness.updates(model, Algorithm.BP, PcOptions.defaults());
  }

  /** An op the catalogue might gain before its code generation exists. */
  private static final class Uncompiled implements Op {
    @Override
    public String name() {
      return "warp";
    }

    @Override
    public String summary() {
      return "Not compiled.";
    }

    @Override
    public int minArity() {
      return 1;
    }

    @Override
    public int maxArity() {
      return 1;
    }

    @Override
    public List<AttrSpec> attributes() {
      return List.of();
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) {
      return args.get(0);
    }
  }
}
