package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.function.UnaryOperator;

/**
 * Asks a gradient formula whether it returns the sent-back element {@code g} unchanged, by
 * writing it with placeholder operands; such an argument can share its result's gradient.
 */
final class VjpProbe {

  static final CodeBlock X = CodeBlock.of("x");
  static final CodeBlock Y = CodeBlock.of("y");
  private static final CodeBlock G = CodeBlock.of("g");

  private VjpProbe() {}

  /** Whether {@code formula}, given {@code g}, is {@code g} itself. */
  static boolean passes(UnaryOperator<CodeBlock> formula) {
    return formula.apply(G).toString().equals(G.toString());
  }
}
