package org.pcg.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.pcg.ir.Vertex;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.Optimizer;
import org.pcg.runtime.PcOptions;

/**
 * The {@link org.pcg.runtime.CompiledModel} methods of a generated class, and the copies
 * between the interface's {@code double[]} and the class's buffers.
 */
final class InterfaceCode {

  private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);

  private final ModelContext ctx;
  private final Numbers numbers;
  private final AlgorithmCode algorithms;

  InterfaceCode(ModelContext ctx, AlgorithmCode algorithms) {
    this.ctx = ctx;
    this.numbers = ctx.numbers;
    this.algorithms = algorithms;
  }

  List<MethodSpec> methods() {
    return List.of(info(), capacity(), setBatch(), forward(), output(), computeUpdates(),
        getUpdate(), getParam(), setParam(), applyUpdates(), energyTrace(), slot(),
        copyIn(), copyOut());
  }

  private static MethodSpec.Builder override(String name) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC);
  }

  private MethodSpec info() {
    return override("info").returns(ModelInfo.class).addStatement("return INFO").build();
  }

  private MethodSpec capacity() {
    return override("capacity").returns(TypeName.INT)
        .addStatement("return $N", ModelContext.CAPACITY).build();
  }

  private MethodSpec setBatch() {
    LocalNames names = new LocalNames(ctx.fieldNames);
    String batch = names.local("batch");
    String inputs = names.local("inputs");
    String target = names.local("target");
    List<Vertex> in = ctx.graph.inputs();
    MethodSpec.Builder m = override("setBatch")
        .addParameter(TypeName.INT, batch)
        .addParameter(ArrayTypeName.of(DOUBLES), inputs)
        .addParameter(DOUBLES, target)
        .beginControlFlow("if ($N < 1 || $N > $N)", batch, batch, ModelContext.CAPACITY)
        .addStatement("throw new $T($S + $N$W+ $S + $N)", IllegalArgumentException.class,
            "batch of ", batch, " samples; capacity is ", ModelContext.CAPACITY)
        .endControlFlow()
        .beginControlFlow("if ($N.length != $L)", inputs, in.size())
        .addStatement("throw new $T($S + $N.length)", IllegalArgumentException.class,
            "expected " + in.size() + " input arrays, got ", inputs)
        .endControlFlow()
        .addStatement("$N = $N", ModelContext.BATCH, batch);
    for (int i = 0; i < in.size(); i++) {
      m.addStatement("copyIn($N[$L],$W$N,$W$L)", inputs, i, ctx.buffers(in.get(i).name()).value(),
          ctx.count(in.get(i)));
    }
    Vertex t = ctx.graph.target();
    return m.addStatement("copyIn($N,$W$N,$W$L)", target, ctx.buffers(t.name()).value(),
        ctx.count(t)).build();
  }

  private MethodSpec forward() {
    ModelContext.VertexBuffers out = ctx.buffers(ctx.graph.output().name());
    return override("forward").returns(TypeName.DOUBLE)
        .addStatement("forwardAll()")
        .addStatement("return lossAndError($N,$W$N)", out.value(), out.err())
        .build();
  }

  private MethodSpec output() {
    LocalNames names = new LocalNames(ctx.fieldNames);
    String dst = names.local("dst");
    Vertex out = ctx.graph.output();
    return override("output").addParameter(DOUBLES, dst)
        .addStatement("copyOut($N,$W$N,$W$L)", ctx.buffers(out.name()).value(), dst,
            ctx.count(out))
        .build();
  }

  private MethodSpec computeUpdates() {
    return override("computeUpdates").returns(TypeName.DOUBLE)
        .addParameter(Algorithm.class, "algo")
        .addParameter(PcOptions.class, "options")
        .addStatement("energySteps = 0")
        .addComment("Every rule starts from the forward pass: x = mu, the target clamped.")
        .addStatement("double loss = forward()")
        .addCode(algorithms.dispatch())
        .addStatement("return loss")
        .build();
  }

  private MethodSpec getUpdate() {
    return override("getUpdate").addParameter(TypeName.INT, "param")
        .addParameter(DOUBLES, "dst")
        .addStatement("copyOut(updates[slot(param)], dst, updates[param].length)").build();
  }

  private MethodSpec getParam() {
    return override("getParam").addParameter(TypeName.INT, "param")
        .addParameter(DOUBLES, "dst")
        .addStatement("copyOut(params[slot(param)], dst, params[param].length)").build();
  }

  private MethodSpec setParam() {
    return override("setParam").addParameter(TypeName.INT, "param")
        .addParameter(DOUBLES, "src")
        .addStatement("copyIn(src, params[slot(param)], params[param].length)").build();
  }

  private MethodSpec applyUpdates() {
    return override("applyUpdates").addParameter(Optimizer.class, "optimizer")
        .addStatement("optimizer.beginStep()")
        .beginControlFlow("for (int i = 0; i < params.length; i++)")
        .addStatement("optimizer.step(i, params[i], updates[i])")
        .endControlFlow()
        .build();
  }

  private MethodSpec energyTrace() {
    return MethodSpec.methodBuilder("energyTrace").addModifiers(Modifier.PUBLIC)
        .returns(DOUBLES)
        .addJavadoc("The energy F = L + sum 1/2 |e|^2 at each inference step of the last"
            + " IL or faithful\nZ-IL run with {@code traceEnergy} set; empty otherwise.\n")
        .addStatement("return $T.copyOf(energy, energySteps)", java.util.Arrays.class)
        .build();
  }

  private MethodSpec slot() {
    return MethodSpec.methodBuilder("slot").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.INT)
        .addParameter(TypeName.INT, "param")
        .beginControlFlow("if (param < 0 || param >= INFO.params().size())")
        .addStatement("throw new $T($S + param)", IllegalArgumentException.class,
            "no parameter ")
        .endControlFlow()
        .addStatement("return param")
        .build();
  }

  private MethodSpec copyIn() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("copyIn")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(DOUBLES, "src")
        .addParameter(numbers.arrayType(), "dst")
        .addParameter(TypeName.INT, "count")
        .addJavadoc("Copies {@code count} values in, checking the caller gave enough.\n");
    checkLength(m, "src", "expected at least ");
    if (numbers.isFloat()) {
      return m.beginControlFlow("for (int i = 0; i < count; i++)")
          .addStatement("dst[i] = (float) src[i]")
          .endControlFlow().build();
    }
    return m.addStatement("$T.arraycopy(src, 0, dst, 0, count)", System.class).build();
  }

  private MethodSpec copyOut() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("copyOut")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(numbers.arrayType(), "src")
        .addParameter(DOUBLES, "dst")
        .addParameter(TypeName.INT, "count")
        .addJavadoc("Copies {@code count} values out, checking the caller has room.\n");
    checkLength(m, "dst", "expected room for ");
    if (numbers.isFloat()) {
      return m.beginControlFlow("for (int i = 0; i < count; i++)")
          .addStatement("dst[i] = src[i]")
          .endControlFlow().build();
    }
    return m.addStatement("$T.arraycopy(src, 0, dst, 0, count)", System.class).build();
  }

  private static void checkLength(MethodSpec.Builder m, String array, String expected) {
    m.beginControlFlow("if ($N.length < count)", array)
        .addStatement("throw new $T($S + count$W+ $S + $N.length)",
            IllegalArgumentException.class, expected, " values, got ", array)
        .endControlFlow();
  }
}
