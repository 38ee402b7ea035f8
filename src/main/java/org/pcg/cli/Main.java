package org.pcg.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pcg} command. A model file travels through the pipeline
 * syntax (parse, AST) -> ir (lowering, shapes) -> passes (levelling, Z-IL schedule) ->
 * codegen (Java source, in-process javac) -> runtime (data, training). Each subcommand is a
 * class of this package that drives part of that pipeline.
 */
@Command(
    name = "pcg",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "The predictive coding graph compiler.",
    subcommands = {CommandLine.HelpCommand.class, InspectCommand.class, GraphCommand.class,
        TrainCommand.class, EvalCommand.class, CheckCommand.class, CompileCommand.class,
        GenTestsCommand.class, BenchCommand.class})
public final class Main implements Runnable {

  /** Success. */
  public static final int OK = 0;
  /** The model file (or another user file) has errors; diagnostics were printed. */
  public static final int MODEL_ERROR = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** A run failed: bad data, a numerical fault, an equivalence check that did not hold. */
  public static final int RUN_FAILURE = 3;
  /** A bug in pcg itself; a stack trace was printed. */
  public static final int INTERNAL_ERROR = 70;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err));
  }

  /** Runs the command line and returns its exit code; never calls System.exit. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new Failures(err));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("pcg: " + ex.getMessage());
          err.println("Try 'pcg " + ex.getCommandLine().getCommandName() + " --help'.");
          return USAGE;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Reads the version from the jar manifest, falling back to "dev" in a plain build tree. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"pcg " + (v == null ? "dev" : v)};
    }
  }
}
