package org.pcg.codegen;

import java.util.HashSet;
import java.util.Set;

/**
 * Local variable names of one generated method. They avoid every field name of the class
 * (so a local never hides a field the method uses) and each other; loop variables of a loop
 * nest are freed when the nest is written, so consecutive loops reuse {@code i}.
 */
final class LocalNames {

  private final Mangler fields;
  private final Set<String> locals = new HashSet<>();
  private final Set<String> loopVars = new HashSet<>();

  LocalNames(Mangler fields) {
    this.fields = fields;
  }

  /**
   * Declares a parameter that deliberately shares a field's name (the buffer of an input
   * vertex, passed in); it must not repeat another local.
   */
  String parameter(String preferred) {
    String name = preferred;
    for (int k = 2; locals.contains(name); k++) {
      name = preferred + "_" + k;
    }
    locals.add(name);
    return name;
  }

  /** A name for a local that lives until the end of the method. */
  String local(String base) {
    String name = free(base);
    locals.add(name);
    return name;
  }

  /** A name for a loop variable of the nest being written. */
  String loopVar(String base) {
    String name = free(base);
    loopVars.add(name);
    return name;
  }

  /** Frees the loop variables of a nest that has been written. */
  void releaseLoopVars() {
    loopVars.clear();
  }

  private String free(String base) {
    String name = base;
    for (int k = 2; !isFree(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  private boolean isFree(String name) {
    return !fields.isTaken(name) && !locals.contains(name) && !loopVars.contains(name);
  }
}
