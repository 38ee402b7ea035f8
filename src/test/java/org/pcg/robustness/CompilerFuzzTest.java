package org.pcg.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.syntax.CompileException;
import org.pcg.syntax.Diagnostic;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * Fuzzes the whole compiler: random models and mutated samples go through parsing,
 * lowering, the passes, code generation, javac, and one step of every learning rule. Every
 * input must compile to Java that javac accepts and that runs, or be rejected with
 * diagnostics that point into the file; an uncaught exception, a hang or a javac error is a
 * failure.
 *
 * <p>CI runs {@value #CI_INPUTS} inputs. A long run:
 * {@code mvn test -Dtest=CompilerFuzzTest -Dpcg.fuzz.inputs=2000 -Dpcg.fuzz.seed=7
 * -Dpcg.fuzz.report=target/fuzz.txt} writes its counts to the report file.
 */
class CompilerFuzzTest {

  private static final int CI_INPUTS = 40;
  private static final long DEFAULT_SEED = 20_261_203L;
  /** Far beyond the few seconds the largest sample takes: only a hang gets here. */
  private static final long TIMEOUT_SECONDS = 120;
  private static final int BATCH = 2;
  private static final int FAILURES_SHOWN = 3;

  /** What became of one input. */
  enum Outcome { REJECTED_BY_FRONT_END, REJECTED_BY_CODE_GENERATION, COMPILED_AND_RAN }

  @Test
  void everyInputCompilesAndRunsOrIsRejectedWithPositionedDiagnostics() throws Exception {
    int inputs = Integer.getInteger("pcg.fuzz.inputs", CI_INPUTS);
    Random random = new Random(Long.getLong("pcg.fuzz.seed", DEFAULT_SEED));
    List<String> samples = samples();
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    List<String> failures = new ArrayList<>();
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < inputs; i++) {
        String text = random.nextBoolean() ? RandomModels.model(random)
            : Mutator.mutate(samples.get(random.nextInt(samples.size())), random);
        DType dtype = random.nextBoolean() ? DType.F32 : DType.F64;
        boolean level = random.nextInt(8) != 0;
        Future<Outcome> run = worker.submit(() -> run(text, dtype, level));
        record(run, text, counts, failures);
      }
    } finally {
      worker.shutdownNow();
    }
    report(inputs, counts, failures);
    assertThat(failures).as("%d of %d inputs failed; the first:%n%s", failures.size(), inputs,
        String.join("\n", failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))))
        .isEmpty();
  }

  private static void record(Future<Outcome> run, String text, Map<Outcome, Integer> counts,
      List<String> failures) throws InterruptedException {
    try {
      counts.merge(run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), 1, Integer::sum);
    } catch (ExecutionException e) {
      failures.add(e.getCause() + "\n" + text);
    } catch (TimeoutException e) {
      run.cancel(true);
      failures.add("no answer in " + TIMEOUT_SECONDS + " s\n" + text);
    }
  }

  /** One input through the whole compiler and one step of each rule. */
  static Outcome run(String text, DType dtype, boolean level) {
    Graph graph;
    try {
      graph = Frontend.compile("fuzz.pcg", text, new Diagnostics());
    } catch (CompileException e) {
      checkPositioned(e, text);
      return Outcome.REJECTED_BY_FRONT_END;
    }
    ModelCompiler.Factory factory;
    try {
      factory = ModelCompiler.compile(graph, dtype,
          ModelCompiler.Options.defaults().withCacheDir(null).withLevel(level));
    } catch (CompileException e) {
      checkPositioned(e, text);
      return Outcome.REJECTED_BY_CODE_GENERATION;
    }
    CompiledModel model = factory.create(BATCH, 1);
    for (Algorithm algo : Algorithm.values()) {
      SyntheticBatch.load(model, BATCH, 2);
      model.computeUpdates(algo, PcOptions.defaults().withSteps(3).withGamma(0.1));
    }
    return Outcome.COMPILED_AND_RAN;
  }

  private static void checkPositioned(CompileException e, String text) {
    long lines = text.lines().count();
    if (e.diagnostics().isEmpty()) {
      throw new AssertionError("a CompileException without diagnostics");
    }
    for (Diagnostic d : e.diagnostics()) {
      if (d.span().line() < 1 || d.span().line() > lines + 1 || d.span().column() < 1) {
        throw new AssertionError("diagnostic outside the file: " + d.headline());
      }
    }
  }

  private static void report(int inputs, Map<Outcome, Integer> counts, List<String> failures)
      throws IOException {
    String file = System.getProperty("pcg.fuzz.report");
    if (file == null) {
      return;
    }
    StringBuilder sb = new StringBuilder("inputs " + inputs + "\n");
    counts.forEach((outcome, n) -> sb.append(outcome).append(' ').append(n).append('\n'));
    sb.append("FAILED ").append(failures.size()).append('\n');
    failures.forEach(f -> sb.append("----\n").append(f).append('\n'));
    Files.writeString(Path.of(file), sb);
  }

  private static List<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("samples"))) {
      List<String> texts = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".pcg")).sorted().toList()) {
        texts.add(Files.readString(p));
      }
      return texts;
    }
  }
}
