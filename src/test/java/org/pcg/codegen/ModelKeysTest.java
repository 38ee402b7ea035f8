package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/** The class cache's index by model text: found without generating, never trusted blindly. */
class ModelKeysTest {

  private static final String BUILD = "pcg.jar|1234|5678";
  private static final int BATCH = 3;
  private static final long SEED = 11L;

  private static final String SMALL = """
      model small {
          input  x : [3]
          target y : [2]
          param W : [2, 3] init he
          o = tanh(W @ x)
          loss mse(o, y)
      }
      """;

  @TempDir
  Path cacheDir;

  private ModelCompiler.Options options;

  @BeforeEach
  void options() {
    options = ModelCompiler.Options.defaults().withCacheDir(cacheDir)
        .withPackage("org.pcg.modelkeytest");
    ModelCompiler.forgetLoadedClasses();
  }

  @Test
  void aSecondRunFindsTheClassByItsModelKeyAndGeneratesOnlyWhenAsked() {
    Graph g = graph("small.pcg", SMALL);
    String key = ModelKeys.key(BUILD, g, DType.F64, options);
    ModelCompiler.Factory first = ModelCompiler.compile(g, DType.F64, options, key);
    ModelCompiler.forgetLoadedClasses();

    ModelCompiler.Factory again = ModelCompiler.compile(g, DType.F64, options, key);

    assertThat(first.fromCache()).isFalse();
    assertThat(again.fromCache()).isTrue();
    assertThat(ModelKeys.find(cacheDir, key)).isEqualTo(new ModelKeys.Entry(
        ModelCompiler.cacheKey(first.source()), first.source().qualifiedName()));
    assertThat(again.source().code()).isEqualTo(first.source().code());
    assertThat(again.passes().graph().vertices()).hasSameSizeAs(
        first.passes().graph().vertices());
    assertThat(Harness.maxRelativeDifference(updates(again, g), updates(first, g))).isZero();
  }

  @Test
  void theRecordIsTrustedWithoutLookingAtTheSource() {
    // Point one model's key at another model's class: the lookup must follow the record,
    // which shows it never generated the first model's source to find its class.
    Graph small = graph("small.pcg", SMALL);
    Graph other = graph("other.pcg", SMALL.replace("tanh", "sigmoid"));
    ModelCompiler.Factory otherFactory = ModelCompiler.compile(other, DType.F64, options,
        null);
    String key = ModelKeys.key(BUILD, small, DType.F64, options);
    ModelKeys.record(cacheDir, key, new ModelKeys.Entry(
        ModelCompiler.cacheKey(otherFactory.source()), otherFactory.source().qualifiedName()));
    ModelCompiler.forgetLoadedClasses();

    ModelCompiler.Factory found = ModelCompiler.compile(small, DType.F64, options, key);

    assertThat(found.fromCache()).isTrue();
    assertThat(Harness.maxRelativeDifference(updates(found, other),
        updates(otherFactory, other))).isZero();
  }

  @Test
  void aRecordCopiedOverAnotherModelsRecordIsNotBelieved() throws IOException {
    Graph small = graph("small.pcg", SMALL);
    Graph other = graph("other.pcg", SMALL.replace("tanh", "sigmoid"));
    String otherKey = ModelKeys.key(BUILD, other, DType.F64, options);
    ModelCompiler.Factory otherFactory = ModelCompiler.compile(other, DType.F64, options,
        otherKey);
    String key = ModelKeys.key(BUILD, small, DType.F64, options);
    Path records = cacheDir.resolve(ModelKeys.DIRECTORY);
    Files.copy(records.resolve(otherKey), records.resolve(key));
    ModelCompiler.forgetLoadedClasses();

    ModelCompiler.Factory found = ModelCompiler.compile(small, DType.F64, options, key);

    assertThat(found.source().code()).isNotEqualTo(otherFactory.source().code());
    assertThat(Harness.maxRelativeDifference(updates(found, small),
        updates(otherFactory, small))).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "KEY 0123456789abcdef0123456789abcdef no.such.Class",
      "KEY 0123456789abcdef0123456789abcdef org.pcg.modelkeytest.Small;drop",
      "KEY 0123456789abcdef0123456789abcdef java.lang.String",
      "0123456789abcdef0123456789abcdef 0123456789abcdef0123456789abcdef"
          + " org.pcg.modelkeytest.Small"})
  void aRecordThatIsGarbledOrPointsNowhereIsReplaced(String record) throws IOException {
    Graph g = graph("small.pcg", SMALL);
    String key = ModelKeys.key(BUILD, g, DType.F64, options);
    Path file = cacheDir.resolve(ModelKeys.DIRECTORY).resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, record.replace("KEY", key));

    ModelCompiler.Factory factory = ModelCompiler.compile(g, DType.F64, options, key);

    assertThat(factory.fromCache()).isFalse();
    assertThat(ModelKeys.find(cacheDir, key)).isEqualTo(new ModelKeys.Entry(
        ModelCompiler.cacheKey(factory.source()), factory.source().qualifiedName()));
    assertThat(factory.create(BATCH, SEED).info().params()).hasSize(1);
  }

  @Test
  void aRecordNamingAClassThatIsNoModelIsForgotten() {
    // An entry holding this model's class, recorded under the name of a class it does not
    // define: the class loader finds java.lang.String, which must not be taken for a model.
    Graph g = graph("small.pcg", SMALL);
    String key = ModelKeys.key(BUILD, g, DType.F64, options);
    ModelCompiler.Factory first = ModelCompiler.compile(g, DType.F64, options, key);
    ModelKeys.record(cacheDir, key,
        new ModelKeys.Entry(ModelCompiler.cacheKey(first.source()), "java.lang.String"));
    ModelCompiler.forgetLoadedClasses();

    ModelCompiler.Factory again = ModelCompiler.compile(g, DType.F64, options, key);

    assertThat(again.fromCache()).as("found by its source key").isTrue();
    assertThat(ModelKeys.find(cacheDir, key).className())
        .isEqualTo(first.source().qualifiedName());
  }

  @Test
  void aRecordWhoseClassEntryIsDamagedIsCompiledAgainWithANote() throws IOException {
    Graph g = graph("small.pcg", SMALL);
    String key = ModelKeys.key(BUILD, g, DType.F64, options);
    ModelCompiler.Factory first = ModelCompiler.compile(g, DType.F64, options, key);
    ModelCompiler.forgetLoadedClasses();
    Path entry = cacheDir.resolve(ModelCompiler.cacheKey(first.source()));
    Files.write(entry.resolve(first.source().qualifiedName() + ".class"), new byte[] {1, 2});

    ModelCompiler.Factory again = ModelCompiler.compile(g, DType.F64, options, key);

    assertThat(again.fromCache()).isFalse();
    assertThat(again.cacheNote()).contains(entry.toString()).contains("was invalid");
    assertThat(Harness.maxRelativeDifference(updates(again, g), updates(first, g))).isZero();
  }

  @Test
  void keysDifferByEverythingTheClassDependsOn() {
    Graph g = graph("small.pcg", SMALL);
    String key = ModelKeys.key(BUILD, g, DType.F64, options);

    assertThat(List.of(
        ModelKeys.key(BUILD, g, DType.F32, options),
        ModelKeys.key(BUILD, g, DType.F64, options.withLevel(false)),
        ModelKeys.key(BUILD, g, DType.F64, options.withPackage("org.pcg.elsewhere")),
        ModelKeys.key(BUILD + "0", g, DType.F64, options),
        ModelKeys.key(BUILD, graph("renamed.pcg", SMALL), DType.F64, options),
        ModelKeys.key(BUILD, graph("small.pcg", SMALL + "\n"), DType.F64, options)))
        .doesNotContainNull()
        .doesNotHaveDuplicates()
        .doesNotContain(key);
    assertThat(ModelKeys.key(BUILD, graph("small.pcg", SMALL), DType.F64, options))
        .isEqualTo(key);
  }

  @Test
  void withoutABuildAnOriginOrACacheThereIsNoKey() {
    Graph g = graph("small.pcg", SMALL);

    assertThat(ModelKeys.key(null, g, DType.F64, options)).isNull();
    assertThat(ModelKeys.key(BUILD, g.withVertices(g.vertices()), DType.F64, options))
        .as("a pass's graph has no origin").isNull();
    assertThat(ModelKeys.key(BUILD, g, DType.F64, options.withCacheDir(null))).isNull();
  }

  private static Graph graph(String fileName, String text) {
    return Frontend.compile(fileName, text, new Diagnostics());
  }

  private static List<double[]> updates(ModelCompiler.Factory factory, Graph g) {
    CompiledModel model = Harness.withBatch(factory.create(BATCH, SEED), g, BATCH, SEED);
    return Harness.updates(model, Algorithm.BP, PcOptions.defaults());
  }
}
