package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Splits a long list of statements over several methods. A model with thousands of vertices
 * would otherwise produce a driver method past the JVM's 64 KB limit on a method's code;
 * a part of {@value #PART} statements stays far below it (and small enough for the JIT).
 */
final class Chunks {

  /** Statements per method; each is a call or an allocation of a few dozen bytes. */
  static final int PART = 100;

  private Chunks() {}

  /** Private instance methods running {@code statements}; see {@link #methods(Spec)}. */
  static List<MethodSpec> methods(Mangler methodNames, String name, String javadoc,
      List<ParameterSpec> params, List<CodeBlock> statements) {
    return methods(new Spec(methodNames, name, javadoc, params, statements, false, false));
  }

  /**
   * What to split.
   *
   * @param isPublic whether the top method is public (parts are always private)
   * @param isStatic whether all of them are static
   */
  record Spec(Mangler methodNames, String name, String javadoc, List<ParameterSpec> params,
      List<CodeBlock> statements, boolean isPublic, boolean isStatic) {}

  /**
   * Methods that run the statements in order: {@code name} itself when they fit, else
   * {@code name} calling {@code namePart1}, {@code namePart2}, ... with its parameters. The
   * first method returned is {@code name}.
   */
  static List<MethodSpec> methods(Spec spec) {
    MethodSpec.Builder top = builder(spec, spec.name(), spec.isPublic())
        .addJavadoc(spec.javadoc() + "\n");
    List<CodeBlock> statements = spec.statements();
    if (statements.size() <= PART) {
      statements.forEach(top::addCode);
      return List.of(top.build());
    }
    List<MethodSpec> parts = new ArrayList<>();
    CodeBlock args = CodeBlock.join(
        spec.params().stream().map(p -> CodeBlock.of("$N", p)).toList(), ", ");
    for (int from = 0; from < statements.size(); from += PART) {
      String partName = spec.methodNames().unique(spec.name() + "Part" + (parts.size() + 1));
      MethodSpec.Builder part = builder(spec, partName, false);
      statements.subList(from, Math.min(from + PART, statements.size()))
          .forEach(part::addCode);
      parts.add(part.build());
      top.addStatement("$N($L)", partName, args);
    }
    List<MethodSpec> all = new ArrayList<>();
    all.add(top.build());
    all.addAll(parts);
    return all;
  }

  private static MethodSpec.Builder builder(Spec spec, String name, boolean isPublic) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(name)
        .addModifiers(isPublic ? Modifier.PUBLIC : Modifier.PRIVATE)
        .addParameters(spec.params());
    if (spec.isStatic()) {
      b.addModifiers(Modifier.STATIC);
    }
    return b;
  }
}
