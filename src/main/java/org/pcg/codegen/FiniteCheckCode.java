package org.pcg.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.pcg.ir.Vertex;

/**
 * {@link org.pcg.runtime.CompiledModel#firstNonFiniteVertex()}: the first vertex, in
 * topological order, whose value from the last forward pass holds a NaN or an infinity, so
 * that a run that diverges can name the vertex and the model-file line where it began. The
 * vertices are looked at in parts of {@value Chunks#PART}, as the drivers are.
 */
final class FiniteCheckCode {

  private static final String METHOD = "firstNonFiniteVertex";

  private final ModelContext ctx;
  private final String helper;

  FiniteCheckCode(ModelContext ctx) {
    this.ctx = ctx;
    if (ctx.methodNames.isTaken(METHOD)) {
      throw new IllegalStateException("method name " + METHOD + " is taken");
    }
    ctx.methodNames.unique(METHOD);
    this.helper = ctx.methodNames.unique("allFinite");
  }

  /** The public method, its parts (when there are several) and the helper. */
  List<MethodSpec> methods() {
    List<Vertex> all = ctx.graph.vertices();
    MethodSpec.Builder top = MethodSpec.methodBuilder(METHOD).addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT);
    List<MethodSpec> methods = new ArrayList<>();
    if (all.size() <= Chunks.PART) {
      methods.add(checks(top, all, 0).build());
      methods.add(allFinite());
      return methods;
    }
    String found = new LocalNames(ctx.fieldNames).local("found");
    methods.add(null);
    for (int from = 0; from < all.size(); from += Chunks.PART) {
      String name = ctx.methodNames.unique(METHOD + "Part" + methods.size());
      MethodSpec.Builder part = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
          .returns(TypeName.INT).addJavadoc("Vertices $L to $L of {@link #$L()}.\n", from,
              Math.min(from + Chunks.PART, all.size()) - 1, METHOD);
      methods.add(checks(part, all.subList(from, Math.min(from + Chunks.PART, all.size())),
          from).build());
      if (from == 0) {
        top.addStatement("int $N = $N()", found, name);
      } else {
        top.beginControlFlow("if ($N < 0)", found).addStatement("$N = $N()", found, name)
            .endControlFlow();
      }
    }
    methods.set(0, top.addStatement("return $N", found).build());
    methods.add(allFinite());
    return methods;
  }

  /** Returns the index of the first of {@code vertices} (from {@code first}) not finite. */
  private MethodSpec.Builder checks(MethodSpec.Builder m, List<Vertex> vertices, int first) {
    for (int i = 0; i < vertices.size(); i++) {
      Vertex v = vertices.get(i);
      m.beginControlFlow("if (!$N($N, $L))", helper, ctx.buffers(v.name()).value(),
          ctx.count(v)).addStatement("return $L", first + i).endControlFlow();
    }
    return m.addStatement("return -1");
  }

  private MethodSpec allFinite() {
    boolean isFloat = ctx.numbers.isFloat();
    return MethodSpec.methodBuilder(helper).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.BOOLEAN)
        .addParameter(ctx.numbers.arrayType(), "values")
        .addParameter(TypeName.INT, "count")
        .addJavadoc("Whether the first {@code count} values are all finite.\n")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .beginControlFlow("if (!$T.isFinite(values[i]))", isFloat ? Float.class : Double.class)
        .addStatement("return false")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return true")
        .build();
  }
}
