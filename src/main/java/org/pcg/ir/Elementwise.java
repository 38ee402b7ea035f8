package org.pcg.ir;

import java.util.List;

/**
 * Elementwise ops. Unary functions keep their argument's shape; binary arithmetic
 * broadcasts (see {@link Broadcast}).
 */
public final class Elementwise {

  private Elementwise() {}

  /** A function of one tensor applied to every element. */
  public static final class Unary extends BaseOp {
    Unary(String name, String summary, AttrSpec... attributes) {
      super(name, summary, 1, 1, attributes);
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) {
      return args.get(0);
    }
  }

  /** Arithmetic on two tensors with broadcasting; {@code symbol} is its operator, if any. */
  public static final class Binary extends BaseOp {
    private final String symbol;

    Binary(String name, String symbol, String summary) {
      super(name, summary, 2, 2);
      this.symbol = symbol;
    }

    /** The infix operator that writes this op in a model file. */
    public String symbol() {
      return symbol;
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      return Broadcast.shape(symbol, args.get(0), args.get(1));
    }
  }

  static List<Op> all() {
    return List.of(
        new Binary("add", "+", "Sum of two tensors, broadcasting."),
        new Binary("sub", "-", "Difference of two tensors, broadcasting."),
        new Binary("mul", "*", "Elementwise product of two tensors, broadcasting."),
        new Binary("div", "/", "Elementwise quotient of two tensors, broadcasting."),
        new Unary("neg", "Negation; written as unary minus."),
        new Unary("id", "Identity; the vertex levelling inserts on short paths."),
        new Unary("tanh", "Hyperbolic tangent."),
        new Unary("sigmoid", "Logistic function 1 / (1 + exp(-x))."),
        new Unary("relu", "max(x, 0)."),
        new Unary("leaky_relu", "x for x > 0, slope * x otherwise.",
            AttrSpec.optional("slope", AttrSpec.Type.FLOAT, 0.01)),
        new Unary("elu", "x for x > 0, alpha * (exp(x) - 1) otherwise.",
            AttrSpec.optional("alpha", AttrSpec.Type.FLOAT, 1.0)),
        new Unary("gelu", "Gaussian error linear unit, tanh approximation."),
        new Unary("softplus", "log(1 + exp(x)), computed without overflow."),
        new Unary("exp", "Exponential."),
        new Unary("log", "Natural logarithm."),
        new Unary("sqrt", "Square root."),
        new Unary("square", "x * x."),
        new Unary("abs", "Absolute value."));
  }
}
