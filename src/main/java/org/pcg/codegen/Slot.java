package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * Where one expression node's value and gradient live in the method being written: a
 * method parameter (an input vertex's buffers), a field (a parameter, a temporary), or a
 * literal (a constant, which has no gradient).
 *
 * @param value the array holding the value; for a constant, a filled field made on demand
 * @param literal the constant's value as a literal, or null
 * @param grad the array its gradient is added to, or null when it needs none
 */
record Slot(Value value, CodeBlock literal, CodeBlock grad) {

  /** Supplies a value array on demand (a constant's buffer is allocated only when used). */
  @FunctionalInterface
  interface Value {
    CodeBlock get();
  }

  static Slot array(CodeBlock value, CodeBlock grad) {
    return new Slot(() -> value, null, grad);
  }
}
