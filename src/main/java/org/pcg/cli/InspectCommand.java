package org.pcg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.pcg.ir.Graph;
import org.pcg.ir.Loss;
import org.pcg.ir.Node;
import org.pcg.ir.Param;
import org.pcg.ir.Vertex;
import org.pcg.passes.Compiled;
import org.pcg.passes.Levelling;
import org.pcg.passes.Passes;
import org.pcg.passes.Schedule;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pcg inspect}: what the compiler made of a model file, for a model author. Shows the
 * declarations, every vertex with its shape, level and expression, the identities levelling
 * inserted and the Z-IL parameter schedule.
 */
@Command(
    name = "inspect",
    description = "Shows a model after the passes: shapes, levels, levelling identities and"
        + " the Z-IL parameter schedule.")
public final class InspectCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Parameters(paramLabel = "MODEL", description = "The model file (.pcg).")
  private Path model;

  @Option(names = "--no-level",
      description = "Skip levelling; show the schedule of the graph as written.")
  private boolean noLevel;

  @Override
  public Integer call() {
    Compiled compiled = Passes.run(load(model, spec.commandLine().getErr()), !noLevel);
    print(compiled, spec.commandLine().getOut());
    return Main.OK;
  }

  /** The graph of a model file, printing the front end's warnings; errors are thrown. */
  static Graph load(Path model, PrintWriter err) {
    Diagnostics diagnostics = new Diagnostics();
    Graph g = Frontend.load(model, diagnostics);
    DiagnosticPrinter.print(diagnostics.all(), err);
    return g;
  }

  /** Prints the report of {@code c}. */
  static void print(Compiled c, PrintWriter out) {
    printHeader(c, out);
    printLeaves(c.graph(), out);
    printParams(c.graph(), out);
    printVertices(c, out);
    printLevelling(c, out);
    printSchedule(c.schedule(), out);
    out.flush();
  }

  private static void printHeader(Compiled c, PrintWriter out) {
    Graph g = c.graph();
    Loss loss = g.loss();
    out.println("model " + g.name() + " (" + g.sourceFile() + ")");
    out.println("loss " + loss.kind().spelling() + "(" + loss.output() + ", " + loss.target()
        + "), " + (loss.mean() ? "mean" : "sum") + " over the batch");
    out.println(levellingSummary(c));
  }

  private static String levellingSummary(Compiled c) {
    String levels = "; levels 0.." + c.schedule().maxLevel();
    if (!c.levelled()) {
      long longEdges = c.schedule().edgeSpans().stream().filter(e -> e.span() > 1).count();
      return "levelling off: " + plural(longEdges, "edge") + (longEdges == 1 ? " spans" : " span")
          + " more than one level" + levels;
    }
    if (c.insertions().isEmpty()) {
      return "levelling on: no identities needed" + levels;
    }
    return "levelling on: " + plural(c.identityCount(), "identity") + " on "
        + plural(c.insertions().size(), "edge") + levels;
  }

  private static void printLeaves(Graph g, PrintWriter out) {
    Table table = new Table("kind", "name", "shape", "value");
    for (Vertex v : g.vertices()) {
      if (v.isLeaf()) {
        String value = v.expr() == null ? "" : Expressions.format(v.expr());
        table.row(kindWord(v.kind()), v.name(), v.shape().toString(), value);
      }
    }
    section(out, "leaves (clamped: never inferred or learned)", table);
  }

  private static void printParams(Graph g, PrintWriter out) {
    Table table = new Table("name", "shape", "init", "read by");
    for (Param p : g.params()) {
      table.row(p.name(), p.shape().toString(), p.init().toString(), readers(g, p.name()));
    }
    section(out, "parameters", table);
  }

  private static String readers(Graph g, String param) {
    List<String> names = g.vertices().stream()
        .filter(v -> v.params().contains(param)).map(Vertex::name).toList();
    if (names.size() <= 3) {
      return names.isEmpty() ? "(nothing)" : String.join(", ", names);
    }
    return String.join(", ", names.subList(0, 2)) + " and " + (names.size() - 2) + " more";
  }

  private static void printVertices(Compiled c, PrintWriter out) {
    Table table = new Table("level", "name", "shape", "expression");
    for (Vertex v : c.graph().vertices()) {
      if (!v.isLeaf()) {
        table.row(Integer.toString(c.schedule().level(v.name())), v.name(),
            v.shape().toString(), Expressions.format(v.expr()));
      }
    }
    section(out, "vertices (level = steps from the output)", table);
  }

  private static void printLevelling(Compiled c, PrintWriter out) {
    if (!c.levelled()) {
      printLongEdges(c.schedule(), out);
      return;
    }
    if (c.insertions().isEmpty()) {
      out.println();
      out.println("levelling inserted no identities: every path to the output has one length");
      return;
    }
    Table table = new Table("edge", "span", "identities");
    for (Levelling.Insertion ins : c.insertions()) {
      table.row(ins.from() + " -> " + ins.to(), Integer.toString(ins.count() + 1),
          String.join(", ", ins.names()));
    }
    section(out, "identities inserted by levelling", table);
  }

  private static void printLongEdges(Schedule s, PrintWriter out) {
    Table table = new Table("edge", "span");
    for (Schedule.EdgeSpan e : s.edgeSpans()) {
      if (e.span() > 1) {
        table.row(e.from() + " -> " + e.to(), Integer.toString(e.span()));
      }
    }
    if (table.isEmpty()) {
      out.println();
      out.println("levelling is off, and every path to the output already has one length");
      return;
    }
    section(out, "edges spanning more than one level (Z-IL is not exact across them)", table);
  }

  private static void printSchedule(Schedule s, PrintWriter out) {
    Table table = new Table("step", "param", "vertex");
    for (Schedule.ParamUse use : s.paramUses()) {
      table.row(Integer.toString(use.step()), use.param(), use.vertex());
    }
    if (table.isEmpty()) {
      out.println();
      out.println("parameter schedule: the model has no parameters");
      return;
    }
    section(out, "parameter schedule (Z-IL applies each use at step = its vertex's level)",
        table);
  }

  private static void section(PrintWriter out, String title, Table table) {
    out.println();
    out.println(title);
    table.print(out, "  ");
  }

  private static String kindWord(Vertex.Kind kind) {
    return switch (kind) {
      case INPUT -> "input";
      case TARGET -> "target";
      case CONSTANT -> "const";
      case STATEMENT -> "stmt";
      case IDENTITY -> "identity";
    };
  }

  private static String plural(long n, String word) {
    if (n == 1) {
      return "1 " + word;
    }
    return n + " " + (word.endsWith("y") ? word.substring(0, word.length() - 1) + "ies"
        : word + "s");
  }

  /** Rows of text printed in aligned columns; the last column is never padded. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
      this.columns = headers.length;
      rows.add(headers);
    }

    void row(String... cells) {
      if (cells.length != columns) {
        throw new IllegalArgumentException(columns + " cells expected, got " + cells.length);
      }
      rows.add(cells);
    }

    boolean isEmpty() {
      return rows.size() == 1;
    }

    void print(PrintWriter out, String indent) {
      int[] widths = new int[columns];
      for (String[] row : rows) {
        for (int i = 0; i < columns; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        out.println(indent + line(row, widths));
      }
    }

    private String line(String[] row, int[] widths) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < columns - 1; i++) {
        sb.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      return sb.append(row[columns - 1]).toString().stripTrailing();
    }
  }

  /**
   * Expressions written back in model syntax, with infix operators and only the parentheses
   * precedence needs: {@code tanh(W1 @ image + b1)} rather than the IR's call form.
   */
  static final class Expressions {
    private static final int ADD = 1;
    private static final int MUL = 2;
    private static final int UNARY = 3;
    private static final int ATOM = 4;

    private Expressions() {}

    static String format(Node n) {
      return write(n).text;
    }

    private record Written(String text, int precedence) {}

    private static Written write(Node n) {
      if (n instanceof Node.VertexRef r) {
        return new Written(r.vertex(), ATOM);
      }
      if (n instanceof Node.ParamRef p) {
        return new Written(p.param(), ATOM);
      }
      if (n instanceof Node.Constant c) {
        return constant(c);
      }
      return apply((Node.Apply) n);
    }

    private static Written apply(Node.Apply a) {
      return switch (a.op().name()) {
        case "add" -> infix(a, " + ", ADD);
        case "sub" -> infix(a, " - ", ADD);
        case "mul" -> infix(a, " * ", MUL);
        case "div" -> infix(a, " / ", MUL);
        case "matmul" -> infix(a, " @ ", MUL);
        case "neg" -> new Written("-" + operand(a.args().get(0), UNARY), UNARY);
        case "index" -> indexed(a, Integer.toString(a.attrs().getInt("index")));
        case "slice" -> indexed(a, ranges(a));
        default -> call(a);
      };
    }

    /** Left-associative: the right operand needs parentheses at equal precedence. */
    private static Written infix(Node.Apply a, String symbol, int precedence) {
      String left = operand(a.args().get(0), precedence);
      String right = operand(a.args().get(1), precedence + 1);
      return new Written(left + symbol + right, precedence);
    }

    private static String operand(Node n, int needed) {
      Written w = write(n);
      return w.precedence >= needed ? w.text : "(" + w.text + ")";
    }

    private static Written indexed(Node.Apply a, String inside) {
      return new Written(operand(a.args().get(0), ATOM) + "[" + inside + "]", ATOM);
    }

    private static String ranges(Node.Apply a) {
      int[] starts = a.attrs().getInts("starts");
      int[] ends = a.attrs().getInts("ends");
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < starts.length; i++) {
        parts.add(starts[i] + ":" + ends[i]);
      }
      return String.join(", ", parts);
    }

    private static Written call(Node.Apply a) {
      List<String> parts = new ArrayList<>();
      a.args().forEach(arg -> parts.add(write(arg).text));
      a.attrs().asMap().forEach((k, v) ->
          parts.add(k + "=" + (v instanceof int[] ints ? Arrays.toString(ints) : v)));
      return new Written(a.op().name() + "(" + String.join(", ", parts) + ")", ATOM);
    }

    private static Written constant(Node.Constant c) {
      String value = number(c.value());
      if (c.shape().isScalar()) {
        return new Written(value, c.value() < 0 ? UNARY : ATOM);
      }
      if (c.value() == 0 || c.value() == 1) {
        return new Written((c.value() == 0 ? "zeros(" : "ones(") + c.shape() + ")", ATOM);
      }
      return new Written(value + " * ones(" + c.shape() + ")", MUL);
    }

    private static String number(double v) {
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        return Long.toString((long) v);
      }
      return Double.toString(v);
    }
  }
}
