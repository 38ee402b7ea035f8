package org.pcg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Equivalence;
import org.pcg.runtime.Equivalence.Difference;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.PcOptions;
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

  @Option(names = "--batch", paramLabel = "B", defaultValue = "16",
      description = "Samples in the batch (default: ${DEFAULT-VALUE}); synthetic, seeded.")
  int batch;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Graph graph = modelArgs.load();
    long seed = modelArgs.seed(graph);
    int n = TrainCommand.positive("--batch", batch, 16);
    CompiledModel f64 = ModelCompiler.compile(graph, DType.F64, modelArgs.compilerOptions())
        .create(n, seed);
    SyntheticBatch.load(f64, n, seed);

    Map<Algorithm, List<Difference>> diffs = compareAll(f64, graph, seed);
    double yardstick = floatGap(graph, f64, n, seed);
    print(out, graph, f64.info(), n, seed, diffs, yardstick);
    return verdict(out, diffs);
  }

  private Map<Algorithm, List<Difference>> compareAll(CompiledModel model, Graph graph,
      long seed) {
    double[][] bp = Equivalence.updates(model, Algorithm.BP, PcOptions.defaults());
    Map<Algorithm, List<Difference>> diffs = new LinkedHashMap<>();
    for (Algorithm algo : List.of(Algorithm.ZIL, Algorithm.ZIL_FAITHFUL, Algorithm.IL)) {
      PcOptions options = pcArgs.options(algo, graph, seed);
      diffs.put(algo, Equivalence.compare(model.info(),
          Equivalence.updates(model, algo, options), bp));
    }
    return diffs;
  }

  /** BP in float from the same weights (rounded) against BP in double. */
  private double floatGap(Graph graph, CompiledModel f64, int n, long seed) {
    CompiledModel f32 = ModelCompiler.compile(graph, DType.F32, modelArgs.compilerOptions())
        .create(n, seed);
    for (int i = 0; i < f64.info().params().size(); i++) {
      double[] values = new double[f64.info().params().get(i).size()];
      f64.getParam(i, values);
      f32.setParam(i, values);
    }
    SyntheticBatch.load(f32, n, seed);
    double[][] bp32 = Equivalence.updates(f32, Algorithm.BP, PcOptions.defaults());
    double[][] bp64 = Equivalence.updates(f64, Algorithm.BP, PcOptions.defaults());
    return Equivalence.maxRelative(Equivalence.compare(f64.info(), bp32, bp64));
  }

  private void print(PrintWriter out, Graph graph, ModelInfo info, int n, long seed,
      Map<Algorithm, List<Difference>> diffs, double yardstick) {
    out.printf(Locale.ROOT, "pcg check %s: one update of each rule from the same weights and"
        + " a synthetic batch of %d (seed %d), in double%s%n", graph.name(), n, seed,
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

  private static int verdict(PrintWriter out, Map<Algorithm, List<Difference>> diffs) {
    double zil = Equivalence.maxRelative(diffs.get(Algorithm.ZIL));
    double faithful = Equivalence.maxRelative(diffs.get(Algorithm.ZIL_FAITHFUL));
    double il = Equivalence.maxRelative(diffs.get(Algorithm.IL));
    out.printf(Locale.ROOT, "zil          max relative %.2e  (tolerance %.0e)  %s%n", zil,
        ZIL_TOLERANCE, zil <= ZIL_TOLERANCE ? "equal" : "DIFFERS");
    out.printf(Locale.ROOT, "zil-faithful max relative %.2e  (tolerance %.0e)  %s%n",
        faithful, ZIL_FAITHFUL_TOLERANCE,
        faithful <= ZIL_FAITHFUL_TOLERANCE ? "equal" : "DIFFERS");
    out.printf(Locale.ROOT, "il           max relative %.2e  (approximates BP; no"
        + " tolerance)%n", il);
    boolean ok = zil <= ZIL_TOLERANCE && faithful <= ZIL_FAITHFUL_TOLERANCE;
    out.println(ok ? "Z-IL equals BP." : "Z-IL does NOT equal BP.");
    return ok ? Main.OK : Main.RUN_FAILURE;
  }
}
