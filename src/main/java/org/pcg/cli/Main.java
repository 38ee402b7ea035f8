package org.pcg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
public final class Main implements Callable<Integer> {

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

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    Warmup.startFor(args);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err));
  }

  /** Runs the command line and returns its exit code; never calls System.exit. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    CheckCommand.hideDtype(cl.getSubcommands().get("check").getCommandSpec());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new Failures(err));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("pcg: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help'.");
          return USAGE;
        });
    return cl.execute(args);
  }

  /** {@code pcg} alone names no command: the usage, on stderr, and the usage exit code. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /**
   * Reads the version Maven wrote into {@code version.properties}, else the jar manifest's,
   * falling back to "dev" in a tree that Maven did not build.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = fromResource();
      if (v == null) {
        v = Main.class.getPackage().getImplementationVersion();
      }
      return new String[] {"pcg " + (v == null ? "dev" : v)};
    }

    private static String fromResource() {
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return null;
        }
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        return v == null || v.startsWith("${") ? null : v;
      } catch (IOException e) {
        return null;
      }
    }
  }
}
