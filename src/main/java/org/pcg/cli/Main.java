package org.pcg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
    description = "The predictive coding graph compiler.")
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
    BlasThreads.followParent();
    Warmup.startFor(args);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err));
  }

  /** Runs the command line and returns its exit code; never calls System.exit. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    addSubcommands(cl, args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new Failures(err));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("pcg: " + Failures.printable(ex.getMessage()));
          if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
          }
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help'.");
          return USAGE;
        });
    return cl.execute(args);
  }

  /**
   * Every subcommand by name, in the order {@code pcg --help} lists them. Names must match
   * each class's {@code @Command(name = ...)}; MainTest checks that they do.
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("help", CommandLine.HelpCommand::new);
    all.put("inspect", InspectCommand::new);
    all.put("graph", GraphCommand::new);
    all.put("train", TrainCommand::new);
    all.put("eval", EvalCommand::new);
    all.put("check", CheckCommand::new);
    all.put("compile", CompileCommand::new);
    all.put("gen-tests", GenTestsCommand::new);
    all.put("bench", BenchCommand::new);
    return Collections.unmodifiableMap(all);
  }

  /**
   * Registers the subcommand the command line names first, or all of them when it names
   * none (help, usage, a misspelling that needs suggestions). Picocli builds a command's
   * model from its annotations by reflection, about 10 ms a command on a fresh JVM, and a
   * run needs only one.
   */
  private static void addSubcommands(CommandLine cl, String[] args) {
    String named = args.length > 0 ? args[0] : "";
    boolean one = SUBCOMMANDS.containsKey(named) && !named.equals("help");
    SUBCOMMANDS.forEach((name, make) -> {
      if (!one || name.equals(named)) {
        cl.addSubcommand(name, make.get());
      }
    });
    hide(cl, "check", "--dtype");
    hide(cl, "eval", EvalCommand.TRAINING_ONLY);
  }

  /**
   * Hides options a shared mixin gives a subcommand where they do not apply (the command
   * refuses them if given), so its help does not offer them.
   */
  private static void hide(CommandLine cl, String subcommand, String... options) {
    CommandLine sub = cl.getSubcommands().get(subcommand);
    if (sub == null) {
      return;
    }
    CommandSpec spec = sub.getCommandSpec();
    for (String name : options) {
      OptionSpec option = spec.findOption(name);
      if (option != null && !option.hidden()) {
        spec.remove(option);
        spec.addOption(option.toBuilder().hidden(true).build());
      }
    }
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
