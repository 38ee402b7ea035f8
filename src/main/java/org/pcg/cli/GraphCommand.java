package org.pcg.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.pcg.ir.Graph;
import org.pcg.ir.Vertex;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.passes.Schedule;
import org.pcg.runtime.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pcg graph}: draws a model as Graphviz DOT, as written and after levelling, with
 * levels as ranks, so that skip connections and the identities that lengthen them can be
 * seen. Renders SVG as well when Graphviz's {@code dot} is installed.
 */
@Command(
    name = "graph",
    description = "Writes NAME.dot (the graph as written) and NAME.levelled.dot (after"
        + " levelling), and their SVGs when Graphviz 'dot' is on the PATH.")
public final class GraphCommand implements Callable<Integer> {

  private static final long DOT_TIMEOUT_SECONDS = 120;

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Parameters(paramLabel = "MODEL", description = "The model file (.pcg).")
  private Path model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
      description = "Directory to write into (default: the current one).")
  private Path outputDir;

  @Override
  public Integer call() {
    if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw new UserError("-o " + outputDir + " is a file; pcg graph writes two .dot files"
          + " (and SVGs) into a directory", Main.USAGE);
    }
    Compiled c = Passes.run(InspectCommand.load(model, spec.commandLine().getErr()), true);
    String stem = fileStem(c.graph().name());
    Path original = outputDir.resolve(stem + ".dot");
    Path levelled = outputDir.resolve(stem + ".levelled.dot");
    write(original, dot(c.original(), Schedule.of(c.original()), false));
    write(levelled, dot(c.graph(), c.schedule(), true));
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + original);
    out.println("wrote " + levelled);
    renderAll(List.of(original, levelled), out);
    return Main.OK;
  }

  private void renderAll(List<Path> dotFiles, PrintWriter out) {
    Path dot = findOnPath("dot");
    if (dot == null) {
      spec.commandLine().getErr().println(
          "pcg: note: Graphviz 'dot' is not on the PATH; no SVG written");
      return;
    }
    for (Path file : dotFiles) {
      Path svg = Path.of(file.toString().replaceFirst("\\.dot$", ".svg"));
      render(dot, file, svg);
      out.println("wrote " + svg);
    }
  }

  /** A model name as a file name: model names are identifiers, but the file is untrusted. */
  static String fileStem(String modelName) {
    String stem = modelName.replaceAll("[^A-Za-z0-9_.-]", "_");
    return stem.isEmpty() || stem.startsWith(".") ? "model" + stem : stem;
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot write " + file + ": " + DataException.describe(e));
    }
  }

  /** The executable {@code program} in a directory of the PATH, or null. */
  static Path findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs {@code dot -Tsvg}; a failure is reported with dot's own first line of complaint. */
  static void render(Path dot, Path input, Path svg) {
    ProcessBuilder pb = new ProcessBuilder(dot.toString(), "-Tsvg", input.toString(), "-o",
        svg.toString()).redirectErrorStream(true);
    try {
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(DOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new UserError("dot took longer than " + DOT_TIMEOUT_SECONDS + " s on " + input);
      }
      if (p.exitValue() != 0) {
        throw new UserError("dot failed on " + input + ": " + output.lines().findFirst()
            .orElse("exit code " + p.exitValue()));
      }
    } catch (IOException e) {
      throw new UserError("cannot run " + dot + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while running dot");
    }
  }

  /**
   * The DOT text of {@code g}: data leaves as boxes, statements as ellipses, levelling
   * identities as small dashed circles, the loss as its own node, and one rank per level
   * with a level ruler down the left. Edges spanning more than one level are drawn red.
   */
  static String dot(Graph g, Schedule s, boolean levelled) {
    StringBuilder sb = new StringBuilder();
    String title = g.name() + (levelled ? " (levelled)" : "");
    sb.append("digraph ").append(quote(title)).append(" {\n");
    sb.append("  graph [fontname=\"Helvetica\", nodesep=0.3, ranksep=0.45];\n");
    sb.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
    sb.append("  edge [arrowsize=0.7];\n");
    appendRuler(sb, s);
    for (Vertex v : g.vertices()) {
      sb.append("  ").append(quote(v.name())).append(' ').append(style(v)).append(";\n");
    }
    appendEdges(sb, g, s);
    appendLoss(sb, g);
    appendRanks(sb, s);
    return sb.append("}\n").toString();
  }

  /** Plaintext "level k" nodes chained invisibly, one per rank, highest level on top. */
  private static void appendRuler(StringBuilder sb, Schedule s) {
    for (int level = s.maxLevel(); level >= 0; level--) {
      sb.append("  ").append(quote(rulerId(level)))
          .append(" [shape=plaintext, fontcolor=gray40, label=")
          .append(quote("level " + level)).append("];\n");
    }
    for (int level = s.maxLevel(); level > 0; level--) {
      sb.append("  ").append(quote(rulerId(level))).append(" -> ")
          .append(quote(rulerId(level - 1))).append(" [style=invis];\n");
    }
  }

  /** Ids of nodes that are not vertices start with '#', which no vertex name contains. */
  private static String rulerId(int level) {
    return "#level " + level;
  }

  private static String style(Vertex v) {
    return switch (v.kind()) {
      case INPUT -> "[shape=box, style=filled, fillcolor=\"#dbe8f5\", label="
          + quote(v.name() + "\n" + v.shape()) + "]";
      case TARGET -> "[shape=box, style=filled, fillcolor=\"#f5e3d7\", label="
          + quote(v.name() + "\n" + v.shape()) + "]";
      case CONSTANT -> "[shape=box, style=\"rounded,dashed\", label="
          + quote(v.name() + "\n" + InspectCommand.Expressions.format(v.expr())) + "]";
      case IDENTITY -> "[shape=circle, style=dashed, color=gray50, fontcolor=gray40,"
          + " fontsize=9, width=0.35, fixedsize=true, label=\"id\", tooltip="
          + quote(v.name()) + "]";
      case STATEMENT -> "[shape=ellipse, label=" + quote(statementLabel(v)) + ", tooltip="
          + quote(v.name() + " = " + InspectCommand.Expressions.format(v.expr())) + "]";
    };
  }

  private static String statementLabel(Vertex v) {
    String expr = InspectCommand.Expressions.format(v.expr());
    String shown = expr.length() <= 40 ? expr : expr.substring(0, 37) + "...";
    return v.name() + "  " + v.shape() + "\n" + shown;
  }

  private static void appendEdges(StringBuilder sb, Graph g, Schedule s) {
    for (Vertex w : g.vertices()) {
      for (String u : w.inputs()) {
        sb.append("  ").append(quote(u)).append(" -> ").append(quote(w.name()));
        boolean spansLevels = s.hasLevel(u) && s.level(u) - s.level(w.name()) > 1;
        sb.append(spansLevels ? " [color=red, penwidth=1.5]" : "").append(";\n");
      }
    }
  }

  private static void appendLoss(StringBuilder sb, Graph g) {
    String loss = quote("#loss");
    sb.append("  ").append(loss).append(" [shape=octagon, label=")
        .append(quote("loss " + g.loss().kind().spelling())).append("];\n");
    sb.append("  ").append(quote(g.loss().output())).append(" -> ").append(loss).append(";\n");
    sb.append("  ").append(quote(g.loss().target())).append(" -> ").append(loss)
        .append(" [style=dashed];\n");
  }

  private static void appendRanks(StringBuilder sb, Schedule s) {
    Map<String, Integer> levels = s.levels();
    for (int level = s.maxLevel(); level >= 0; level--) {
      sb.append("  { rank=same; ").append(quote(rulerId(level))).append(';');
      for (Map.Entry<String, Integer> e : levels.entrySet()) {
        if (e.getValue() == level) {
          sb.append(' ').append(quote(e.getKey())).append(';');
        }
      }
      sb.append(" }\n");
    }
  }

  /**
   * A DOT quoted string. Names come from model files, so quotes and backslashes are escaped
   * and control characters replaced; our own line breaks become DOT's {@code \n}.
   */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch == '\n') {
        sb.append("\\n");
      } else {
        sb.append(Character.isISOControl(ch) ? ' ' : ch);
      }
    }
    return sb.append('"').toString();
  }
}
