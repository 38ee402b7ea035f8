package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Equivalence;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * Z-IL equals BP on random model files: skip connections of different lengths,
 * multiplicative interactions between two activations, a parameter shared by vertices at
 * different levels, and an output reached by several paths. Each model goes through the
 * whole compiler (parse, lowering, levelling, code generation, javac) in double.
 */
class ZilProperties {

  /** Scheduled Z-IL does BP's arithmetic, possibly summed in another order. */
  private static final double SCHEDULED_TOLERANCE = 1e-12;
  /** Faithful Z-IL runs the PC dynamics on every vertex; rounding only. */
  private static final double FAITHFUL_TOLERANCE = 1e-10;
  /** Each try runs javac once; this many keep the property under half a minute. */
  private static final int TRIES = 25;
  private static final int BATCH = 3;

  @Property(tries = TRIES, seed = "20261203", edgeCases = EdgeCasesMode.NONE)
  void zilUpdatesEqualBpOnRandomModels(@ForAll @LongRange(min = 1) long modelSeed) {
    String text = RandomModel.write(new Random(modelSeed));
    Diagnostics diagnostics = new Diagnostics();
    Graph graph = Frontend.compile("random.pcg", text, diagnostics);
    assertThat(graph).as("%s%n%s", diagnostics.all(), text).isNotNull();
    CompiledModel model = ModelCompiler.compile(graph, DType.F64,
        ModelCompiler.Options.defaults()).create(BATCH, modelSeed);
    SyntheticBatch.load(model, BATCH, modelSeed);

    double[][] bp = Equivalence.updates(model, Algorithm.BP, PcOptions.defaults());
    double[][] zil = Equivalence.updates(model, Algorithm.ZIL, PcOptions.defaults());
    double[][] faithful =
        Equivalence.updates(model, Algorithm.ZIL_FAITHFUL, PcOptions.defaults());

    assertThat(Equivalence.maxRelative(Equivalence.compare(model.info(), zil, bp)))
        .as("scheduled Z-IL vs BP on%n%s", text).isLessThanOrEqualTo(SCHEDULED_TOLERANCE);
    assertThat(Equivalence.maxRelative(Equivalence.compare(model.info(), faithful, bp)))
        .as("faithful Z-IL vs BP on%n%s", text).isLessThanOrEqualTo(FAITHFUL_TOLERANCE);
  }

  /** Writes the text of a random model file. */
  static final class RandomModel {
    private static final String[] ACTIVATIONS = {"tanh", "sigmoid", "softplus", ""};

    private final Random random;
    private final int dim;
    private final StringBuilder params = new StringBuilder();
    private final StringBuilder statements = new StringBuilder();
    private final List<String> sources = new ArrayList<>(List.of("x"));
    private final Set<String> unread = new HashSet<>();
    private int nextParam;

    private RandomModel(Random random) {
      this.random = random;
      this.dim = 2 + random.nextInt(3);
    }

    static String write(Random random) {
      RandomModel m = new RandomModel(random);
      int vertices = 2 + random.nextInt(6);
      for (int i = 1; i <= vertices; i++) {
        m.vertex("v" + i);
      }
      return m.finish();
    }

    /** A vertex reading one to three earlier vertices, maybe through the shared S. */
    private void vertex(String name) {
      List<String> terms = new ArrayList<>();
      int reads = 1 + random.nextInt(3);
      for (int r = 0; r < reads; r++) {
        terms.add(term(pick()));
      }
      if (random.nextBoolean()) {
        terms.set(0, "(" + terms.get(0) + ") * " + activation(pick()));
      }
      String body = String.join(" + ", terms);
      String act = ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
      statements.append("  ").append(name).append(" = ")
          .append(act.isEmpty() ? body : act + "(" + body + ")").append('\n');
      sources.add(name);
      unread.add(name);
    }

    /** A read of {@code source}: through a fresh matrix, the shared S, or directly. */
    private String term(String source) {
      return switch (random.nextInt(3)) {
        case 0 -> freshMatrix() + " @ " + source;
        case 1 -> "S @ " + source;
        default -> source;
      };
    }

    private String activation(String source) {
      return "tanh(" + source + ")";
    }

    /** Any earlier vertex or the input: skips of every length. */
    private String pick() {
      String s = sources.get(random.nextInt(sources.size()));
      unread.remove(s);
      return s;
    }

    private String freshMatrix() {
      String p = "W" + (++nextParam);
      params.append("  param ").append(p).append(" : [").append(dim).append(", ")
          .append(dim).append("] init glorot\n");
      return p;
    }

    /** The output reads every vertex nothing else read, and the last: several paths. */
    private String finish() {
      unread.add(sources.get(sources.size() - 1));
      List<String> terms = new ArrayList<>();
      for (String s : sources) {
        if (unread.contains(s)) {
          terms.add(freshMatrix() + " @ " + s);
        }
      }
      statements.append("  out = ").append(String.join(" + ", terms)).append('\n');
      return "model random {\n  input x : [" + dim + "]\n  target y : [" + dim + "]\n"
          + "  param S : [" + dim + ", " + dim + "] init glorot\n" + params + statements
          + "  loss mse(out, y)\n}\n";
    }
  }
}
