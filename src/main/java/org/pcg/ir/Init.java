package org.pcg.ir;

import java.util.List;

/**
 * How a parameter starts. Fan-in and fan-out come from the shape: for [out, in, k...] fan-in
 * is in * k... and fan-out is out * k...; a vector has fan-in = fan-out = its length.
 *
 * @param kind the initialiser
 * @param args its numeric arguments (constant: value; uniform: low, high; normal: mean, std)
 */
public record Init(Kind kind, List<Double> args) {

  /** The initialisers a model file can name. */
  public enum Kind {
    ZEROS(0), ONES(0), CONSTANT(1), UNIFORM(2), NORMAL(2), GLOROT(0), HE(0), ORTHOGONAL(0);

    private final int arity;

    Kind(int arity) {
      this.arity = arity;
    }

    /** Number of numeric arguments it takes. */
    public int arity() {
      return arity;
    }

    /** The name in model files; glorot and he also answer to xavier and kaiming. */
    public String spelling() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final Init ZEROS = new Init(Kind.ZEROS, List.of());

  public Init {
    args = List.copyOf(args);
    if (args.size() != kind.arity()) {
      throw new IllegalArgumentException(kind + " takes " + kind.arity() + " arguments");
    }
  }

  @Override
  public String toString() {
    if (args.isEmpty()) {
      return kind.spelling();
    }
    StringBuilder sb = new StringBuilder(kind.spelling()).append('(');
    for (int i = 0; i < args.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(args.get(i));
    }
    return sb.append(')').toString();
  }
}
