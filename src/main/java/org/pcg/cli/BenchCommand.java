package org.pcg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.GemmTrace;
import org.pcg.runtime.Kernels;
import org.pcg.runtime.Optimizer;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Sgd;
import org.pcg.runtime.SyntheticBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pcg bench}: times one training step of a model (forward, backward, an SGD update)
 * under each learning rule, the same step's matrix products alone, and the model's PyTorch
 * twin with the same batch, dtype and thread count. The three take turns round by round in
 * one run, so they meet the same load; the report gives the medians and their ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time a training step against PyTorch's on the same model, batch, dtype"
        + " and threads, alternating rounds; print medians and ratios.")
final class BenchCommand implements Callable<Integer> {

  /** SGD's rate in both sides' steps; the update's size does not change its cost. */
  static final double LEARNING_RATE = 0.01;

  /** Wall time a round of one subject aims at, so slow and fast steps get fair samples. */
  private static final double ROUND_SECONDS = 0.5;

  /** Fewest steps in a round, however slow the step. */
  private static final int MIN_ROUND_STEPS = 10;

  /** Halvings of --il-gamma tried before timing IL anyway: 0.1 becomes about 1e-4. */
  private static final int MAX_HALVINGS = 10;

  @Spec CommandSpec spec;
  @Mixin ModelArgs modelArgs = new ModelArgs();

  @Option(names = "--batch", paramLabel = "B", defaultValue = "64",
      description = "Samples per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Threads, at most the cores, for pcg's matrix products and"
          + " optimizer updates (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--torch-threads", paramLabel = "N",
      description = "Threads for PyTorch (default: as --threads).")
  Integer torchThreads;

  @Option(names = "--algo", paramLabel = "LIST", split = ",",
      defaultValue = "bp,zil,zil-faithful,il",
      description = "Learning rules to time, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> algos;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "10",
      description = "Rounds of each side (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--round-steps", paramLabel = "S", defaultValue = "50",
      description = "Most steps in one round (default: ${DEFAULT-VALUE}); slow steps get"
          + " fewer (down to 10), so a round lasts about half a second.")
  int roundSteps;

  @Option(names = "--il-steps", paramLabel = "T", defaultValue = "20",
      description = "IL inference steps (default: ${DEFAULT-VALUE}).")
  int ilSteps;

  @Option(names = "--il-gamma", paramLabel = "G", defaultValue = "0.1",
      description = "IL step size (default: ${DEFAULT-VALUE}); halved while IL's updates on"
          + " the bench batch are not finite, so that the timed steps stay finite.")
  double ilGamma;

  @Option(names = "--no-torch", description = "Time pcg alone.")
  boolean noTorch;

  @Option(names = "--python", paramLabel = "EXE", defaultValue = TorchPeer.DEFAULT_PYTHON,
      description = "Python with torch (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(names = "--torch-script", paramLabel = "FILE",
      description = "The PyTorch side (default: bench/torch_bench.py here or beside pcg's"
          + " build).")
  Path torchScript;

  @Override
  public Integer call() {
    checkCounts();
    return BlasThreads.withThreads(spec, threads, this::bench);
  }

  private int bench() {
    PrintWriter out = spec.commandLine().getOut();
    Graph graph = modelArgs.load();
    DType dtype = modelArgs.dtype(graph);
    Footprint.check(graph, dtype, batch, "--batch");
    ModelCompiler.Factory factory = modelArgs.compile(graph, dtype);
    BenchReport report = new BenchReport(graph.name(), dtype, batch, threads,
        factory.passes().schedule().maxLevel(), ilSteps);
    List<BenchReport.Subject> subjects = pcgSubjects(factory, graph, modelArgs.seed(graph),
        report);
    Optional<TorchPeer> torch = startTorch(out, graph.name(), dtype);
    try {
      torch.ifPresent(peer -> subjects.add(torchSubject(peer)));
      measure(subjects);
      report.print(out, subjects, gemmLine(), torchLine(torch));
    } finally {
      torch.ifPresent(TorchPeer::close);
    }
    // pcg's lines are still worth printing, but a comparison asked for by name and not
    // made is a failed run, not a quiet success.
    return torch.isEmpty() && !noTorch && torchScript != null ? Main.RUN_FAILURE : Main.OK;
  }

  private void checkCounts() {
    for (int[] v : new int[][] {{batch}, {threads}, {rounds}, {roundSteps}, {ilSteps}}) {
      if (v[0] < 1) {
        throw new UserError("--batch, --threads, --rounds, --round-steps and --il-steps must"
            + " be at least 1", Main.USAGE);
      }
    }
    if (torchThreads != null && torchThreads < 1) {
      throw new UserError("--torch-threads must be at least 1", Main.USAGE);
    }
    if (!(ilGamma > 0) || Double.isInfinite(ilGamma)) {
      throw new UserError("--il-gamma must be a positive number, not " + ilGamma, Main.USAGE);
    }
    checkPython();
    if (!noTorch && torchScript != null && !Files.isRegularFile(torchScript)) {
      throw new UserError("--torch-script " + torchScript + ": no such file", Main.USAGE);
    }
  }

  /**
   * A Python named by a path must be there: the user asked for that one, so quietly timing
   * pcg alone would hide the typo. A bare name is looked up on the PATH when started.
   */
  private void checkPython() {
    if (noTorch || !python.contains(java.io.File.separator)) {
      return;
    }
    Path exe = Path.of(python);
    if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
      throw new UserError("--python " + python + ": no such executable file", Main.USAGE);
    }
  }

  /**
   * One subject per learning rule, then the BP step's products. The rules share one model,
   * so that they differ in their work only, not in where their buffers fell in memory.
   */
  private List<BenchReport.Subject> pcgSubjects(ModelCompiler.Factory factory, Graph graph,
      long seed, BenchReport report) {
    CompiledModel model = Footprint.create(factory, graph, batch, "--batch", seed);
    SyntheticBatch.load(model, batch, seed);
    Optimizer sgd = new Sgd(LEARNING_RATE);
    List<BenchReport.Subject> subjects = new ArrayList<>();
    for (String flag : new java.util.LinkedHashSet<>(algos.stream().map(String::trim)
        .toList())) {
      Algorithm algo = PcArgs.algorithm(flag);
      PcOptions options = PcOptions.defaults().withSteps(ilSteps);
      if (algo == Algorithm.IL) {
        options = finiteIl(model, options, report);
      }
      subjects.add(BenchReport.Subject.pcg(algo, step(model, algo, options, sgd)));
    }
    GemmTrace products = GemmTrace.record(step(model, Algorithm.BP, PcOptions.defaults(),
        sgd));
    subjects.add(BenchReport.Subject.products(products));
    return subjects;
  }

  /**
   * IL's options for timing: --il-gamma, halved while IL's updates on the bench batch are
   * not finite. A diverging relaxation would time arithmetic on infinities and NaNs, which
   * training never runs; the transformer sample's, from the synthetic batch, diverges at
   * every step size above about 0.02.
   */
  private PcOptions finiteIl(CompiledModel model, PcOptions base, BenchReport report) {
    PcOptions options = base.withGamma(ilGamma);
    int halvings = 0;
    while (!finiteUpdates(model, options) && halvings < MAX_HALVINGS) {
      options = options.withGamma(options.gamma() / 2);
      halvings++;
    }
    String note = null;
    if (halvings > 0) {
      note = String.format(Locale.ROOT, "IL timed at gamma %.3g: at %.3g its updates on this"
          + " batch were not finite%s", options.gamma(), options.gamma() * 2,
          finiteUpdates(model, options) ? "" : ", nor are they here");
    }
    report.ilGamma(options.gamma(), note);
    return options;
  }

  private static boolean finiteUpdates(CompiledModel model, PcOptions options) {
    model.computeUpdates(Algorithm.IL, options);
    for (int p = 0; p < model.info().params().size(); p++) {
      double[] update = new double[model.info().params().get(p).size()];
      model.getUpdate(p, update);
      for (double u : update) {
        if (!Double.isFinite(u)) {
          return false;
        }
      }
    }
    return true;
  }

  /** A step as training takes it: the rule's updates, then SGD applies them. */
  private static Runnable step(CompiledModel model, Algorithm algo, PcOptions options,
      Optimizer sgd) {
    return () -> {
      model.computeUpdates(algo, options);
      model.applyUpdates(sgd);
    };
  }

  private BenchReport.Subject torchSubject(TorchPeer peer) {
    return BenchReport.Subject.torch(peer::round);
  }

  /** Warms every subject up, sizes its rounds, then runs the rounds in turn. */
  private void measure(List<BenchReport.Subject> subjects) {
    for (BenchReport.Subject s : subjects) {
      double ms = s.warmUp();
      int fit = (int) (ROUND_SECONDS * 1000 / Math.max(ms, 1e-3));
      s.steps(Math.min(roundSteps, Math.max(MIN_ROUND_STEPS, fit)));
    }
    for (int r = 0; r < rounds; r++) {
      subjects.forEach(BenchReport.Subject::runRound);
    }
  }

  private Optional<TorchPeer> startTorch(PrintWriter out, String model, DType dtype) {
    if (noTorch) {
      return Optional.empty();
    }
    Path script = torchScript != null ? torchScript : TorchPeer.findScript();
    StringBuilder why = new StringBuilder();
    Optional<TorchPeer> peer = Optional.empty();
    if (script == null || !Files.isRegularFile(script)) {
      why.append(script == null ? "bench/torch_bench.py" : script).append(" not found (run"
          + " from the repository or give --torch-script)");
    } else {
      int t = torchThreads != null ? torchThreads : threads;
      peer = TorchPeer.start(new TorchPeer.Launch(python, script, model, batch, dtype.flag(),
          t), why);
    }
    if (peer.isEmpty()) {
      out.println("PyTorch side skipped: " + why);
    }
    return peer;
  }

  /**
   * The product kernels, with the OpenBLAS kernel choice when the environment makes one
   * (bin/pcg does on AVX-512 CPUs); the PyTorch peer inherits it.
   */
  private static String gemmLine() {
    String core = System.getenv("OPENBLAS_CORETYPE");
    String name = Kernels.current().name();
    return core == null || core.isBlank() ? name : name + ", OPENBLAS_CORETYPE=" + core;
  }

  private String torchLine(Optional<TorchPeer> torch) {
    if (torch.isEmpty()) {
      return null;
    }
    int t = torchThreads != null ? torchThreads : threads;
    return String.format(Locale.ROOT, "PyTorch (%s) at %d thread%s", python, t,
        t == 1 ? "" : "s");
  }
}
