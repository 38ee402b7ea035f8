package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;

/**
 * How an op becomes Java: its forward code and the vector-Jacobian product for each
 * argument. Declared beside the op's shape rule so that adding an op touches one file; the
 * code generator in org.pcg.codegen supplies the {@link OpEmit} context that names buffers,
 * sizes and locals.
 *
 * <p>Both methods return statements. The backward code of an argument must <em>add</em> its
 * contribution to {@link OpEmit#argGrad(int)} (never overwrite it): an argument may be read
 * twice, and a parameter receives one contribution per use. The vector it multiplies,
 * {@link OpEmit#outGrad()}, is whatever the algorithm sends back (a BP delta or a
 * predictive-coding error); the code is the same for both because it is linear in it.
 *
 * <p>An op whose {@link Op#codegen()} is null can be parsed and inspected but not compiled.
 */
public interface OpCodegen {

  /** Statements that write the op's value into {@link OpEmit#out()}. */
  CodeBlock forward(OpEmit e);

  /**
   * Statements that add {@code J_arg^T outGrad} to {@link OpEmit#argGrad(int)}. Called only
   * for arguments that need a gradient; may read the forward's value and scratch buffers.
   */
  CodeBlock backward(OpEmit e, int arg);

  /**
   * Whether {@link #backward} can write every element of argument {@code arg}'s gradient
   * exactly once when {@link OpEmit#freshGrad} asks it to, so that a gradient buffer with no
   * other contributor need not be zeroed first. No, unless an op says so.
   */
  default boolean writesGrad(OpEmit e, int arg) {
    return false;
  }

  /**
   * Whether argument {@code arg}'s gradient is the sent-back vector itself, element for
   * element (as for either side of a sum), so that the code generator may let the argument
   * share the result's gradient buffer and skip {@link #backward} for it. Implies
   * {@link #writesGrad}.
   */
  default boolean passesGrad(OpEmit e, int arg) {
    return false;
  }

  /** Whether argument {@code arg} has the result's shape and batching: nothing to sum. */
  static boolean sameShape(OpEmit e, int arg) {
    return e.shape(arg).equals(e.shape()) && e.batched(arg) == e.batched();
  }

  /**
   * The code of an elementwise function of one tensor, from two formulas.
   *
   * @param value the forward value in terms of the element {@code x}
   * @param vjp the element's gradient contribution in terms of {@code x}, the forward value
   *     {@code y} and the incoming element {@code g}: {@code g * f'(x)}
   */
  static OpCodegen unary(UnaryValue value, UnaryVjp vjp) {
    return new OpCodegen() {
      @Override
      public CodeBlock forward(OpEmit e) {
        return e.map(xs -> value.of(e, xs.get(0)));
      }

      @Override
      public CodeBlock backward(OpEmit e, int arg) {
        return e.mapBack(arg, (xs, y, g) -> vjp.of(e, xs.get(0), y, g));
      }

      @Override
      public boolean writesGrad(OpEmit e, int arg) {
        return true;
      }

      @Override
      public boolean passesGrad(OpEmit e, int arg) {
        return VjpProbe.passes(g -> vjp.of(e, VjpProbe.X, VjpProbe.Y, g));
      }
    };
  }

  /**
   * The code of an elementwise function of two tensors with broadcasting, from formulas.
   *
   * @param value the forward value in terms of elements {@code a} and {@code b}
   * @param vjpA the gradient contribution to {@code a}
   * @param vjpB the gradient contribution to {@code b}
   */
  static OpCodegen binary(BinaryValue value, BinaryVjp vjpA, BinaryVjp vjpB) {
    return new OpCodegen() {
      @Override
      public CodeBlock forward(OpEmit e) {
        return e.map(xs -> value.of(e, xs.get(0), xs.get(1)));
      }

      @Override
      public CodeBlock backward(OpEmit e, int arg) {
        BinaryVjp vjp = arg == 0 ? vjpA : vjpB;
        return e.mapBack(arg, (xs, y, g) -> vjp.of(e, xs.get(0), xs.get(1), y, g));
      }

      @Override
      public boolean writesGrad(OpEmit e, int arg) {
        return sameShape(e, arg);
      }

      @Override
      public boolean passesGrad(OpEmit e, int arg) {
        BinaryVjp vjp = arg == 0 ? vjpA : vjpB;
        return sameShape(e, arg)
            && VjpProbe.passes(g -> vjp.of(e, VjpProbe.X, VjpProbe.X, VjpProbe.Y, g));
      }
    };
  }

  /** The value formula of an elementwise unary op. */
  @FunctionalInterface
  interface UnaryValue {
    CodeBlock of(OpEmit e, CodeBlock x);
  }

  /** The gradient formula of an elementwise unary op. */
  @FunctionalInterface
  interface UnaryVjp {
    CodeBlock of(OpEmit e, CodeBlock x, CodeBlock y, CodeBlock g);
  }

  /** The value formula of an elementwise binary op. */
  @FunctionalInterface
  interface BinaryValue {
    CodeBlock of(OpEmit e, CodeBlock a, CodeBlock b);
  }

  /** A gradient formula of an elementwise binary op. */
  @FunctionalInterface
  interface BinaryVjp {
    CodeBlock of(OpEmit e, CodeBlock a, CodeBlock b, CodeBlock y, CodeBlock g);
  }
}
