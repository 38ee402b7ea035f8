package org.pcg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.pcg.runtime.Gemm;
import org.pcg.runtime.Kernels;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The threads matrix products run on. pcg keeps OpenBLAS to one thread and shares a large
 * product's blocks between its own threads ({@link SplitGemm}), which outran OpenBLAS's
 * threading at the samples' shapes (docs/performance.md). OpenBLAS reads its thread count
 * from the environment once, when the library loads, and netlib's binding offers no call to
 * change it later; so a command whose environment does not already say one thread runs
 * itself again in a child JVM with the variables set, and passes on the child's output and
 * exit code.
 */
final class BlasThreads {

  /** The variables the OpenBLAS builds (pthreads and OpenMP) read their thread count from. */
  static final List<String> VARIABLES = List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS");

  /** Names the pcg process a child JVM was started by; see {@link #followParent}. */
  static final String PARENT_VARIABLE = "PCG_PARENT_PID";

  /** A child's exit code when its parent is gone: a shell's code for SIGTERM. */
  static final int PARENT_GONE = 143;

  private BlasThreads() {}

  /**
   * Runs {@code body} with matrix products on {@code threads} threads and returns its exit
   * code; the products go back to how they were afterwards. Runs the command in a child JVM
   * instead when this one's OpenBLAS may use several threads of its own.
   */
  static int withThreads(CommandSpec spec, int threads, IntSupplier body) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (threads > cores) {
      // The helper threads spin while they wait; more of them than cores would take turns.
      throw new UserError("--threads " + threads + ": this machine has " + cores
          + " cores; use at most " + cores, Main.USAGE);
    }
    if (!inEffect(1)) {
      return rerun(spec, 1);
    }
    Gemm before = Kernels.current();
    Kernels.useThreads(threads);
    try {
      return body.getAsInt();
    } finally {
      Kernels.use(before);
    }
  }

  /**
   * In a child JVM that {@link #rerun} started: ends it when the pcg process that started
   * it ends. SIGINT and SIGTERM reach both, but a SIGKILL to the parent would leave the
   * child training and writing checkpoints unseen, beside any run the user starts next.
   */
  static void followParent() {
    String pid = System.getenv(PARENT_VARIABLE);
    if (pid == null) {
      return;
    }
    try {
      ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
          parent -> parent.onExit().thenRun(() -> System.exit(PARENT_GONE)),
          () -> System.exit(PARENT_GONE));
    } catch (NumberFormatException e) {
      // Not set by pcg: nothing to follow.
    }
  }

  /** Whether this JVM's environment already gives OpenBLAS {@code threads} threads. */
  static boolean inEffect(int threads) {
    Map<String, String> env = System.getenv();
    return VARIABLES.stream().allMatch(v -> String.valueOf(threads).equals(env.get(v)));
  }

  /**
   * Runs the command {@code spec} parsed again, in a child JVM whose OpenBLAS uses
   * {@code threads} threads, copying its output to the command's writers; returns its exit
   * code.
   */
  static int rerun(CommandSpec spec, int threads) {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (args.isEmpty() || !args.get(0).equals(spec.name())) {
      args.add(0, spec.name());
    }
    return rerun(threads, args, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Runs pcg with {@code args} in a child JVM whose OpenBLAS uses {@code threads} threads,
   * copying its output to {@code out} and {@code err}; returns its exit code.
   */
  static int rerun(int threads, List<String> args, PrintWriter out, PrintWriter err) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    VARIABLES.forEach(v -> pb.environment().put(v, String.valueOf(threads)));
    pb.environment().put(PARENT_VARIABLE, String.valueOf(ProcessHandle.current().pid()));
    try {
      if (System.console() != null) {
        // On a terminal the child writes to it itself, so its progress bar still shows.
        return pb.inheritIO().start().waitFor();
      }
      Process child = pb.start();
      child.getOutputStream().close();
      Thread copyErr = copier(child.getErrorStream(), err);
      copy(child.getInputStream(), out);
      copyErr.join();
      return child.waitFor();
    } catch (IOException e) {
      throw new UserError("cannot start a JVM with " + threads + " OpenBLAS threads: "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while waiting for the benchmark JVM");
    }
  }

  private static Thread copier(InputStream in, PrintWriter to) {
    Thread t = new Thread(() -> copy(in, to), "pcg-child-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void copy(InputStream in, PrintWriter to) {
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buffer = new char[4096];
      for (int got = r.read(buffer); got >= 0; got = r.read(buffer)) {
        to.write(buffer, 0, got);
        to.flush();
      }
    } catch (IOException e) {
      to.println("pcg: lost the benchmark JVM's output: " + e.getMessage());
    }
  }
}
