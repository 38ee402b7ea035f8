package org.pcg.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The op catalogue: every operation a model file can call, by name. This is the only place
 * the compiler learns what ops exist; the front end, the passes and the code generator all
 * ask it. Adding an op means adding its class (shape rule and code generation) to one of the
 * families listed here.
 *
 * <p>{@code zeros} and {@code ones} are not ops but constant constructors (they make clamped
 * leaves); they are listed in {@link #CONSTRUCTORS} so that "did you mean" can suggest them.
 */
public final class OpCatalog {

  /** Names the front end turns into constants rather than op applications. */
  public static final Set<String> CONSTRUCTORS = Set.of("zeros", "ones");

  private static final Map<String, Op> OPS = build();

  private OpCatalog() {}

  private static Map<String, Op> build() {
    List<Op> all = new ArrayList<>();
    all.addAll(Elementwise.all());
    all.add(new MatMul());
    all.addAll(Reduce.all());
    all.addAll(Softmax.all());
    all.addAll(ShapeOps.all());
    all.addAll(VisionOps.all());
    all.add(new LayerNorm());
    Map<String, Op> byName = new LinkedHashMap<>();
    for (Op op : all) {
      if (byName.put(op.name(), op) != null) {
        throw new IllegalStateException("op defined twice: " + op.name());
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The op called {@code name}, or null. */
  public static Op lookup(String name) {
    return OPS.get(name);
  }

  /** The op called {@code name}; for the compiler's own use of ops it knows exist. */
  public static Op get(String name) {
    Op op = OPS.get(name);
    if (op == null) {
      throw new IllegalArgumentException("no op " + name);
    }
    return op;
  }

  /** Every op, in catalogue order. */
  public static List<Op> all() {
    return List.copyOf(OPS.values());
  }
}
