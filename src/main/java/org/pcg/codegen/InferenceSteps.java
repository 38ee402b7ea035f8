package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcg.ir.Node;
import org.pcg.ir.ShapeOps;
import org.pcg.ir.Vertex;

/**
 * The two halves of one predictive-coding inference step, in two forms. The exact form,
 * for faithful Z-IL, keeps each value node as its start plus how far it has moved, so that
 * an error e = (start - mu) + moved keeps every bit of a small move (Z-IL's errors are
 * BP's deltas only if it does). IL's plain form keeps x alone, e = x - mu and
 * x += gamma (fb - e): IL claims no equality with BP, and the plain form streams three
 * arrays fewer per vertex and step. Those passes are memory-bound once a model's value
 * nodes outgrow the cache: on the transformer sample an IL step (T = 20) fell from 20.7 to
 * 17.1 BP steps with the plain form, on the residual one from 20.3 to 16.6.
 */
final class InferenceSteps {

  private final ModelContext ctx;
  private final List<VertexCode> vertices;
  private final Map<String, Integer> wakeSteps;
  private final VertexCalls calls;

  InferenceSteps(ModelContext ctx, List<VertexCode> vertices, Map<String, Integer> wakeSteps,
      VertexCalls calls) {
    this.ctx = ctx;
    this.vertices = vertices;
    this.wakeSteps = wakeSteps;
    this.calls = calls;
  }

  /** The name of {@link #predictAndErrors}'s method in the given form. */
  static String predictName(boolean plain) {
    return plain ? "predictAndErrorsIl" : "predictAndErrors";
  }

  /** The name of {@link #sendAndRelax}'s method in the given form. */
  static String relaxName(boolean plain) {
    return plain ? "sendAndRelaxIl" : "sendAndRelax";
  }

  /**
   * Every vertex's prediction and error, vertex by vertex in topological order, so that
   * computing e finds mu still in the cache (or a register) the prediction just left it in.
   */
  List<MethodSpec> predictAndErrors(boolean plain) {
    List<CodeBlock> body = new ArrayList<>();
    body.add(CodeBlock.builder().addStatement("energyNow = 0").build());
    for (VertexCode vc : vertices) {
      body.add(whenAwake(vc.vertex(), predictAndError(vc, plain)));
    }
    return Chunks.methods(ctx.methodNames, predictName(plain),
        "Every vertex's prediction mu from the current values x of its inputs, then its"
            + "\nerror node: e = x - mu, and the output's e = -dL/dmu. With {@code"
            + " withEnergy}, leaves\nthe energy (loss plus sum of 1/2 |e|^2) in energyNow"
            + " for the trace; else only the loss.\nOnly the vertices awake at step"
            + " {@code awake} work; the others' errors are zero.",
        List.of(ParameterSpec.builder(TypeName.INT, "awake").build(),
            ParameterSpec.builder(TypeName.BOOLEAN, "withEnergy").build()), body);
  }

  /**
   * One vertex's prediction and error: fused into one pass where its code allows (see
   * VertexCode.predictMethod), straight from the input's value where mu would be a copy of
   * it, else a forward call and a pass of its own.
   */
  private CodeBlock predictAndError(VertexCode vc, boolean plain) {
    Vertex v = vc.vertex();
    ModelContext.VertexBuffers b = ctx.buffers(v.name());
    if (ctx.isOutput(v)) {
      return calls.forward(vc, true).toBuilder()
          .addStatement("energyNow += lossAndError($N,$W$N)", b.mu(), b.err()).build();
    }
    if (vc.predict(plain) != null) {
      return CodeBlock.builder()
          .add(calls.predict(vc, vc.predict(plain)))
          .addStatement("energyNow += energy($N,$W$L,$WwithEnergy)", b.err(), ctx.count(v))
          .build();
    }
    CodeBlock.Builder code = CodeBlock.builder();
    String copied = copiedInput(v);
    String mu = copied != null ? ctx.buffers(copied).value() : b.mu();
    if (copied == null) {
      code.add(calls.forward(vc, true));
    }
    if (plain) {
      return code.addStatement("energyNow += plainError($N,$W$N,$W$N,$W$L,$WwithEnergy)",
          b.value(), mu, b.err(), ctx.count(v)).build();
    }
    return code.addStatement("energyNow += error($N,$W$N,$W$N,$W$N,$W$L,$WwithEnergy)",
        b.start(), b.moved(), mu, b.err(), ctx.count(v)).build();
  }

  /**
   * The input vertex whose value {@code v}'s prediction copies whole (an identity from
   * levelling, a bare read, a reshape), or null: its error needs no prediction pass.
   */
  private String copiedInput(Vertex v) {
    Node expr = v.expr();
    Node arg = expr instanceof Node.Apply a && a.args().size() == 1
        && ShapeOps.copiesWhole(a.op()) ? a.args().get(0) : expr;
    if (!(arg instanceof Node.VertexRef r)) {
      return null;
    }
    Vertex in = ctx.graph.vertex(r.vertex());
    boolean same = in.batched() == v.batched() && in.shape().size() == v.shape().size();
    return same ? r.vertex() : null;
  }

  /**
   * Every vertex sends J^T e, in reverse topological order, and each hidden value node takes
   * its inference step right after its own call: by then all its consumers have sent it
   * their feedback and none reads its value again in this step, and its error and feedback
   * are still in the cache.
   */
  List<MethodSpec> sendAndRelax(boolean plain) {
    List<CodeBlock> body = new ArrayList<>();
    for (int i = vertices.size() - 1; i >= 0; i--) {
      VertexCode vc = vertices.get(i);
      Vertex v = vc.vertex();
      CodeBlock.Builder code = CodeBlock.builder();
      if (vc.backwardName() != null) {
        code.add(calls.backward(vc, true));
      }
      if (!ctx.isOutput(v)) {
        code.add(relax(v, plain));
      }
      if (!code.isEmpty()) {
        body.add(whenAwake(v, code.build()));
      }
    }
    return Chunks.methods(ctx.methodNames, relaxName(plain),
        "One inference step: every vertex sends J^T e to its inputs' feedback (the"
            + "\nparameters of the vertices {@code learning} selects add their updates), and"
            + " every\nvalue node but the clamped output moves. Only the vertices awake at"
            + " step {@code awake}\nwork; the others have no error, no feedback and stay put.",
        List.of(ParameterSpec.builder(TypeName.INT, "awake").build(),
            ParameterSpec.builder(TypeName.INT, "learning").build(),
            ParameterSpec.builder(ctx.numbers.type(), "gamma").build()), body);
  }

  private CodeBlock relax(Vertex v, boolean plain) {
    ModelContext.VertexBuffers b = ctx.buffers(v.name());
    if (plain) {
      return CodeBlock.builder().addStatement("plainRelax($N,$W$N,$W$N,$W$L,$Wgamma)",
          b.value(), b.err(), b.fb(), ctx.count(v)).build();
    }
    return CodeBlock.builder().addStatement("relax($N,$W$N,$W$N,$W$N,$W$N,$W$L,$Wgamma)",
        b.value(), b.start(), b.moved(), b.err(), b.fb(), ctx.count(v)).build();
  }

  /** {@code code}, run only from the step at which vertex {@code v} wakes (see WakeSteps). */
  private CodeBlock whenAwake(Vertex v, CodeBlock code) {
    int wake = wakeSteps.get(v.name());
    if (wake == 0) {
      return code;
    }
    return CodeBlock.builder().beginControlFlow("if (awake >= $L)", wake).add(code)
        .endControlFlow().build();
  }

  /** Records every hidden value node's start (the exact form's); none has moved yet. */
  List<MethodSpec> startValues() {
    List<CodeBlock> body = new ArrayList<>();
    for (VertexCode vc : vertices) {
      Vertex v = vc.vertex();
      if (!ctx.isOutput(v)) {
        ModelContext.VertexBuffers b = ctx.buffers(v.name());
        body.add(CodeBlock.builder()
            .addStatement("$T.arraycopy($N, 0,$W$N, 0,$W$L)", System.class, b.value(),
                b.start(), ctx.count(v))
            .addStatement("$T.fill($N, 0,$W$L,$W$L)", java.util.Arrays.class, b.moved(),
                ctx.count(v), ctx.numbers.lit(0))
            .build());
      }
    }
    return Chunks.methods(ctx.methodNames, "startValues",
        "Each hidden value node starts where the forward pass (and any noise) put it.",
        List.of(), body);
  }
}
