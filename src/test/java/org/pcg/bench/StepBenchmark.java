package org.pcg.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pcg.codegen.ModelCompiler;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Optimizer;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Sgd;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.syntax.Frontend;

/**
 * One generated training step of a sample, as {@code pcg bench} times it: the rule's
 * updates on a fixed synthetic batch of 64, then plain SGD. Run with {@code -prof gc} to
 * see the allocation per step ({@code gc.alloc.rate.norm}, bytes per operation), which
 * should be near zero: every buffer is allocated by the model's constructor.
 *
 * <p>Run from the repository root (the samples are read from {@code samples/}) through
 * {@code bench/jmh.sh}, which sets OpenBLAS to one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBenchmark {

  @Param({"mlp", "lenet5"})
  public String model;

  @Param({"f32"})
  public String dtype;

  @Param({"bp", "zil", "zil-faithful", "il"})
  public String algo;

  private CompiledModel compiled;
  private Algorithm algorithm;
  private final PcOptions options = PcOptions.defaults();
  private final Optimizer sgd = new Sgd(0.01);

  @Setup(Level.Trial)
  public void compile() {
    DType type = dtype.equals("f64") ? DType.F64 : DType.F32;
    compiled = ModelCompiler.compile(Frontend.load(Path.of("samples", model + ".pcg")), type,
        ModelCompiler.Options.defaults()).create(64, 42);
    SyntheticBatch.load(compiled, 64, 42);
    for (Algorithm a : Algorithm.values()) {
      if (a.flag().equals(algo)) {
        algorithm = a;
      }
    }
  }

  /** Returns the loss so the step cannot be optimised away. */
  @Benchmark
  public double step() {
    double loss = compiled.computeUpdates(algorithm, options);
    compiled.applyUpdates(sgd);
    return loss;
  }
}
