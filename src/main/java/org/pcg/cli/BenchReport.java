package org.pcg.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.DType;
import org.pcg.runtime.GemmTrace;

/**
 * The subjects {@code pcg bench} times and the table it prints. Every ratio is taken round
 * by round, between figures measured moments apart, and the median of those is reported,
 * so a change of load during the run moves both sides of a ratio alike.
 */
final class BenchReport {

  /** Scheduled Z-IL's step may cost at most this much more than BP's. */
  static final double ZIL_LIMIT = 1.03;

  /**
   * The MLP sample's one-thread step may take at most this multiple of its products alone at
   * BLAS speed; models with convolutions or many small vertices are not held to it.
   */
  static final double PRODUCTS_LIMIT = 1.2;

  /** What a subject is: a pcg learning rule, the BP step's products, or PyTorch. */
  enum Kind { PCG, PRODUCTS, TORCH }

  /** One line of the report, timed in every round. */
  static final class Subject {
    private final Kind kind;
    private final Algorithm algo;
    private final GemmTrace trace;
    private final IntFunction<RoundTimer.Round> round;
    private final List<RoundTimer.Round> rounds = new ArrayList<>();
    private int steps = 1;

    private Subject(Kind kind, Algorithm algo, GemmTrace trace,
        IntFunction<RoundTimer.Round> round) {
      this.kind = kind;
      this.algo = algo;
      this.trace = trace;
      this.round = round;
    }

    static Subject pcg(Algorithm algo, Runnable step) {
      return new Subject(Kind.PCG, algo, null, n -> RoundTimer.time(step, n));
    }

    static Subject products(GemmTrace trace) {
      return new Subject(Kind.PRODUCTS, null, trace, n -> RoundTimer.time(trace::replay, n));
    }

    static Subject torch(IntFunction<RoundTimer.Round> round) {
      return new Subject(Kind.TORCH, null, null, round);
    }

    /** Warms up for a second (PyTorch warmed itself); returns the time of one step. */
    double warmUp() {
      if (kind == Kind.TORCH) {
        return round.apply(MIN_TORCH_PROBE).wallMs();
      }
      return RoundTimer.warmUp(() -> round.apply(1), 1.0, 20);
    }

    void steps(int n) {
      steps = n;
    }

    void runRound() {
      rounds.add(round.apply(steps));
    }

    String label(String ilSettings) {
      return switch (kind) {
        case TORCH -> "torch";
        case PRODUCTS -> "products alone";
        case PCG -> "pcg " + algo.flag() + (algo == Algorithm.IL ? " (" + ilSettings + ")" : "");
      };
    }
  }

  /** Steps PyTorch runs to tell how long its step takes. */
  private static final int MIN_TORCH_PROBE = 5;

  private final String model;
  private final DType dtype;
  private final int batch;
  private final int threads;
  private final int maxLevel;
  private final int ilSteps;
  private final double loadAtStart = load();
  private double ilGamma = Double.NaN;
  private String ilNote;

  BenchReport(String model, DType dtype, int batch, int threads, int maxLevel, int ilSteps) {
    this.model = model;
    this.dtype = dtype;
    this.batch = batch;
    this.threads = threads;
    this.maxLevel = maxLevel;
    this.ilSteps = ilSteps;
  }

  /** IL's step size as timed, and why it is not the one asked for (null when it is). */
  void ilGamma(double gamma, String note) {
    this.ilGamma = gamma;
    this.ilNote = note;
  }

  private String ilSettings() {
    return Double.isNaN(ilGamma) ? "T=" + ilSteps
        : String.format(Locale.ROOT, "T=%d, gamma %.3g", ilSteps, ilGamma);
  }

  void print(PrintWriter out, List<Subject> subjects, String gemm, String torchLine) {
    out.printf(Locale.ROOT, "pcg bench %s: batch %d, %s; pcg on %d thread%s (gemm"
        + " %s)%s%n", model, batch, dtype.flag(), threads, threads == 1 ? "" : "s", gemm,
        torchLine == null ? "" : "; " + torchLine);
    int rounds = subjects.get(0).rounds.size();
    out.printf(Locale.ROOT, "%d rounds, each running every line below in turn. Times:"
        + " medians over rounds of a round's%nmedian step; ratios: medians over rounds of"
        + " the ratio within a round.%n%n", rounds);
    Table.print(out, rows(subjects));
    out.println();
    summary(out, subjects);
  }

  private List<String[]> rows(List<Subject> subjects) {
    Subject torch = find(subjects, Kind.TORCH, null);
    Subject bp = find(subjects, Kind.PCG, Algorithm.BP);
    boolean cpu = threads == 1;
    ToDoubleFunction<RoundTimer.Round> clock = cpu ? RoundTimer.Round::cpuMs
        : RoundTimer.Round::wallMs;
    List<String[]> rows = new ArrayList<>();
    rows.add(torch == null
        ? new String[] {"", "steps", "wall ms", "cpu ms", "B/step", "/ pcg bp", "limit"}
        : new String[] {"", "steps", "wall ms", "cpu ms", "B/step", "/ torch wall",
            "/ torch cpu", "/ pcg bp", "limit"});
    for (Subject s : subjects) {
      double bytes = median(s.rounds, RoundTimer.Round::bytesPerStep);
      List<String> row = new ArrayList<>(List.of(s.label(ilSettings()), String.valueOf(s.steps),
          fmt(median(s.rounds, RoundTimer.Round::wallMs)),
          cpu ? fmt(median(s.rounds, RoundTimer.Round::cpuMs)) : "-",
          Double.isNaN(bytes) ? "" : String.format(Locale.ROOT, "%.0f", bytes)));
      if (torch != null) {
        boolean pcg = s.kind == Kind.PCG;
        row.add(pcg ? ratio(s, torch, RoundTimer.Round::wallMs) : "");
        row.add(pcg && cpu ? ratio(s, torch, RoundTimer.Round::cpuMs) : "");
      }
      row.add(s.kind == Kind.TORCH ? "" : ratio(s, bp, clock));
      row.add(limit(s));
      rows.add(row.toArray(String[]::new));
    }
    return rows;
  }

  private String limit(Subject s) {
    if (s.kind != Kind.PCG) {
      return "";
    }
    return switch (s.algo) {
      case ZIL -> "<= " + ZIL_LIMIT;
      case ZIL_FAITHFUL -> "<= " + (maxLevel + 1) + " (levels + 1)";
      case IL -> "<= " + (ilSteps + 1) + " (T + 1)";
      default -> "";
    };
  }

  private void summary(PrintWriter out, List<Subject> subjects) {
    Subject products = find(subjects, Kind.PRODUCTS, null);
    Subject bp = find(subjects, Kind.PCG, Algorithm.BP);
    ToDoubleFunction<RoundTimer.Round> clock = threads == 1
        ? RoundTimer.Round::cpuMs : RoundTimer.Round::wallMs;
    double ms = median(products.rounds, clock);
    out.printf(Locale.ROOT, "products alone: %d matrix products, %.4g MFLOP, %.1f GFLOP/s%s%n",
        products.trace.size(), products.trace.flops() / 1e6,
        products.trace.flops() / 1e6 / ms, threads == 1 ? " (cpu time)" : "");
    if (bp != null) {
      out.printf(Locale.ROOT, "pcg bp / products alone: %s (the MLP's target on one thread:"
          + " %.1f)%n", ratio(bp, products, clock), PRODUCTS_LIMIT);
    }
    if (ilNote != null) {
      out.println(ilNote);
    }
    out.printf(Locale.ROOT, "load average %.2f at the start, %.2f at the end, on %d cores%n",
        loadAtStart, load(), Runtime.getRuntime().availableProcessors());
  }

  private static Subject find(List<Subject> subjects, Kind kind, Algorithm algo) {
    return subjects.stream().filter(s -> s.kind == kind && s.algo == algo).findFirst()
        .orElse(null);
  }

  /** The median over rounds of {@code s} / {@code base}; empty without a base. */
  private static String ratio(Subject s, Subject base,
      ToDoubleFunction<RoundTimer.Round> clock) {
    if (base == null) {
      return "";
    }
    int n = Math.min(s.rounds.size(), base.rounds.size());
    double[] ratios = new double[n];
    for (int r = 0; r < n; r++) {
      ratios[r] = clock.applyAsDouble(s.rounds.get(r))
          / clock.applyAsDouble(base.rounds.get(r));
    }
    return n == 0 ? "" : String.format(Locale.ROOT, "%.3f", RoundTimer.median(ratios));
  }

  private static double median(List<RoundTimer.Round> rounds,
      ToDoubleFunction<RoundTimer.Round> clock) {
    return RoundTimer.median(rounds.stream().mapToDouble(clock).toArray());
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%.2f", ms);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
