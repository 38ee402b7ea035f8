package org.pcg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.Batch;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Dataset;
import org.pcg.runtime.Equivalence;
import org.pcg.runtime.Equivalence.Difference;
import org.pcg.runtime.FashionMnist;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.Shuffler;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.runtime.TensorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pcg check}: one update of every learning rule from the same weights and batch, in
 * double precision, compared with BP parameter by parameter. BP in float against BP in
 * double is printed as the yardstick of rounding: a Z-IL gap far above it is a real bug.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check that Z-IL's parameter updates equal BP's for a model.")
final class CheckCommand implements Callable<Integer> {

  /** Scheduled Z-IL does BP's arithmetic in another order: rounding only. */
  static final double ZIL_TOLERANCE = 1e-12;
  /** Faithful Z-IL recomputes predictions and subtracts them: a little more rounding. */
  static final double ZIL_FAITHFUL_TOLERANCE = 1e-10;

  @Spec CommandSpec spec;
  @Mixin ModelArgs modelArgs = new ModelArgs();
  @Mixin PcArgs pcArgs = new PcArgs();

  @Option(names = "--batch", paramLabel = "B",
      description = "Samples in the batch (default: the model's train block, else 16).")
  Integer batch;

  @Option(names = "--synthetic",
      description = "Use a seeded synthetic batch even when the model fits Fashion-MNIST.")
  boolean synthetic;

  private String batchSource;
  private double ilNormGap;
  /** The rules whose updates hold a NaN or an infinity, BP included. */
  private final java.util.Set<Algorithm> notFinite = java.util.EnumSet.noneOf(Algorithm.class);
  /** Parameters whose BP update is exactly zero: no comparison can fail on them. */
  private final List<String> zeroInBp = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (modelArgs.dtype != null) {
      throw new UserError("pcg check always compares the rules in f64 and measures BP in f32"
          + " against it; --dtype does not apply", Main.USAGE);
    }
    Graph graph = modelArgs.load();
    long seed = modelArgs.seed(graph);
    // The model's own batch by default: IL's gap from BP shrinks as the batch grows (the
    // mean divides the output error by it), so judging IL on another batch would mislead.
    int n = TrainCommand.positive("--batch", batch, graph.defaults().number("batch", 16));
    Footprint.check(graph, DType.F64, n, "--batch");
    CompiledModel f64 = Footprint.create(modelArgs.compile(graph, DType.F64), graph, n,
        "--batch", seed);
    loadBatch(f64, n, seed);

    Map<Algorithm, List<Difference>> diffs = compareAll(f64, graph, seed);
    double yardstick = floatGap(graph, f64, n, seed);
    print(out, graph, f64.info(), n, seed, diffs, yardstick);
    return verdict(out, diffs, f64.info().params().size());
  }

  private Map<Algorithm, List<Difference>> compareAll(CompiledModel model, Graph graph,
      long seed) {
    double[][] bp = Equivalence.updates(model, Algorithm.BP, PcOptions.defaults());
    noteFinite(Algorithm.BP, bp);
    noteZero(model, bp);
    Map<Algorithm, List<Difference>> diffs = new LinkedHashMap<>();
    for (Algorithm algo : List.of(Algorithm.ZIL, Algorithm.ZIL_FAITHFUL, Algorithm.IL)) {
      double[][] updates = Equivalence.updates(model, algo, pcArgs.options(algo, graph, seed));
      noteFinite(algo, updates);
      diffs.put(algo, Equivalence.compare(model.info(), updates, bp));
      if (algo == Algorithm.IL) {
        ilNormGap = Equivalence.normRelative(updates, bp);
      }
    }
    return diffs;
  }

  private void noteZero(CompiledModel model, double[][] bp) {
    for (int p = 0; p < bp.length; p++) {
      if (java.util.Arrays.stream(bp[p]).allMatch(v -> v == 0)) {
        zeroInBp.add(model.info().params().get(p).name());
      }
    }
  }

  private void noteFinite(Algorithm algo, double[][] updates) {
    for (double[] u : updates) {
      for (double v : u) {
        if (!Double.isFinite(v)) {
          notFinite.add(algo);
          return;
        }
      }
    }
  }

  /**
   * The first {@code n} Fashion-MNIST training images when the model reads 784 pixels into
   * ten classes and the data are installed, so IL is judged on the inputs it trains on;
   * otherwise a seeded synthetic batch.
   */
  private void loadBatch(CompiledModel model, int n, long seed) {
    ModelInfo info = model.info();
    boolean fits = info.inputs().size() == 1 && info.inputs().get(0).size() == 784
        && info.target().size() == FashionMnist.CLASSES
        && java.nio.file.Files.isDirectory(FashionMnist.DEFAULT_DIR);
    if (synthetic || !fits) {
      SyntheticBatch.load(model, n, seed);
      batchSource = "a synthetic batch of " + n + " (seed " + seed + ")";
      return;
    }
    Dataset train = FashionMnist.load().train();
    if (n > train.size()) {
      throw new UserError("--batch " + n + " is more than the " + train.size() + " Fashion-MNIST"
          + " training images (or give --synthetic)", Main.USAGE);
    }
    Batch b = train.newBatch(n);
    int[] order = new int[train.size()];
    Shuffler.none().nextOrder(order);
    train.batch(order, 0, n, b);
    model.setBatch(n, b.inputs(), b.targets());
    batchSource = "the first " + n + " Fashion-MNIST training images";
  }

  /** BP in float from the same weights (rounded) against BP in double. */
  private double floatGap(Graph graph, CompiledModel f64, int n, long seed) {
    CompiledModel f32 = Footprint.create(modelArgs.compile(graph, DType.F32), graph, n,
        "--batch", seed);
    for (int i = 0; i < f64.info().params().size(); i++) {
      double[] values = new double[f64.info().params().get(i).size()];
      f64.getParam(i, values);
      f32.setParam(i, values);
    }
    loadBatch(f32, n, seed);
    double[][] bp32 = Equivalence.updates(f32, Algorithm.BP, PcOptions.defaults());
    double[][] bp64 = Equivalence.updates(f64, Algorithm.BP, PcOptions.defaults());
    return Equivalence.maxRelative(Equivalence.compare(f64.info(), bp32, bp64));
  }

  private void print(PrintWriter out, Graph graph, ModelInfo info, int n, long seed,
      Map<Algorithm, List<Difference>> diffs, double yardstick) {
    out.printf(Locale.ROOT, "pcg check %s: one update of each rule from the same weights"
        + " (seed %d) and %s, in double%s%n", graph.name(), seed, batchSource,
        modelArgs.noLevel ? ", levelling OFF" : "");
    out.printf(Locale.ROOT, "rounding yardstick: BP in float vs BP in double differs by %.2e"
        + " (relative)%n%n", yardstick);
    List<String[]> rows = new ArrayList<>();
    rows.add(header(diffs));
    for (int i = 0; i < info.params().size(); i++) {
      rows.add(row(info.params().get(i), i, diffs));
    }
    Table.print(out, rows);
    out.println();
  }

  private String[] header(Map<Algorithm, List<Difference>> diffs) {
    List<String> cells = new ArrayList<>(List.of("param", "shape"));
    for (Algorithm a : diffs.keySet()) {
      cells.add(a.flag() + " max abs");
      cells.add(a.flag() + " max rel");
    }
    return cells.toArray(String[]::new);
  }

  private static String[] row(TensorSpec param, int i, Map<Algorithm, List<Difference>> d) {
    List<String> cells = new ArrayList<>(List.of(param.name(),
        java.util.Arrays.toString(param.shape())));
    for (List<Difference> list : d.values()) {
      cells.add(String.format(Locale.ROOT, "%.2e", list.get(i).maxAbs()));
      cells.add(String.format(Locale.ROOT, "%.2e", list.get(i).maxRel()));
    }
    return cells.toArray(String[]::new);
  }

  private int verdict(PrintWriter out, Map<Algorithm, List<Difference>> diffs, int params) {
    if (notFinite.contains(Algorithm.BP)) {
      out.println("BP update is not finite: the model overflows on this batch, so there is"
          + " nothing to compare with.");
      return Main.RUN_FAILURE;
    }
    if (!vacuous(out, params).isEmpty()) {
      return Main.RUN_FAILURE;
    }
    boolean zil = judge(out, "zil         ", Algorithm.ZIL, diffs, ZIL_TOLERANCE);
    boolean faithful = judge(out, "zil-faithful", Algorithm.ZIL_FAITHFUL, diffs,
        ZIL_FAITHFUL_TOLERANCE);
    double il = Equivalence.maxRelative(diffs.get(Algorithm.IL));
    if (notFinite.contains(Algorithm.IL)) {
      out.println("il           update is not finite: IL's inference diverged; try a smaller"
          + " --gamma or fewer --steps");
    } else {
      out.printf(Locale.ROOT, "il           max relative %.2e, Euclidean relative %.2e"
          + "  (approximates BP; no tolerance)%n", il, ilNormGap);
    }
    if (notFinite.contains(Algorithm.ZIL) || notFinite.contains(Algorithm.ZIL_FAITHFUL)) {
      out.println("Z-IL diverged (see --zil-gamma).");
      return Main.RUN_FAILURE;
    }
    out.println(zil && faithful ? "Z-IL equals BP." : "Z-IL does NOT equal BP.");
    return zil && faithful ? Main.OK : Main.RUN_FAILURE;
  }

  /**
   * Says when the comparison cannot show anything: a model without parameters, or BP
   * updates that are all exactly zero (a parameter left at its default of zeros can block
   * every gradient). Returns the reason it fails the check, or "" when it does not; a zero
   * update of only some parameters is a note.
   */
  private String vacuous(PrintWriter out, int params) {
    String reason = params == 0 ? "the model has no parameters, so there is nothing to compare"
        : zeroInBp.size() == params ? "BP's update is zero for every parameter on this batch"
            + " (a parameter without init starts at zeros, which can stop every gradient), so"
            + " the comparison shows nothing"
        : "";
    if (!reason.isEmpty()) {
      out.println("Nothing checked: " + reason + ".");
    } else if (!zeroInBp.isEmpty()) {
      out.println("note: BP's update is zero for " + String.join(", ", zeroInBp)
          + " on this batch; for them the comparison shows nothing.");
    }
    return reason;
  }

  /** Prints one Z-IL form's line and says whether it is within {@code tolerance} of BP. */
  private boolean judge(PrintWriter out, String label, Algorithm algo,
      Map<Algorithm, List<Difference>> diffs, double tolerance) {
    if (notFinite.contains(algo)) {
      out.println(label + " update is not finite: Z-IL diverged");
      return false;
    }
    double gap = Equivalence.maxRelative(diffs.get(algo));
    out.printf(Locale.ROOT, "%s max relative %.2e  (tolerance %.0e)  %s%n", label, gap,
        tolerance, gap <= tolerance ? "equal" : "DIFFERS");
    return gap <= tolerance;
  }
}
