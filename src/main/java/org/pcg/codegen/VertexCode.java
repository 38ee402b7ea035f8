package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import org.pcg.ir.Attrs;
import org.pcg.ir.Node;
import org.pcg.ir.OpCatalog;
import org.pcg.ir.Vertex;

/**
 * The two methods of one vertex: {@code forwardV} computes its prediction mu from the
 * buffers of its inputs, and {@code backwardV} sends a vector back through its whole
 * expression (J^T err into its inputs' feedback, (dg/dtheta)^T err into its parameters'
 * updates). Every algorithm calls these two; they differ only in which buffers they pass.
 *
 * <p>Intermediate values of the expression live in fields (temporaries), written by the
 * forward method and read by the backward method of the same vertex.
 */
final class VertexCode {

  /** What a method parameter of a vertex method carries, so callers know what to pass. */
  enum Role {
    /** The value buffer of an input vertex. */
    INPUT,
    /** The feedback buffer of an input vertex, added to. */
    FEEDBACK,
    /** This vertex's prediction (written forward, read backward). */
    MU,
    /** The vector sent back into this vertex. */
    ERR,
    /** Whether the parameter updates are accumulated in this call. */
    LEARN,
    /** This vertex's value node where the current inference began (its error's operands). */
    START,
    /** How far this vertex's value node has moved from its start. */
    MOVED,
    /** This vertex's value node x. */
    VALUE
  }

  /** One parameter of a vertex method. */
  record Parameter(Role role, String vertex, String name) {}

  private final ModelContext ctx;
  private final Vertex vertex;
  private final Node.Apply root;
  private final List<Node.Apply> order = new ArrayList<>();
  private final Map<Node, String> tags = new IdentityHashMap<>();
  private final GradientPlan plan;
  private final String name;
  private final String forwardName;
  private final String backwardName;
  private List<Parameter> forwardParams = List.of();
  private List<Parameter> backwardParams = List.of();
  private Predict predictExact;
  private Predict predictPlain;

  VertexCode(ModelContext ctx, Vertex vertex) {
    this.ctx = ctx;
    this.vertex = vertex;
    this.root = asApply(vertex);
    this.name = ctx.buffers(vertex.name()).value();
    postOrder(root);
    this.plan = new GradientPlan(ctx, order);
    this.forwardName = ctx.methodNames.unique("forward" + Mangler.capitalize(name));
    this.backwardName = hasBackward()
        ? ctx.methodNames.unique("backward" + Mangler.capitalize(name))
        : null;
    registerTemporaries();
  }

  /** A bare read ({@code h2 = h1}) is treated as an identity, so every vertex applies ops. */
  private static Node.Apply asApply(Vertex v) {
    if (v.expr() instanceof Node.Apply a) {
      return a;
    }
    return new Node.Apply(OpCatalog.get("id"), List.of(v.expr()), Attrs.NONE, v.shape(),
        v.span());
  }

  Vertex vertex() {
    return vertex;
  }

  /** Whether anything flows back through this vertex (it reads a parameter or a vertex). */
  boolean hasBackward() {
    return plan.needsGrad(root);
  }

  private void postOrder(Node n) {
    if (n instanceof Node.Apply a && !tags.containsKey(a)) {
      tags.put(a, "");
      a.args().forEach(this::postOrder);
      order.add(a);
      tags.put(a, name + "_" + Mangler.clean(a.op().name()) + order.size());
    }
  }

  private void registerTemporaries() {
    for (Node.Apply a : order) {
      if (a != root) {
        ctx.fields.get(new TempKey(a, false), tags.get(a), ctx.numbers.arrayType(),
            a.shape().size(), a.batched(), null);
        if (plan.needsGrad(a) && plan.sharesGradOf(a) == null) {
          ctx.fields.get(new TempKey(a, true), tags.get(a) + "_grad", ctx.numbers.arrayType(),
              a.shape().size(), a.batched(), null);
        }
      }
    }
  }

  /** The key of a temporary's value or gradient field. */
  private record TempKey(Node node, boolean grad) {}

  String forwardName() {
    return forwardName;
  }

  /** The backward method's name, or null when nothing flows back through this vertex. */
  String backwardName() {
    return backwardName;
  }

  List<Parameter> forwardParams() {
    return forwardParams;
  }

  List<Parameter> backwardParams() {
    return backwardParams;
  }

  /** The forward method: mu from the inputs' buffers. */
  MethodSpec forwardMethod() {
    LocalNames names = new LocalNames(ctx.fieldNames);
    Map<String, String> inputs = inputParams(names, false);
    Map<Node, Slot> slots = new IdentityHashMap<>();
    String mu = names.local("mu");
    assignSlots(slots, inputs, Map.of(), Slot.array(CodeBlock.of("$N", mu), null), false);
    CodeBlock code = forwardBody(slots, names, null);
    List<Parameter> params = new ArrayList<>();
    inputs.forEach((v, p) -> params.add(new Parameter(Role.INPUT, v, p)));
    params.add(new Parameter(Role.MU, null, mu));
    forwardParams = used(params, code, Role.MU);
    return method(forwardName, forwardParams, code)
        .addJavadoc("$L\n", ModelGenerator.wrap(ModelGenerator.describe(vertex)))
        .build();
  }

  /**
   * For the PC rules, the forward method with the vertex's error node fused into the loop
   * that computes its prediction, instead of a pass of its own that reads mu back: in the
   * exact form (faithful Z-IL) e = start - mu + moved, in IL's plain form e = x - mu. mu is
   * kept only when the backward method reads it; otherwise the prediction goes straight
   * into e. Null for the output and for a prediction not computed by one elementwise loop
   * (a product, a reduction, a copy), which keep the separate error pass. Call after
   * {@link #backwardMethod}.
   */
  MethodSpec predictMethod(boolean plain) {
    if (ctx.isOutput(vertex)) {
      return null;
    }
    LocalNames names = new LocalNames(ctx.fieldNames);
    Map<String, String> inputs = inputParams(names, false);
    boolean keepMu = backwardParams.stream().anyMatch(p -> p.role() == Role.MU);
    String mu = keepMu ? names.local("mu") : null;
    String x = names.local(plain ? "x" : "start");
    String moved = plain ? null : names.local("moved");
    String err = names.local("err");
    Map<Node, Slot> slots = new IdentityHashMap<>();
    assignSlots(slots, inputs, Map.of(),
        Slot.array(CodeBlock.of("$N", keepMu ? mu : err), null), false);
    CodeBlock code = forwardBody(slots, names, new ErrorNode(CodeBlock.of("$N", x),
        moved == null ? null : CodeBlock.of("$N", moved), CodeBlock.of("$N", err)));
    if (code == null) {
      return null;
    }
    List<Parameter> params = new ArrayList<>();
    inputs.forEach((v, p) -> params.add(new Parameter(Role.INPUT, v, p)));
    if (keepMu) {
      params.add(new Parameter(Role.MU, null, mu));
    }
    params.add(new Parameter(plain ? Role.VALUE : Role.START, null, x));
    if (!plain) {
      params.add(new Parameter(Role.MOVED, null, moved));
    }
    params.add(new Parameter(Role.ERR, null, err));
    String method = ctx.methodNames.unique("predict" + Mangler.capitalize(name)
        + (plain ? "Il" : ""));
    Predict predict = new Predict(method, used(params, code, Role.ERR));
    if (plain) {
      predictPlain = predict;
    } else {
      predictExact = predict;
    }
    return method(method, predict.params(), code)
        .addJavadoc("The prediction of $L and its error $L, in one pass.\n",
            ModelGenerator.safeText(vertex.name()),
            plain ? "e = x - mu" : "e = start - mu + moved")
        .build();
  }

  /** The buffers of a value node's error, for {@link #forwardBody}; no moved in IL's form. */
  private record ErrorNode(CodeBlock x, CodeBlock moved, CodeBlock e) {}

  /** A fused prediction method: its name and parameters. */
  record Predict(String name, List<Parameter> params) {}

  /**
   * The forward code; with {@code error}, the error node's loop fused behind the root's,
   * or null when the root is not computed by one elementwise loop.
   */
  private CodeBlock forwardBody(Map<Node, Slot> slots, LocalNames names, ErrorNode error) {
    CodeBlock.Builder body = CodeBlock.builder();
    MapFusion fusion = new MapFusion(names, ctx.batch(), body);
    for (Node.Apply a : order) {
      NodeEmitter e = emitter(a, slots, names);
      CodeBlock forward = a.op().codegen().forward(e);
      fusion.add(forward, e.lastMap());
      if (a == root && error != null) {
        if (e.lastMap() == null || e.lastMap().code() != forward) {
          return null;
        }
        MapFusion.MapLoop loop = e.errorLoop(error.x(), error.moved(), error.e());
        fusion.add(loop.code(), loop);
      }
    }
    fusion.flush();
    return body.build();
  }

  /** The fused prediction of the given form, or null when {@link #predictMethod} gave none. */
  Predict predict(boolean plain) {
    return plain ? predictPlain : predictExact;
  }

  /** The backward method: J^T err into the inputs' feedback, updates into parameters. */
  MethodSpec backwardMethod() {
    LocalNames names = new LocalNames(ctx.fieldNames);
    Map<String, String> inputs = inputParams(names, false);
    Map<String, String> feedback = inputParams(names, true);
    String mu = names.local("mu");
    String err = names.local("err");
    String learn = names.local("learn");
    Map<Node, Slot> slots = new IdentityHashMap<>();
    assignSlots(slots, inputs, feedback,
        Slot.array(CodeBlock.of("$N", mu), CodeBlock.of("$N", err)), true);
    CodeBlock code = backwardBody(slots, names, learn);
    List<Parameter> params = new ArrayList<>();
    inputs.forEach((v, p) -> params.add(new Parameter(Role.INPUT, v, p)));
    params.add(new Parameter(Role.MU, null, mu));
    params.add(new Parameter(Role.ERR, null, err));
    feedback.forEach((v, p) -> params.add(new Parameter(Role.FEEDBACK, v, p)));
    params.add(new Parameter(Role.LEARN, null, learn));
    backwardParams = used(params, code, Role.ERR);
    return method(backwardName, backwardParams, code)
        .addJavadoc("Sends {@code err} back through $L: its inputs' feedback gets J^T err;\n"
            + "when {@code learn}, its parameters' updates get (dg/dtheta)^T err.\n",
            ModelGenerator.safeText(vertex.name()))
        .build();
  }

  private CodeBlock backwardBody(Map<Node, Slot> slots, LocalNames names, String learn) {
    CodeBlock.Builder body = CodeBlock.builder();
    for (Node.Apply a : order) {
      if (a != root && plan.needsGrad(a) && !plan.written(a)) {
        body.addStatement("$T.fill($L, 0, $L, $L)", java.util.Arrays.class,
            slots.get(a).grad(), countOf(a), ctx.numbers.lit(0));
      }
    }
    List<CodeBlock> learning = new ArrayList<>();
    for (int i = order.size() - 1; i >= 0; i--) {
      Node.Apply a = order.get(i);
      for (int arg = 0; arg < a.args().size(); arg++) {
        Node x = a.args().get(arg);
        if (!plan.needsGrad(x) || plan.sharesGradOf(x) == a) {
          continue;
        }
        CodeBlock code = a.op().codegen().backward(emitter(a, slots, names), arg);
        if (plan.reachesVertex(x)) {
          flushLearning(body, learning, learn);
          body.add(code);
        } else {
          learning.add(code);
        }
      }
    }
    flushLearning(body, learning, learn);
    return body.build();
  }

  /** Writes the parameter-only gradient code gathered so far inside {@code if (learn)}. */
  private static void flushLearning(CodeBlock.Builder body, List<CodeBlock> learning,
      String learn) {
    if (learning.isEmpty()) {
      return;
    }
    body.beginControlFlow("if ($N)", learn);
    learning.forEach(body::add);
    body.endControlFlow();
    learning.clear();
  }

  private CodeBlock countOf(Node n) {
    int size = n.shape().size();
    if (!n.batched()) {
      return CodeBlock.of("$L", size);
    }
    return size == 1 ? ctx.batch() : CodeBlock.of("$L * $L", ctx.batch(), size);
  }

  /** Parameter names for the inputs' value (or feedback) buffers, named like their fields. */
  private Map<String, String> inputParams(LocalNames names, boolean feedback) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String in : vertex.inputs()) {
      ModelContext.VertexBuffers b = ctx.buffers(in);
      if (!feedback) {
        params.put(in, names.parameter(b.value()));
      } else if (b.fb() != null) {
        params.put(in, names.parameter(b.fb()));
      }
    }
    return params;
  }

  private void assignSlots(Map<Node, Slot> slots, Map<String, String> inputs,
      Map<String, String> feedback, Slot rootSlot, boolean withGrads) {
    slots.put(root, rootSlot);
    root.walk(n -> slots.computeIfAbsent(n,
        k -> slotOf(k, inputs, feedback, withGrads, slots)));
  }

  private Slot slotOf(Node n, Map<String, String> inputs, Map<String, String> feedback,
      boolean withGrads, Map<Node, Slot> slots) {
    if (n instanceof Node.VertexRef r) {
      String fb = withGrads ? feedback.get(r.vertex()) : null;
      return Slot.array(CodeBlock.of("$N", inputs.get(r.vertex())),
          fb == null ? null : CodeBlock.of("$N", fb));
    }
    if (n instanceof Node.ParamRef p) {
      ModelContext.ParamBuffers b = ctx.param(p.param());
      return Slot.array(CodeBlock.of("$N", b.value()),
          withGrads ? CodeBlock.of("$N", b.update()) : null);
    }
    if (n instanceof Node.Constant c) {
      return new Slot(() -> constantField(c), ctx.numbers.lit(c.value()), null);
    }
    Node.Apply a = (Node.Apply) n;
    return Slot.array(field(a, false), withGrads && plan.needsGrad(a) ? gradOf(a, slots) : null);
  }

  /** A temporary's gradient buffer, or that of the result it shares its gradient with. */
  private CodeBlock gradOf(Node.Apply a, Map<Node, Slot> slots) {
    Node.Apply consumer = plan.sharesGradOf(a);
    if (consumer == null) {
      return field(a, true);
    }
    return consumer == root ? slots.get(root).grad() : gradOf(consumer, slots);
  }

  private CodeBlock field(Node.Apply a, boolean grad) {
    return CodeBlock.of("$N", ctx.fields.get(new TempKey(a, grad)).name());
  }

  private CodeBlock constantField(Node.Constant c) {
    Fields.Field f = ctx.fields.get(c, name + "_const", ctx.numbers.arrayType(),
        c.shape().size(), false, c.value());
    return CodeBlock.of("$N", f.name());
  }

  private NodeEmitter emitter(Node.Apply a, Map<Node, Slot> slots, LocalNames names) {
    List<Slot> args = a.args().stream().map(slots::get).toList();
    boolean[] w = plan.writes(a);
    return new NodeEmitter(a, tags.get(a), slots.get(a), args, ctx.numbers, ctx.fields,
        names, ctx.batch(), i -> w[i]);
  }

  /** The parameters {@code code} mentions, plus the one of role {@code always}. */
  private static List<Parameter> used(List<Parameter> params, CodeBlock code, Role always) {
    String text = code.toString();
    return params.stream()
        .filter(p -> p.role() == always
            || Pattern.compile("\\b" + p.name() + "\\b").matcher(text).find())
        .toList();
  }

  private MethodSpec.Builder method(String methodName, List<Parameter> params,
      CodeBlock code) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(methodName).addModifiers(Modifier.PRIVATE);
    for (Parameter p : params) {
      TypeName type = p.role() == Role.LEARN ? TypeName.BOOLEAN : ctx.numbers.arrayType();
      m.addParameter(type, p.name());
    }
    return m.addCode(code);
  }
}
