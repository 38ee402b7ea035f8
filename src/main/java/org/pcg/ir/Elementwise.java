package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * Elementwise ops. Unary functions keep their argument's shape; binary arithmetic
 * broadcasts (see {@link Broadcast}). Each op's code is two formulas: its value and its
 * gradient contribution {@code g * f'}, written in terms of the argument elements, the
 * value {@code y} and the sent-back element {@code g}; the code generator wraps them in
 * loops.
 */
public final class Elementwise {

  /** sqrt(2 / pi), the scale inside the tanh approximation of GELU. */
  private static final double GELU_SCALE = Math.sqrt(2.0 / Math.PI);

  /** The cubic coefficient of the tanh approximation of GELU. */
  private static final double GELU_CUBIC = 0.044715;

  private Elementwise() {}

  /** A function of one tensor applied to every element. */
  public static final class Unary extends BaseOp {
    private final OpCodegen codegen;

    Unary(String name, String summary, OpCodegen codegen, AttrSpec... attributes) {
      super(name, summary, 1, 1, attributes);
      this.codegen = codegen;
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) {
      return args.get(0);
    }

    @Override
    public OpCodegen codegen() {
      return codegen;
    }
  }

  /** Arithmetic on two tensors with broadcasting; {@code symbol} is its operator, if any. */
  public static final class Binary extends BaseOp {
    private final String symbol;
    private final OpCodegen codegen;

    Binary(String name, String symbol, String summary, OpCodegen codegen) {
      super(name, summary, 2, 2);
      this.symbol = symbol;
      this.codegen = codegen;
    }

    /** The infix operator that writes this op in a model file. */
    public String symbol() {
      return symbol;
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      return Broadcast.shape(symbol, args.get(0), args.get(1));
    }

    @Override
    public OpCodegen codegen() {
      return codegen;
    }
  }

  static List<Op> all() {
    return List.of(
        new Binary("add", "+", "Sum of two tensors, broadcasting.", OpCodegen.binary(
            (e, a, b) -> CodeBlock.of("$L$W+ $L", a, b),
            (e, a, b, y, g) -> g,
            (e, a, b, y, g) -> g)),
        new Binary("sub", "-", "Difference of two tensors, broadcasting.", OpCodegen.binary(
            (e, a, b) -> CodeBlock.of("$L$W- $L", a, b),
            (e, a, b, y, g) -> g,
            (e, a, b, y, g) -> CodeBlock.of("-$L", g))),
        new Binary("mul", "*", "Elementwise product of two tensors, broadcasting.",
            OpCodegen.binary(
                (e, a, b) -> CodeBlock.of("$L$W* $L", a, b),
                (e, a, b, y, g) -> CodeBlock.of("$L * $L", g, b),
                (e, a, b, y, g) -> CodeBlock.of("$L * $L", g, a))),
        new Binary("div", "/", "Elementwise quotient of two tensors, broadcasting.",
            OpCodegen.binary(
                (e, a, b) -> CodeBlock.of("$L$W/ $L", a, b),
                (e, a, b, y, g) -> CodeBlock.of("$L / $L", g, b),
                (e, a, b, y, g) -> CodeBlock.of("-$L * $L$W/ $L", g, y, b))),
        new Unary("neg", "Negation; written as unary minus.", OpCodegen.unary(
            (e, x) -> CodeBlock.of("-$L", x),
            (e, x, y, g) -> CodeBlock.of("-$L", g))),
        new Unary("id", "Identity; the vertex levelling inserts on short paths.",
            ShapeOps.WHOLE),
        new Unary("tanh", "Hyperbolic tangent.", OpCodegen.unary(
            (e, x) -> e.math("tanh", x),
            (e, x, y, g) -> CodeBlock.of("$L *$W($L - $L * $L)", g, e.lit(1), y, y))),
        new Unary("sigmoid", "Logistic function 1 / (1 + exp(-x)).", OpCodegen.unary(
            (e, x) -> CodeBlock.of("$L / ($L + $L)", e.lit(1), e.lit(1),
                e.math("exp", CodeBlock.of("-$L", x))),
            (e, x, y, g) -> CodeBlock.of("$L * $L *$W($L - $L)", g, y, e.lit(1), y))),
        new Unary("relu", "max(x, 0).", OpCodegen.unary(
            (e, x) -> e.math("max", x, e.lit(0)),
            (e, x, y, g) -> e.kernel("reluGrad", x, g))),
        new Unary("leaky_relu", "x for x > 0, slope * x otherwise.", OpCodegen.unary(
            (e, x) -> CodeBlock.of("$L > $L$W? $L$W: $L * $L", x, e.lit(0), x,
                e.lit(e.attrs().getFloat("slope")), x),
            (e, x, y, g) -> CodeBlock.of("$L > $L$W? $L$W: $L * $L", x, e.lit(0), g,
                e.lit(e.attrs().getFloat("slope")), g)),
            AttrSpec.optional("slope", AttrSpec.Type.FLOAT, 0.01)),
        new Unary("elu", "x for x > 0, alpha * (exp(x) - 1) otherwise.", OpCodegen.unary(
            (e, x) -> CodeBlock.of("$L > $L$W? $L$W: $L * $L", x, e.lit(0), x,
                e.lit(e.attrs().getFloat("alpha")), e.math("expm1", x)),
            (e, x, y, g) -> CodeBlock.of("$L > $L$W? $L$W: $L * ($L + $L)", x, e.lit(0), g,
                g, y, e.lit(e.attrs().getFloat("alpha")))),
            AttrSpec.optional("alpha", AttrSpec.Type.FLOAT, 1.0)),
        new Unary("gelu", "Gaussian error linear unit, tanh approximation.",
            OpCodegen.unary(Elementwise::gelu, Elementwise::geluVjp)),
        new Unary("softplus", "log(1 + exp(x)), computed without overflow.", OpCodegen.unary(
            (e, x) -> CodeBlock.of("$L$W+ $L", e.math("max", x, e.lit(0)),
                e.math("log1p", e.math("exp", CodeBlock.of("-$L", e.math("abs", x))))),
            (e, x, y, g) -> CodeBlock.of("$L / ($L + $L)", g, e.lit(1),
                e.math("exp", CodeBlock.of("-$L", x))))),
        new Unary("exp", "Exponential.", OpCodegen.unary(
            (e, x) -> e.math("exp", x),
            (e, x, y, g) -> CodeBlock.of("$L * $L", g, y))),
        new Unary("log", "Natural logarithm.", OpCodegen.unary(
            (e, x) -> e.math("log", x),
            (e, x, y, g) -> CodeBlock.of("$L / $L", g, x))),
        new Unary("sqrt", "Square root.", OpCodegen.unary(
            (e, x) -> e.math("sqrt", x),
            (e, x, y, g) -> CodeBlock.of("$L / ($L * $L)", g, e.lit(2), y))),
        new Unary("square", "x * x.", OpCodegen.unary(
            (e, x) -> CodeBlock.of("$L * $L", x, x),
            (e, x, y, g) -> CodeBlock.of("$L * $L * $L", e.lit(2), g, x))),
        new Unary("abs", "Absolute value.", OpCodegen.unary(
            (e, x) -> e.math("abs", x),
            (e, x, y, g) -> CodeBlock.of("$L * $L", g, e.math("signum", x)))));
  }

  /** 0.5 x (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3). */
  private static CodeBlock gelu(OpEmit e, CodeBlock x) {
    return CodeBlock.of("$L * $L *$W($L + $L)", e.lit(0.5), x, e.lit(1),
        e.math("tanh", geluInner(e, x)));
  }

  /**
   * g times the derivative 0.5 (1 + t) + 0.5 x (1 - t^2) u'(x), with t = tanh(u) and
   * u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2).
   */
  private static CodeBlock geluVjp(OpEmit e, CodeBlock x, CodeBlock y, CodeBlock g) {
    CodeBlock t = e.math("tanh", geluInner(e, x));
    CodeBlock slope = CodeBlock.of("$L *$W($L + $L * $L * $L)", e.lit(GELU_SCALE),
        e.lit(1), e.lit(3 * GELU_CUBIC), x, x);
    return CodeBlock.of("$L * $L *$W($L + $L$W+ $L *$W($L$W- $L$W* $L)$W* $L)", g, e.lit(0.5),
        e.lit(1), t, x, e.lit(1), t, t, slope);
  }

  private static CodeBlock geluInner(OpEmit e, CodeBlock x) {
    return CodeBlock.of("$L *$W($L$W+ $L * $L * $L * $L)", e.lit(GELU_SCALE), x,
        e.lit(GELU_CUBIC), x, x, x);
  }
}
