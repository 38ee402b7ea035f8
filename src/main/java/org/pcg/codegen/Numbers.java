package org.pcg.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.Set;
import org.pcg.runtime.DType;

/**
 * How numbers are written in code of one dtype: the element type, literals and calls of
 * java.lang.Math. This is the only thing that differs between the float and double variants
 * of a generated model.
 */
final class Numbers {

  /** Math functions with a float overload, which need no cast in float code. */
  private static final Set<String> FLOAT_OVERLOADS = Set.of("abs", "max", "min", "signum");

  private final DType dtype;

  Numbers(DType dtype) {
    this.dtype = dtype;
  }

  DType dtype() {
    return dtype;
  }

  boolean isFloat() {
    return dtype == DType.F32;
  }

  TypeName type() {
    return isFloat() ? TypeName.FLOAT : TypeName.DOUBLE;
  }

  TypeName arrayType() {
    return ArrayTypeName.of(type());
  }

  /**
   * A literal of the element type. Formatted here, with Double.toString, from a finite
   * value; negative values are parenthesised so that they can follow any operator.
   */
  CodeBlock lit(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite literal: " + value);
    }
    String text = Double.toString(value);
    if (isFloat()) {
      float f = (float) value;
      boolean representable = Float.isFinite(f) && (f != 0 || value == 0);
      text = representable ? Float.toString(f) + "f" : "(float) " + text;
    }
    return CodeBlock.of(value < 0 || text.startsWith("(") ? "($L)" : "$L", text);
  }

  /** A double literal whatever the dtype, for accumulators and scale factors. */
  static CodeBlock doubleLit(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite literal: " + value);
    }
    return CodeBlock.of(value < 0 ? "($L)" : "$L", Double.toString(value));
  }

  /** {@code Math.function(args)} with the element type (cast in float code if needed). */
  CodeBlock math(String function, CodeBlock... args) {
    CodeBlock call = CodeBlock.of("$T.$N($L)", Math.class, function,
        CodeBlock.join(java.util.List.of(args), ", "));
    boolean cast = isFloat() && !FLOAT_OVERLOADS.contains(function);
    return cast ? CodeBlock.of("($T) $L", TypeName.FLOAT, call) : call;
  }

  /**
   * {@code value} (an expression of type double) as the element type: cast in float code.
   */
  CodeBlock fromDouble(CodeBlock value) {
    return isFloat() ? CodeBlock.of("($T) ($L)", TypeName.FLOAT, value) : value;
  }
}
