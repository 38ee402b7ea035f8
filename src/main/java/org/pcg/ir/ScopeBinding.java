package org.pcg.ir;

import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.ast.Expr;

/**
 * What a name means at one point of a model file. {@code at} is where the name was
 * introduced, for "already defined at" messages.
 */
sealed interface ScopeBinding {

  SourceSpan at();

  /** An {@code input} (or, when {@code target}, a {@code target}) leaf vertex. */
  record DataLeaf(String global, boolean target, SourceSpan at) implements ScopeBinding {}

  /** A {@code param}; {@code global} is its name after layer expansion. */
  record ParamName(String global, SourceSpan at) implements ScopeBinding {}

  /** A statement vertex. */
  record VertexName(String global, SourceSpan at) implements ScopeBinding {}

  /** A family of vertices {@code h[i]}; element i is the vertex {@code global[i]}. */
  record Family(String global, SourceSpan at) implements ScopeBinding {

    String element(int index) {
      return global + "[" + index + "]";
    }
  }

  /** A whole number known while compiling: a loop variable or an int layer parameter. */
  record IntValue(int value, SourceSpan at) implements ScopeBinding {}

  /**
   * A tensor parameter of a layer, bound to the caller's argument expression. Each use in
   * the layer reads that expression, evaluated in the caller's scope.
   */
  record TensorArg(Expr expr, Scope caller, SourceSpan at) implements ScopeBinding {}
}
