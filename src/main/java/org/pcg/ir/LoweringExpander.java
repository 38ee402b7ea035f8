package org.pcg.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.Ident;
import org.pcg.syntax.ast.LayerDef;
import org.pcg.syntax.ast.Stmt;

/**
 * The first step of lowering: unrolls loops and expands layer calls, turning the model's
 * statements into {@link LoweringDefs}. Names are bound here, so redefinitions and loop
 * bound errors are found here; expressions are lowered later, once every name is known.
 */
final class LoweringExpander {

  /** Most leaves, parameters and vertices a model may expand to; also most loop steps. */
  static final int MAX_DEFINITIONS = 100_000;

  /**
   * Deepest nesting of layer calls inside layers. Real models nest a few deep (a stage of
   * blocks of convolutions); expanding thousands deep would exhaust the Java stack.
   */
  static final int MAX_LAYER_DEPTH = 64;

  /** Why one statement defines the same element twice: a loop around it repeats it. */
  private static final String SAME_STEP_AGAIN = "by this statement at an earlier step of a"
      + " loop around it: its index must change at every step of every loop it is in";

  private final LoweringReport report;
  private final LoweringDefs defs;
  private final LoweringConstants constants;
  private final LoweringDecls decls;
  private final Map<String, LayerDef> layers;
  private final Deque<String> expanding = new ArrayDeque<>();
  private final Set<String> calledLayers = new HashSet<>();
  private boolean tooBig;
  /** How many times the statements being expanded run: the loops around them, multiplied. */
  private long repeats = 1;

  LoweringExpander(LoweringReport report, LoweringDefs defs, LoweringConstants constants,
      Map<String, LayerDef> layers) {
    this.report = report;
    this.defs = defs;
    this.constants = constants;
    this.decls = new LoweringDecls(report, constants);
    this.layers = layers;
  }

  /**
   * Whether expansion stopped early because the model grew too large: the statements after
   * that point were never read, so what they would have said (the loss) is unknown.
   */
  boolean stoppedEarly() {
    return tooBig;
  }

  /** Layers called at least once. */
  Set<String> calledLayers() {
    return calledLayers;
  }

  void statements(List<Stmt> body, Scope scope) {
    for (Stmt s : body) {
      if (tooBig) {
        return;
      }
      statement(s, scope);
    }
  }

  private void statement(Stmt s, Scope scope) {
    if (s instanceof Stmt.Input in) {
      dataLeaf(in.name(), in.shape(), Vertex.Kind.INPUT, scope, "an input");
    } else if (s instanceof Stmt.Target t) {
      dataLeaf(t.name(), t.shape(), Vertex.Kind.TARGET, scope, "a target");
    } else if (s instanceof Stmt.Param p) {
      param(p, scope);
    } else if (s instanceof Stmt.Assign a) {
      assign(a, scope);
    } else if (s instanceof Stmt.For f) {
      loop(f, scope);
    } else if (s instanceof Stmt.Loss l && inModelBody(scope, l.span(), "the loss")) {
      defs.losses.add(new LoweringDefs.LossDef(l, scope));
    } else if (s instanceof Stmt.Train t && inModelBody(scope, t.span(), "the train block")) {
      defs.trains.add(t);
    } else if (s instanceof Stmt.Return r) {
      checkReturnPlace(r, scope);
    }
  }

  /** Inputs, targets, the loss and training defaults belong to the model itself. */
  private boolean inModelBody(Scope scope, SourceSpan at, String what) {
    if (scope.layer() != null) {
      report.error(at, what + " belongs in the model, not inside layer '" + scope.layer()
          + "' (a layer receives tensors as arguments)");
      return false;
    }
    if (scope.isLoop()) {
      report.error(at, what + " belongs in the model, not inside a loop");
      return false;
    }
    return true;
  }

  private void checkReturnPlace(Stmt.Return r, Scope scope) {
    if (scope.layer() == null) {
      report.error(r.span(), "'return' belongs in a layer; a model ends with its loss");
    } else if (scope.isLoop()) {
      report.error(r.span(), "a layer returns once, after its loops, not inside one");
    }
  }

  private void dataLeaf(Ident name, List<Expr> dims, Vertex.Kind kind, Scope scope,
      String what) {
    Shape shape = decls.shape(dims, scope, name.span());
    if (!inModelBody(scope, name.span(), what) || shape == null) {
      return;
    }
    boolean target = kind == Vertex.Kind.TARGET;
    if (define(scope, name, new ScopeBinding.DataLeaf(name.text(), target, name.span()))) {
      defs.leaves.add(Vertex.leaf(name.text(), kind, shape, name.span()));
    }
  }

  private void param(Stmt.Param p, Scope scope) {
    if (scope.isLoop()) {
      report.error(p.name().span(), "a param inside a loop would be declared again at every"
          + " step: declare it before the loop to share it, or call a layer inside the loop"
          + " for fresh parameters at every step");
      return;
    }
    Shape shape = decls.shape(p.shape(), scope, p.name().span());
    Init init = p.init().map(spec -> decls.init(spec, scope)).orElse(Init.ZEROS);
    String global = scope.global(p.name().text());
    boolean defined = define(scope, p.name(), new ScopeBinding.ParamName(global, p.name().span()));
    if (defs.params.containsKey(global) || defs.vertices.containsKey(global)) {
      report.error(p.name().span(), "'" + global + "' is defined twice once layers are"
          + " expanded: a layer that returns another layer's call must not reuse that"
          + " layer's names");
    } else if (defined && shape != null && init != null && withinBudget(p.name().span())) {
      Param param = new Param(global, shape, init, p.name().span());
      defs.params.put(global, new LoweringDefs.ParamDef(param, p.name().text()));
    }
  }

  private void assign(Stmt.Assign a, Scope scope) {
    String global = a.index().isPresent() ? element(a, scope) : single(a, scope);
    if (global == null || !withinBudget(a.name().span())) {
      return;
    }
    defineVertex(global, a.value(), scope, a.name().span());
  }

  /** The vertex {@code global} computes {@code value}, or is the expansion of a layer call. */
  private void defineVertex(String global, Expr value, Scope scope, SourceSpan at) {
    if (value instanceof Expr.Call call && isLayerCall(call)) {
      expandLayer(call, global, scope, at);
    } else if (defs.vertices.containsKey(global) || defs.params.containsKey(global)) {
      // Only a layer returning another layer's call can get here: both expand under the
      // same prefix, so a name inside the one may repeat a name inside the other.
      report.error(at, "'" + global + "' is defined twice once layers are expanded: a layer"
          + " that returns another layer's call must not reuse that layer's names");
    } else {
      defs.vertices.put(global, new LoweringDefs.VertexDef(global, value, scope, at));
    }
  }

  /** A call of a layer; layers may not take the names of ops, so there is no ambiguity. */
  private boolean isLayerCall(Expr.Call call) {
    return layers.containsKey(call.function().text());
  }

  private String single(Stmt.Assign a, Scope scope) {
    String name = a.name().text();
    if (scope.isLoop()) {
      report.error(a.name().span(), "inside a loop, define an element of a family, as in '"
          + name + "[t] = ...': '" + name + " = ...' would be defined again at every step");
      return null;
    }
    String global = scope.global(name);
    return define(scope, a.name(), new ScopeBinding.VertexName(global, a.name().span()))
        ? global
        : null;
  }

  /** Defines {@code name[i]}, making {@code name} a family on its first element. */
  private String element(Stmt.Assign a, Scope scope) {
    Ident name = a.name();
    Integer index =
        constants.integer(a.index().get(), scope, "the index of family '" + name + "'");
    if (index == null) {
      return null;
    }
    ScopeBinding b = scope.lookup(name.text());
    if (b == null) {
      b = new ScopeBinding.Family(scope.global(name.text()), name.span());
      scope.define(name.text(), b);
    }
    if (!(b instanceof ScopeBinding.Family family)) {
      report.error(name.span(), "'" + name + "' is already defined at "
          + LoweringReport.where(b.at()) + ", so it cannot also name a family of vertices");
      return null;
    }
    SourceSpan earlier = defs.elementAt(family.global(), index);
    if (earlier != null) {
      String where = earlier.equals(name.span()) ? SAME_STEP_AGAIN
          : "at " + LoweringReport.where(earlier);
      report.error(name.span(), name + "[" + index + "] is already defined " + where);
      return null;
    }
    defs.addFamilyElement(family.global(), index, name.span());
    return family.element(index);
  }

  /** Binds a new name where definitions live; reports a redefinition instead. */
  private boolean define(Scope scope, Ident name, ScopeBinding binding) {
    ScopeBinding existing = scope.lookup(name.text());
    if (existing != null) {
      report.error(name.span(), "'" + name + "' is already defined at "
          + LoweringReport.where(existing.at()));
      return false;
    }
    scope.define(name.text(), binding);
    return true;
  }

  private void loop(Stmt.For f, Scope scope) {
    Integer from = constants.integer(f.from(), scope, "the start of the loop");
    Integer to = constants.integer(f.to(), scope, "the end of the loop");
    if (from == null || to == null || !validRange(f, from, to, scope)) {
      return;
    }
    long outside = repeats;
    repeats = outside * ((long) to - from + 1);
    for (int i = from; i <= to && !tooBig; i++) {
      Scope step = scope.loop();
      step.bindHere(f.variable().text(), new ScopeBinding.IntValue(i, f.variable().span()));
      statements(f.body(), step);
    }
    repeats = outside;
  }

  private boolean validRange(Stmt.For f, int from, int to, Scope scope) {
    String name = f.variable().text();
    ScopeBinding existing = scope.lookup(name);
    if (existing != null) {
      report.error(f.variable().span(), "loop variable '" + name + "' would hide '" + name
          + "' defined at " + LoweringReport.where(existing.at()));
      return false;
    }
    if (to < from) {
      report.error(f.from().span(), "the loop range " + from + ".." + to + " is empty: a range"
          + " counts up from its first bound to its last, both included");
      return false;
    }
    long steps = (long) to - from + 1;
    if (steps > MAX_DEFINITIONS) {
      report.error(f.to().span(), "the loop would run " + steps + " times; the most a model"
          + " may unroll is " + MAX_DEFINITIONS);
      return false;
    }
    if (repeats * steps > MAX_DEFINITIONS) {
      // Checked before unrolling: a loop nest whose body defines nothing would otherwise
      // run its billions of empty steps before any budget noticed.
      tooBig = true;
      report.error(f.to().span(), "the loop would run " + steps + " times inside loops (or"
          + " calls from loops) that run " + repeats + " times, " + repeats * steps
          + " steps in all; the most a model may unroll is " + MAX_DEFINITIONS);
      return false;
    }
    return true;
  }

  private boolean withinBudget(SourceSpan at) {
    if (defs.size() < MAX_DEFINITIONS) {
      return true;
    }
    tooBig = true;
    report.error(at, "the model expands to more than " + MAX_DEFINITIONS
        + " vertices and parameters: unroll fewer steps or call fewer layers");
    return false;
  }

  /**
   * Expands {@code call} for the statement defining {@code global}: binds the arguments,
   * defines the layer's statements under {@code global.}, and makes its return value the
   * vertex {@code global} itself.
   */
  private void expandLayer(Expr.Call call, String global, Scope caller, SourceSpan at) {
    String name = call.function().text();
    LayerDef layer = layers.get(name);
    calledLayers.add(name);
    if (expanding.contains(name)) {
      report.error(call.span(), "layer '" + name + "' calls itself"
          + (expanding.peek().equals(name) ? "" : " through layer '" + expanding.peek() + "'")
          + ": layers expand when compiled, so they cannot recurse");
      return;
    }
    if (expanding.size() >= MAX_LAYER_DEPTH) {
      tooBig = true;
      report.error(call.span(), "layer calls nest more than " + MAX_LAYER_DEPTH + " deep here ("
          + "'" + expanding.peekLast() + "' -> ... -> '" + expanding.peek() + "' -> '" + name
          + "'): layers expand when compiled; call fewer layers from inside layers");
      return;
    }
    Scope inner = Scope.layer(name, global + ".");
    if (!new LoweringLayerArgs(report, constants).bind(layer, call, caller, inner)) {
      return;
    }
    expanding.push(name);
    statements(layer.body(), inner);
    returned(layer).ifPresent(ret -> defineVertex(global, ret.value(), inner, at));
    expanding.pop();
  }

  /** The layer's return statement; a layer without one was reported when it was checked. */
  private static Optional<Stmt.Return> returned(LayerDef layer) {
    for (Stmt s : layer.body()) {
      if (s instanceof Stmt.Return r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
