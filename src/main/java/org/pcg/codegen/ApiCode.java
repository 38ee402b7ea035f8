package org.pcg.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.pcg.ir.Init;
import org.pcg.ir.Param;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.TensorSpec;

/**
 * The class's own fields, its constructor and what it runs: allocation, the parameter
 * tables, parameter initialisation and the static {@link ModelInfo}.
 */
final class ApiCode {

  private static final ClassName INFO_TYPE = ClassName.get(ModelInfo.class);
  private static final ClassName SPEC = ClassName.get(TensorSpec.class);
  private static final TypeName SPEC_LIST =
      ParameterizedTypeName.get(ClassName.get(List.class), SPEC);

  private final ModelContext ctx;
  private final Numbers numbers;

  ApiCode(ModelContext ctx) {
    this.ctx = ctx;
    this.numbers = ctx.numbers;
  }

  /** Fields of the class itself (the buffers are declared by {@link Fields}). */
  List<FieldSpec> fields() {
    int params = ctx.graph.params().size();
    TypeName table = ArrayTypeName.of(numbers.arrayType());
    return List.of(
        FieldSpec.builder(INFO_TYPE, "INFO", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The model's tensors, in the order the index-based methods use.\n")
            .initializer("describe()").build(),
        constant("MAX_LEVEL", ctx.schedule.maxLevel(), "The highest Z-IL level."),
        constant(AlgorithmCode.LEARN_ALL, -1, "Selects every vertex in sendErrors."),
        constant(AlgorithmCode.LEARN_NONE, -2, "Selects no vertex in sendErrors."),
        constant(AlgorithmCode.ALL_AWAKE, Integer.MAX_VALUE,
            "An inference step at which every vertex is awake."),
        FieldSpec.builder(TypeName.INT, ModelContext.CAPACITY, Modifier.PRIVATE,
            Modifier.FINAL).build(),
        FieldSpec.builder(TypeName.INT, ModelContext.BATCH, Modifier.PRIVATE).build(),
        FieldSpec.builder(table, "params", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T[$L][]", numbers.type(), params).build(),
        FieldSpec.builder(table, "updates", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T[$L][]", numbers.type(), params).build(),
        FieldSpec.builder(java.util.Random.class, "noise", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T(0)", java.util.Random.class).build(),
        FieldSpec.builder(ArrayTypeName.of(TypeName.DOUBLE), "energy", Modifier.PRIVATE)
            .initializer("new double[0]").build(),
        FieldSpec.builder(TypeName.INT, "energySteps", Modifier.PRIVATE).build(),
        FieldSpec.builder(TypeName.DOUBLE, "energyNow", Modifier.PRIVATE).build());
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC,
        Modifier.FINAL).addJavadoc("$L\n", doc).initializer("$L", value).build();
  }

  MethodSpec constructor() {
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for batches of up to {@code capacity} samples and"
            + " fills the\nparameters from their initialisers with {@code seed}.\n")
        .addParameter(TypeName.INT, ModelContext.CAPACITY)
        .addParameter(TypeName.LONG, "seed")
        .beginControlFlow("if ($N < 1)", ModelContext.CAPACITY)
        .addStatement("throw new $T($S + $N)", IllegalArgumentException.class,
            "capacity must be positive, got ", ModelContext.CAPACITY)
        .endControlFlow()
        .addStatement("this.$N = $N", ModelContext.CAPACITY, ModelContext.CAPACITY)
        .addStatement("allocate()")
        .addStatement("linkTables()")
        .addStatement("initParams(seed)")
        .build();
  }

  /**
   * The allocation methods, for the fields whose names are in {@code named}; call after
   * every other method is written (they add fields).
   */
  List<MethodSpec> allocation(java.util.Set<String> named) {
    List<CodeBlock> body = ctx.fields.all().stream().filter(f -> named.contains(f.name()))
        .map(f -> Fields.allocation(f, ModelContext.CAPACITY, numbers)).toList();
    List<MethodSpec> all = new ArrayList<>(Chunks.methods(ctx.methodNames, "allocate",
        "Allocates every buffer once.", List.of(), body));
    List<CodeBlock> links = new ArrayList<>();
    for (Param p : ctx.graph.params()) {
      ModelContext.ParamBuffers b = ctx.param(p.name());
      links.add(CodeBlock.builder()
          .addStatement("params[$L] = $N", b.index(), b.value())
          .addStatement("updates[$L] = $N", b.index(), b.update()).build());
    }
    all.addAll(Chunks.methods(ctx.methodNames, "linkTables",
        "Indexes parameters and updates by their slot in INFO.params().", List.of(), links));
    return all;
  }

  List<MethodSpec> initParams() {
    List<CodeBlock> body = new ArrayList<>();
    for (Param p : ctx.graph.params()) {
      ModelContext.ParamBuffers b = ctx.param(p.name());
      List<Double> a = p.init().args();
      body.add(CodeBlock.builder().addStatement(
          "$T.fill($N,$W$T.$N,$W$L,$W$L,$W$L,$Wseed,$W$L)", ParamInit.class, b.value(),
          Init.Kind.class, p.init().kind().name(),
          Numbers.doubleLit(a.isEmpty() ? 0 : a.get(0)),
          Numbers.doubleLit(a.size() < 2 ? 0 : a.get(1)), intArray(p.shape().dims()),
          b.index()).build());
    }
    return Chunks.methods(new Chunks.Spec(ctx.methodNames, "initParams",
        "Fills every parameter from its initialiser; the same seed gives the same model.",
        List.of(ParameterSpec.builder(TypeName.LONG, "seed").build()), body, true, false));
  }

  /** The static method building INFO; parameter specs are added in chunks. */
  List<MethodSpec> describe() {
    List<CodeBlock> specs = new ArrayList<>();
    for (Param p : ctx.graph.params()) {
      specs.add(CodeBlock.builder().addStatement("params.add($L)",
          spec(p.name(), p.shape().dims())).build());
    }
    List<MethodSpec> all = new ArrayList<>(Chunks.methods(new Chunks.Spec(ctx.methodNames,
        "describeParams", "Adds the specs of the parameters, in declaration order.",
        List.of(ParameterSpec.builder(SPEC_LIST, "params").build()), specs, false, true)));
    all.add(0, describeMethod());
    return all;
  }

  private MethodSpec describeMethod() {
    List<CodeBlock> inputs = ctx.graph.inputs().stream()
        .map(v -> spec(v.name(), v.shape().dims())).toList();
    return MethodSpec.methodBuilder("describe")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(INFO_TYPE)
        .addJavadoc("The model's tensors, as its file declares them.\n")
        .addStatement("$T params = new $T<>()", SPEC_LIST, ArrayList.class)
        .addStatement("describeParams(params)")
        .addStatement("return new $T($S, $L, $T.$N,$W$T.of($L),$W$L,$W$L,$Wparams, $S, $L)",
            INFO_TYPE, ctx.graph.name(), ModelGenerator.literal(ctx.graph.sourceFile()),
            org.pcg.runtime.DType.class, numbers.dtype().name(),
            List.class, CodeBlock.join(inputs, ", "),
            spec(ctx.graph.target().name(), ctx.graph.target().shape().dims()),
            spec(ctx.graph.output().name(), ctx.graph.output().shape().dims()),
            ctx.graph.loss().kind().spelling(), ctx.graph.loss().mean())
        .build();
  }

  /** {@code new TensorSpec("name", new int[] {...})}; the name is a string literal. */
  private static CodeBlock spec(String name, int[] dims) {
    return CodeBlock.of("new $T($S, $L)", SPEC, name, intArray(dims));
  }

  static CodeBlock intArray(int[] values) {
    List<CodeBlock> items = new ArrayList<>();
    for (int v : values) {
      items.add(CodeBlock.of("$L", v));
    }
    return CodeBlock.of("new int[] {$L}", CodeBlock.join(items, ", "));
  }
}
