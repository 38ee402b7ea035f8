package org.pcg.cli;

import java.util.Set;
import org.pcg.codegen.ParamInit;
import org.pcg.ir.Graph;
import org.pcg.ir.Init;
import org.pcg.passes.Passes;
import org.pcg.runtime.Kernels;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * Runs the front end and the initialisers once on a small built-in model, on a thread of its
 * own, while picocli reads the command line on the main thread.
 *
 * <p>Why: a command that compiles a model spends its first half second loading classes and
 * running code the JIT has not compiled yet: picocli, then the parser (whose prediction
 * tables fill in as it meets the grammar's decisions), lowering, SHA-256, EJML's QR for
 * orthogonal weights, loading the native BLAS, compiling the Vector API kernels of the
 * matrix products (before which they run hundreds of times slower). Those are sequential on
 * the main thread,
 * and on a two-core machine the other core idles. Doing the same work first on a small
 * model makes the main thread find the classes loaded and the parser's tables built
 * (docs/performance.md has the figures).
 * The warm-up has no effect on results: it shares no mutable state with the run but the
 * parser's prediction cache, which ANTLR makes safe to share between threads.
 */
final class Warmup {

  /** Subcommands that compile a model; others (help, inspect, graph) gain nothing. */
  private static final Set<String> COMPILING =
      Set.of("train", "eval", "check", "bench", "compile", "gen-tests");

  /** Every statement kind the samples use most: layers, activations, a skip, a loss. */
  static final String MODEL = """
      model warmup {
          input  x : [4]
          target y : [3]
          param W1 : [4, 4] init he
          param b1 : [4]
          param W2 : [3, 4] init orthogonal
          h = relu(W1 @ x + b1)
          k = tanh(h) + h
          o = W2 @ k
          loss cross_entropy(o, y)
          train { algorithm = bp  optimizer = sgd  lr = 0.1  batch = 2  epochs = 1 }
      }
      """;

  /** Rows and columns of the orthogonal matrix the warm-up draws. */
  private static final int WARM_QR = 64;

  private Warmup() {}

  /** Starts the warm-up if {@code args} name a compiling subcommand first. */
  static void startFor(String[] args) {
    if (args.length == 0 || !COMPILING.contains(args[0])) {
      return;
    }
    Thread thread = new Thread(Warmup::run, "pcg-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void run() {
    try {
      Kernels.startWarmUp();
      Graph graph = Frontend.compile("warmup.pcg", MODEL, new Diagnostics());
      Passes.run(graph, true);
      // Large enough for the JIT to compile EJML's QR loops before a 256-wide layer needs them.
      ParamInit.fill(new float[WARM_QR * WARM_QR], Init.Kind.ORTHOGONAL, 0, 0,
          new int[] {WARM_QR, WARM_QR}, 1, 0);
    } catch (Throwable e) {
      // Only speed is at stake, and the real run meets and reports any such fault itself;
      // an uncaught error here would print a stack trace beside the run's own message.
    }
  }
}
