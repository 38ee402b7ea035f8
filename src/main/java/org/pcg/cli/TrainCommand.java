package org.pcg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.ir.Vertex;
import org.pcg.runtime.Adam;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.Checkpoints;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.EpochMetrics;
import org.pcg.runtime.Momentum;
import org.pcg.runtime.Optimizer;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Report;
import org.pcg.runtime.Sgd;
import org.pcg.runtime.Trainer;
import org.pcg.runtime.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pcg train}: compiles a model and trains it, printing metrics per epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Compile a model and train it (default data: Fashion-MNIST).")
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelArgs modelArgs = new ModelArgs();
  @Mixin DataArgs dataArgs = new DataArgs();
  @Mixin PcArgs pcArgs = new PcArgs();

  @Option(names = "--algo", paramLabel = "bp|zil|zil-faithful|il",
      description = "Learning rule (default: the model's train block, else bp).")
  String algo;

  @Option(names = "--epochs", paramLabel = "N", description = "Default: model's, else 5.")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "B", description = "Default: model's, else 64.")
  Integer batch;

  @Option(names = "--optimizer", paramLabel = "sgd|momentum|adam",
      description = "Default: the model's, else sgd.")
  String optimizer;

  @Option(names = "--lr", paramLabel = "X", description = "Learning rate; default: model's,"
      + " else 0.1 (adam: 0.001).")
  Double lr;

  @Option(names = "--momentum", paramLabel = "B", description = "Momentum (default 0.9).")
  Double momentum;

  @Option(names = "--save", paramLabel = "W.npz", converter = OutputPaths.FileName.class,
      description = "Save the final weights.")
  Path save;

  @Option(names = "--init-from", paramLabel = "W.npz", description = "Start from weights.")
  Path initFrom;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Write metrics.csv and a plot of loss and accuracy per epoch.")
  Path report;

  @Option(names = "--no-shuffle", description = "Visit training samples in file order.")
  boolean noShuffle;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Option(names = "--checkpoint", paramLabel = "C.npz", converter = OutputPaths.FileName.class,
      description = "The training checkpoint to write and resume from (default:"
          + " MODEL.checkpoint.npz, here).")
  Path checkpoint;

  @Option(names = "--checkpoint-every", paramLabel = "N", description = "Save the training"
      + " state every N steps and at the end, atomically; it also serves as weights.")
  Integer checkpointEvery;

  @Option(names = "--resume", description = "Continue from the checkpoint to the weights an"
      + " unbroken run with the same settings ends with.")
  boolean resume;

  @Option(names = "--clip-grad", paramLabel = "NORM", description = "Scale each step's"
      + " updates down to a norm (over all parameters) of at most NORM.")
  Double clipGrad;

  @Option(names = "--threads", paramLabel = "N", description = "Threads, at most the cores,"
      + " for the matrix products and optimizer updates; pcg then runs in a second JVM"
      + " with OpenBLAS on one thread (default: OpenBLAS's own threads, every core).")
  Integer threads;

  @Override
  public Integer call() {
    return threads == null ? train()
        : BlasThreads.withThreads(spec, positive("--threads", threads, 1), this::train);
  }

  private int train() {
    PrintWriter out = spec.commandLine().getOut();
    checkOutputs();
    dataArgs.prefetch();
    Graph graph = modelArgs.load();
    Algorithm algorithm = PcArgs.algorithm(algo != null ? algo
        : graph.defaults().word("algorithm", "bp"));
    DType dtype = modelArgs.dtype(graph);
    long seed = modelArgs.seed(graph);
    int batchSize = positive("--batch", batch, graph.defaults().number("batch", 64));
    int epochCount = positive("--epochs", epochs, graph.defaults().number("epochs", 5));
    PcOptions pcOptions = pcArgs.options(algorithm, graph, seed);
    if (initFrom != null && resume) {
      throw new UserError("--init-from and --resume exclude each other: a resumed run takes"
          + " its weights from the checkpoint", Main.USAGE);
    }
    // Every setting is checked before compiling, which may take seconds.
    Optimizer stepRule = optimizer(graph);
    checkTrainerOptions();

    Footprint.check(graph, dtype, batchSize, "--batch");

    long start = System.nanoTime();
    ModelCompiler.Factory factory = modelArgs.compile(graph, dtype);
    CompiledModel model = Footprint.create(factory, graph, batchSize, "--batch", seed);
    if (initFrom != null) {
      Checkpoints.load(model, initFrom);
    }
    out.printf(Locale.ROOT, "compiled %s (%s, %s) in %.2f s%s%n", graph.name(), dtype.flag(),
        algorithm.flag(), (System.nanoTime() - start) / 1e9,
        factory.fromCache() ? " (cached)" : "");

    DataArgs.Split data = dataArgs.load(model.info());
    out.printf(Locale.ROOT, "data: %d training samples from %s, %d test samples from %s%n",
        data.train().size(), data.train().source(), data.test().size(), data.test().source());
    Trainer.Config config = new Trainer.Config(algorithm, pcOptions, epochCount, batchSize,
        seed, !noShuffle, quiet);
    // The generated graph only names a vertex that failed; a cached class has not built it.
    Trainer trainer = trainer(model, stepRule, config)
        .withVertexNames(v -> describe(factory.passes().graph().vertices().get(v)))
        .withModel(graph.computationDigest(), !modelArgs.noLevel);
    TrainingState from = resume ? resumed(out, trainer, data, config) : TrainingState.start();
    List<EpochMetrics> history = trainer.train(data.train(), data.test(),
        m -> printEpoch(out, m, config.epochs()), from);

    finish(out, graph, model, history);
    return Main.OK;
  }

  /** Every file the run writes, checked before it starts. */
  private void checkOutputs() {
    if (checkpoint != null && checkpointEvery == null && !resume) {
      throw new UserError("--checkpoint names the file --checkpoint-every N writes (or"
          + " --resume reads); give one of them", Main.USAGE);
    }
    OutputPaths.checkFile("--save", save);
    OutputPaths.checkDirectory("--report", report);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("the model file", modelArgs.model);
    inputs.put("--data", dataArgs.data);
    inputs.put("--test-data", dataArgs.testData);
    inputs.put("--init-from", initFrom);
    OutputPaths.notOver("--save", save, inputs);
    if (checkpointEvery != null) {
      OutputPaths.checkFile("--checkpoint", checkpointFile());
      inputs.put("--save", save);
      OutputPaths.notOver("--checkpoint", checkpointFile(), inputs);
    }
  }

  private void checkTrainerOptions() {
    if (clipGrad != null && (!(clipGrad > 0) || Double.isInfinite(clipGrad))) {
      throw new UserError("--clip-grad must be a positive number, got " + clipGrad,
          Main.USAGE);
    }
    if (checkpointEvery != null) {
      positive("--checkpoint-every", checkpointEvery, 0);
    }
  }

  private Trainer trainer(CompiledModel model, Optimizer optimizer, Trainer.Config config) {
    Trainer trainer = new Trainer(model, optimizer, config);
    if (clipGrad != null) {
      trainer = trainer.withUpdateClipping(clipGrad);
    }
    if (checkpointEvery != null) {
      trainer = trainer.withCheckpoints(
          new Trainer.Checkpointing(checkpointFile(), checkpointEvery));
    }
    return trainer;
  }

  /** A vertex as a model author knows it: what it is, its name, where it is written. */
  static String describe(Vertex v) {
    String kind = switch (v.kind()) {
      case INPUT -> "input ";
      case TARGET -> "target ";
      case CONSTANT -> "constant ";
      case IDENTITY -> "the identity levelling inserted, ";
      case STATEMENT -> "vertex ";
    };
    return kind + v.name() + " (" + v.span() + ")";
  }

  /** The checkpoint named by --checkpoint, else MODEL.checkpoint.npz in this directory. */
  private Path checkpointFile() {
    if (checkpoint != null) {
      return checkpoint;
    }
    String stem = String.valueOf(modelArgs.model.getFileName()).replaceFirst("\\.pcg$", "");
    return Path.of(stem + ".checkpoint.npz");
  }

  private TrainingState resumed(PrintWriter out, Trainer trainer, DataArgs.Split data,
      Trainer.Config config) {
    Path file = checkpointFile();
    TrainingState from = trainer.resumeFrom(file, data.train());
    if (from.epoch() > config.epochs()) {
      int done = from.epoch() - 1;
      out.printf(Locale.ROOT, "%s: the run already finished %d epoch%s; ask for more with"
          + " --epochs%n", file, done, done == 1 ? "" : "s");
    } else {
      out.printf(Locale.ROOT, "resumed from %s at epoch %d, step %d%n", file, from.epoch(),
          from.stepsDone());
    }
    return from;
  }

  private void finish(PrintWriter out, Graph graph, CompiledModel model,
      List<EpochMetrics> history) {
    if (save != null) {
      Checkpoints.save(model, save);
      out.println("saved weights to " + save);
    }
    if (report != null) {
      Report.write(report, graph.name(), history);
      out.println("wrote metrics.csv and the plot to " + report);
    }
  }

  private static void printEpoch(PrintWriter out, EpochMetrics m, int epochs) {
    out.printf(Locale.ROOT,
        "epoch %d/%d  train loss %.4f  test loss %.4f  test accuracy %.2f%%  %.1f s"
            + " (%.0f steps/s, %.3f ms/step)%n",
        m.epoch(), epochs, m.trainLoss(), m.testLoss(), 100 * m.testAccuracy(), m.seconds(),
        m.stepsPerSecond(), 1000 / m.stepsPerSecond());
  }

  private Optimizer optimizer(Graph graph) {
    String name = optimizer != null ? optimizer : graph.defaults().word("optimizer", "sgd");
    double beta = momentum != null ? momentum : graph.defaults().number("momentum", 0.9);
    if (!(beta >= 0 && beta < 1)) {
      throw new UserError("--momentum must lie in [0, 1), got " + beta, Main.USAGE);
    }
    double defaultLr = name.equals("adam") ? 0.001 : 0.1;
    double rate = lr != null ? lr : graph.defaults().number("lr", defaultLr);
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new UserError("--lr must be a positive number, got " + rate, Main.USAGE);
    }
    return switch (name) {
      case "sgd" -> new Sgd(rate);
      case "momentum" -> new Momentum(rate, beta);
      case "adam" -> new Adam(rate);
      default -> throw new UserError("unknown optimizer '" + name
          + "': use sgd, momentum or adam", Main.USAGE);
    };
  }

  static int positive(String flag, Integer given, double fallback) {
    double v = given != null ? given : fallback;
    if (v < 1 || v > Integer.MAX_VALUE || v != Math.rint(v)) {
      String got = v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
          : String.valueOf(v);
      throw new UserError(flag + " must be a positive whole number, got " + got, Main.USAGE);
    }
    return (int) v;
  }
}
