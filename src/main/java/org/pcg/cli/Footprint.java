package org.pcg.cli;

import java.util.Locale;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.ir.Vertex;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;

/**
 * The memory a model's buffers take for a batch size, checked before a generated class
 * allocates them: an array longer than Java allows, or buffers beyond the JVM's heap, is a
 * message naming the numbers rather than a NegativeArraySizeException or an
 * OutOfMemoryError.
 */
final class Footprint {

  /** How a user gives pcg's JVM more heap, with the launcher or without it. */
  private static final String MORE_MEMORY =
      "PCG_JAVA_OPTS=-Xmx8g bin/pcg ..., or java -Xmx8g -jar target/pcg.jar ...";

  /** The longest array HotSpot allocates (a few words below Integer.MAX_VALUE). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * A generated class keeps at least a value and an error (or gradient) buffer for every
   * vertex, and a value and an update buffer for every parameter; so this many copies is a
   * lower bound, and a model refused by it would surely not fit.
   */
  private static final int COPIES = 2;

  private static final double MIB = 1 << 20;

  private Footprint() {}

  /**
   * Refuses a batch size whose buffers Java cannot index or this JVM cannot hold; call it
   * before compiling, so that the user hears at once. {@code batchFlag} is the option that
   * chose the batch size.
   */
  static void check(Graph graph, DType dtype, int batch, String batchFlag) {
    check(graph, dtype, batch, batchFlag, Runtime.getRuntime().maxMemory());
  }

  /**
   * A model for batches of {@code batch} from {@code factory}; running out of memory anyway
   * (the check's bound is a lower one) is a message too.
   */
  static CompiledModel create(ModelCompiler.Factory factory, Graph graph, int batch,
      String batchFlag, long seed) {
    try {
      return factory.create(batch, seed);
    } catch (OutOfMemoryError | NegativeArraySizeException e) {
      throw outOfMemory(graph, batch, batchFlag);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof OutOfMemoryError) {
        throw outOfMemory(graph, batch, batchFlag);
      }
      throw e;
    }
  }

  /** Refuses a batch whose arrays Java cannot index, or buffers beyond {@code maxBytes}. */
  static void check(Graph graph, DType dtype, int batch, String batchFlag, long maxBytes) {
    Vertex widest = null;
    long perBatch = 0;
    for (Vertex v : graph.vertices()) {
      if (v.batched() && (widest == null || v.shape().size() > widest.shape().size())) {
        widest = v;
      }
      perBatch += (long) v.shape().size() * (v.batched() ? batch : 1);
    }
    if (widest != null && (long) widest.shape().size() * batch > MAX_ARRAY) {
      throw new UserError(batchFlag + " " + batch + " is too large: vertex " + widest.name()
          + " (" + widest.shape().size() + " values per sample) would need "
          + (long) widest.shape().size() * batch + " elements in one array, more than Java's "
          + MAX_ARRAY + "; the largest batch this model takes is "
          + MAX_ARRAY / widest.shape().size(), Main.USAGE);
    }
    long params = graph.params().stream().mapToLong(p -> p.shape().size()).sum();
    checkMemory(graph, dtype, batch, batchFlag, maxBytes, new long[] {perBatch, params});
  }

  private static void checkMemory(Graph graph, DType dtype, int batch, String batchFlag,
      long maxBytes, long[] elements) {
    int width = dtype == DType.F64 ? Double.BYTES : Float.BYTES;
    double paramBytes = (double) COPIES * width * elements[1];
    double bytes = paramBytes + (double) COPIES * width * elements[0];
    if (bytes <= maxBytes) {
      return;
    }
    String limit = String.format(Locale.ROOT, "this JVM may use at most %.0f MiB (raise it"
        + " with %s)", maxBytes / MIB, MORE_MEMORY);
    if (paramBytes > maxBytes) {
      throw new UserError(String.format(Locale.ROOT, "model %s is too large: its %d"
          + " parameters (%s) need at least %.0f MiB; %s", graph.name(), elements[1],
          dtype.flag(), paramBytes / MIB, limit), Main.MODEL_ERROR);
    }
    throw new UserError(String.format(Locale.ROOT, "%s %d is too large: model %s needs at"
        + " least %.0f MiB of buffers (%s) for batches of %d; %s, or use a smaller %s",
        batchFlag, batch, graph.name(), bytes / MIB, dtype.flag(), batch, limit, batchFlag),
        Main.USAGE);
  }

  /** The JVM ran out anyway: the lower bound of {@link #check} was not enough. */
  private static UserError outOfMemory(Graph graph, int batch, String batchFlag) {
    return new UserError("model " + graph.name() + " does not fit in memory for batches of "
        + batch + " (this JVM may use at most "
        + String.format(Locale.ROOT, "%.0f MiB", Runtime.getRuntime().maxMemory() / MIB)
        + "): use a smaller " + batchFlag + ", or give java more memory: " + MORE_MEMORY,
        Main.RUN_FAILURE);
  }
}
