package org.pcg.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.pcg.ir.Vertex;
import org.pcg.runtime.PcOptions;

/**
 * The learning rules of a generated class, as calls of the vertex methods: BP, Z-IL in its
 * scheduled form (the error frontier, level by level) and in its faithful form (predictive
 * coding dynamics on every vertex), and IL. See docs/algorithms.md for the maths.
 *
 * <p>Buffers: a vertex's value field is its value node x (BP's y; inputs are clamped to
 * data), {@code _mu} its prediction, {@code _err} its error node and {@code _fb} the sum of
 * J^T e its consumers send it. BP and scheduled Z-IL pass the feedback itself as the error
 * a vertex sends back: once all consumers have sent, it is the delta.
 */
final class AlgorithmCode {

  /** A {@code learning} argument of sendErrors: every vertex's parameters learn. */
  static final String LEARN_ALL = "LEARN_ALL";

  /** A {@code learning} argument of sendErrors: no parameter learns. */
  static final String LEARN_NONE = "LEARN_NONE";

  /** An {@code awake} argument of the inference steps: every vertex works. */
  static final String ALL_AWAKE = "ALL_AWAKE";

  private static final ClassName OPTIONS = ClassName.get(PcOptions.class);

  private final ModelContext ctx;
  private final List<VertexCode> vertices;
  private final Map<String, VertexCode> byName = new HashMap<>();
  private final VertexCalls calls;
  private final InferenceSteps steps;

  /** Reads which buffers have one writer, so every vertex's code must be made first. */
  AlgorithmCode(ModelContext ctx, List<VertexCode> vertices) {
    this.ctx = ctx;
    this.vertices = vertices;
    vertices.forEach(vc -> byName.put(vc.vertex().name(), vc));
    this.calls = new VertexCalls(ctx);
    this.steps = new InferenceSteps(ctx, vertices, WakeSteps.of(ctx), calls);
  }

  /** Every method of the learning rules. */
  List<MethodSpec> methods() {
    List<MethodSpec> all = new ArrayList<>();
    all.addAll(forwardAll());
    all.addAll(backpropagate());
    all.addAll(sweepLevels());
    all.add(relaxZil());
    all.add(relaxIl());
    for (boolean plain : new boolean[] {false, true}) {
      all.addAll(steps.predictAndErrors(plain));
      all.addAll(steps.sendAndRelax(plain));
    }
    all.addAll(sendErrors());
    all.addAll(steps.startValues());
    all.addAll(clear("clearFeedback", "Zeroes the feedback every vertex has received.", true));
    all.addAll(clear("clearUpdates", "Zeroes every parameter update.", false));
    all.addAll(startNoise());
    all.addAll(helpers());
    return all;
  }

  /** The statement of computeUpdates that runs {@code algo}'s backward half. */
  CodeBlock dispatch() {
    CodeBlock zil = ctx.schedule.isLevelled()
        ? CodeBlock.builder()
            .beginControlFlow("case ZIL ->")
            .add("// The frontier schedule holds only under Z-IL's exact conditions.\n")
            .beginControlFlow("if (exact(options))")
            .addStatement("sweepLevels()")
            .nextControlFlow("else")
            .addStatement("relaxZil(options)")
            .endControlFlow()
            .endControlFlow()
            .build()
        : CodeBlock.builder()
            .add("// This graph is not levelled, so the frontier schedule does not hold.\n")
            .addStatement("case ZIL -> relaxZil(options)")
            .build();
    return CodeBlock.builder()
        .beginControlFlow("switch (algo)")
        .addStatement("case BP -> backpropagate()")
        .add(zil)
        .addStatement("case ZIL_FAITHFUL -> relaxZil(options)")
        .addStatement("case IL -> relaxIl(options)")
        .addStatement("default -> throw new $T($S + algo)", IllegalArgumentException.class,
            "unknown algorithm ")
        .endControlFlow()
        .build();
  }

  private List<MethodSpec> forwardAll() {
    List<CodeBlock> body = vertices.stream().map(vc -> calls.forward(vc, false)).toList();
    return Chunks.methods(ctx.methodNames, "forwardAll",
        "Forward pass: every vertex's value from its inputs' values, in topological order.",
        List.of(), body);
  }

  private List<MethodSpec> backpropagate() {
    List<CodeBlock> body = new ArrayList<>(clearBoth());
    for (int i = vertices.size() - 1; i >= 0; i--) {
      if (vertices.get(i).backwardName() != null) {
        body.add(calls.backward(vertices.get(i), false));
      }
    }
    return Chunks.methods(ctx.methodNames, "backpropagate",
        "BP: from the output delta, each vertex in reverse topological order sends its delta"
            + "\n(the feedback of all its consumers) to its inputs; parameter updates are"
            + " summed over uses.", List.of(), body);
  }

  private static List<Vertex> reversed(List<Vertex> vertices) {
    List<Vertex> copy = new ArrayList<>(vertices);
    java.util.Collections.reverse(copy);
    return copy;
  }

  /** Scheduled Z-IL: at step t only the level-t vertices carry error, and only they work. */
  private List<MethodSpec> sweepLevels() {
    List<CodeBlock> body = new ArrayList<>(clearBoth());
    for (int t = 0; t <= ctx.schedule.maxLevel(); t++) {
      body.add(t == 0
          ? CodeBlock.of("// Step 0: the output's error is -dL/dmu, clamped by the target.\n")
          : CodeBlock.of("// Step $L: each level-$L error is the feedback its consumers sent.\n",
              t, t));
      // Within a level, reverse topological order: a vertex's consumers all sit on one
      // level, and visiting them as BP does adds their feedback in BP's order, so the
      // scheduled form matches BP bit for bit rather than to rounding.
      for (Vertex v : reversed(ctx.schedule.verticesAt(t))) {
        VertexCode vc = codeOf(v);
        if (vc.backwardName() != null) {
          body.add(calls.backward(vc, false));
        }
      }
    }
    return Chunks.methods(ctx.methodNames, "sweepLevels",
        "Z-IL, scheduled: the inference steps t = 0..MAX_LEVEL, computing only the frontier"
            + "\nof level-t vertices, whose error e = x - mu equals the feedback received (x"
            + " moved\nby exactly that at step t - 1 and mu has not moved). Each updates its"
            + " parameters from\nit at step t and sends J^T e on.", List.of(), body);
  }

  private MethodSpec relaxZil() {
    return MethodSpec.methodBuilder("relaxZil")
        .addModifiers(Modifier.PRIVATE)
        .addParameter(OPTIONS, "options")
        .addJavadoc("Z-IL, faithful: predictive coding on every vertex for MAX_LEVEL + 1 steps;"
            + "\na vertex's parameters learn at the step of its level (or all at the last step"
            + "\nwhen level timing is off). Updates accumulate and are applied after the"
            + " sweep.\n")
        .addStatement("startNoise(options)")
        .addStatement("startValues()")
        .addStatement("clearUpdates()")
        .addStatement("$T gamma = $L", ctx.numbers.type(),
            ctx.numbers.fromDouble(CodeBlock.of("options.gamma()")))
        .addStatement("clearFeedback()")
        .beginControlFlow("for (int t = 0; t <= MAX_LEVEL; t++)")
        .addStatement("int awake = awake(options, t)")
        .addStatement("predictAndErrors(awake, options.traceEnergy())")
        .addStatement("trace(options)")
        .addStatement("int learning = options.levelTimed() ? t : t == MAX_LEVEL ? $N : $N",
            LEARN_ALL, LEARN_NONE)
        .addStatement("sendAndRelax(awake, learning, gamma)")
        .endControlFlow()
        .build();
  }

  private MethodSpec relaxIl() {
    return MethodSpec.methodBuilder("relaxIl")
        .addModifiers(Modifier.PRIVATE)
        .addParameter(OPTIONS, "options")
        .addJavadoc("IL: options.steps() inference steps of size options.gamma(), then every"
            + " parameter\nlearns once from the final errors. The value nodes move in the"
            + " plain form\n(x alone, no start and moved), which IL needs: it claims no"
            + " equality with BP.\n")
        .addStatement("startNoise(options)")
        .addStatement("clearUpdates()")
        .addStatement("$T gamma = $L", ctx.numbers.type(),
            ctx.numbers.fromDouble(CodeBlock.of("options.gamma()")))
        .addStatement("clearFeedback()")
        .beginControlFlow("for (int t = 0; t < options.steps(); t++)")
        .addStatement("int awake = awake(options, t)")
        .addStatement("$N(awake, options.traceEnergy())", InferenceSteps.predictName(true))
        .addStatement("trace(options)")
        .addStatement("$N(awake, $N, gamma)", InferenceSteps.relaxName(true), LEARN_NONE)
        .endControlFlow()
        .addCode("// Every vertex learns, so every error must be current, however few the steps.\n")
        .addStatement("$N($N, options.traceEnergy())", InferenceSteps.predictName(true),
            ALL_AWAKE)
        .addStatement("trace(options)")
        .addStatement("sendErrors($N)", LEARN_ALL)
        .build();
  }

  private List<MethodSpec> sendErrors() {
    List<CodeBlock> body = new ArrayList<>();
    for (VertexCode vc : vertices) {
      if (vc.backwardName() != null) {
        body.add(calls.backward(vc, true));
      }
    }
    return Chunks.methods(ctx.methodNames, "sendErrors",
        "Every vertex sends J^T e to its inputs' feedback; the parameters of the vertices"
            + "\n{@code learning} selects (a level, LEARN_ALL or LEARN_NONE) add their"
            + " updates.",
        List.of(ParameterSpec.builder(TypeName.INT, "learning").build()), body);
  }

  /**
   * Zeroes the feedback (or update) buffers that gather several contributions; one with a
   * single writer is written whole by it (see {@link VertexCode}).
   */
  private List<MethodSpec> clear(String name, String javadoc, boolean feedback) {
    List<CodeBlock> body = new ArrayList<>();
    if (feedback) {
      for (VertexCode vc : vertices) {
        String fb = ctx.buffers(vc.vertex().name()).fb();
        if (fb != null && !ctx.writtenFeedback.contains(vc.vertex().name())) {
          body.add(fill(fb, ctx.count(vc.vertex())));
        }
      }
    } else {
      ctx.graph.params().stream().filter(p -> !ctx.writtenUpdates.contains(p.name()))
          .forEach(p -> body.add(fill(ctx.param(p.name()).update(),
              CodeBlock.of("$L", p.shape().size()))));
    }
    if (body.isEmpty()) {
      body.add(CodeBlock.of("// Each buffer has one writer, which overwrites it whole.\n"));
    }
    return Chunks.methods(ctx.methodNames, name, javadoc, List.of(), body);
  }

  private CodeBlock fill(String array, CodeBlock count) {
    return CodeBlock.builder().addStatement("$T.fill($N, 0,$W$L,$W$L)", java.util.Arrays.class,
        array, count, ctx.numbers.lit(0)).build();
  }

  private List<MethodSpec> startNoise() {
    List<CodeBlock> body = new ArrayList<>();
    body.add(CodeBlock.builder()
        .beginControlFlow("if (options.startNoise() == 0)")
        .addStatement("return")
        .endControlFlow()
        .addStatement("noise.setSeed(options.seed())")
        .build());
    for (VertexCode vc : vertices) {
      if (!ctx.isOutput(vc.vertex())) {
        body.add(CodeBlock.builder().addStatement("addNoise($N,$W$L,$Woptions.startNoise())",
            ctx.buffers(vc.vertex().name()).value(), ctx.count(vc.vertex())).build());
      }
    }
    return Chunks.methods(ctx.methodNames, "startNoise",
        "The noisy start (a research switch): Gaussian noise on every hidden value node.",
        List.of(ParameterSpec.builder(OPTIONS, "options").build()), body);
  }

  private List<CodeBlock> clearBoth() {
    return List.of(CodeBlock.builder().addStatement("clearFeedback()")
        .addStatement("clearUpdates()").build());
  }

  private VertexCode codeOf(Vertex v) {
    return byName.get(v.name());
  }

  private List<MethodSpec> helpers() {
    return new HelperCode(ctx.numbers).methods();
  }
}
