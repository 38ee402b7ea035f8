package org.pcg.passes;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Attrs;
import org.pcg.ir.Graph;
import org.pcg.ir.Init;
import org.pcg.ir.Loss;
import org.pcg.ir.Node;
import org.pcg.ir.OpCatalog;
import org.pcg.ir.Param;
import org.pcg.ir.Shape;
import org.pcg.ir.TrainingDefaults;
import org.pcg.ir.Vertex;
import org.pcg.syntax.SourceSpan;

/**
 * Each test breaks one invariant in a graph that is otherwise sound. "topological order" and
 * "vertex shape" cannot be broken through the IR's constructors (Graph rejects reads of
 * later vertices; Vertex takes its shape from its expression), so they have no test here.
 */
class VerifierTest {

  private static final SourceSpan SPAN = new SourceSpan(GraphBuilder.FILE, 1, 1, 1);

  /** x -> h -> out with a target t; the base every broken graph starts from. */
  private static GraphBuilder base() {
    GraphBuilder b = new GraphBuilder().input("x", 3).target("t", 3).param("W", 3, 3);
    b.stmt("h", b.apply("tanh", b.apply("matmul", b.p("W"), b.v("x"))));
    return b;
  }

  private static Graph sound() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("tanh", b.v("h")));
    return b.build("out", "t");
  }

  private static void assertBroken(Graph g, String invariant) {
    assertThatThrownBy(() -> Verifier.check(g, "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("internal compiler error after pass 'test': " + invariant + ": ");
  }

  private static Graph withLoss(GraphBuilder b, String output, String target) {
    Loss loss = new Loss(Loss.Kind.MSE, output, target, true, SPAN);
    return new Graph("broken", GraphBuilder.FILE, b.vertices(), b.params(), loss,
        TrainingDefaults.NONE);
  }

  @Test
  void soundGraphPasses() {
    assertThatCode(() -> Verifier.check(sound(), "test")).doesNotThrowAnyException();
  }

  @Test
  void parameterNamedLikeAVertex() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("tanh", b.v("h")));
    List<Param> params = new ArrayList<>(b.params());
    params.add(new Param("h", Shape.of(3), Init.ZEROS, SPAN));
    Graph g = new Graph("broken", GraphBuilder.FILE, b.vertices(), params,
        new Loss(Loss.Kind.MSE, "out", "t", true, SPAN), TrainingDefaults.NONE);

    assertBroken(g, "unique names");
  }

  @Test
  void readOfAVertexWithTheWrongShape() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("tanh", new Node.VertexRef("h", Shape.of(4), true, SPAN)));

    assertBroken(b.build("out", "t"), "vertex reference");
  }

  @Test
  void readOfABatchedVertexAsUnbatched() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("tanh", new Node.VertexRef("h", Shape.of(3), false, SPAN)));

    assertBroken(b.build("out", "t"), "vertex reference");
  }

  @Test
  void readOfAnUnknownParameter() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("add", b.v("h"), new Node.ParamRef("bias", Shape.of(3), SPAN)));

    assertBroken(b.build("out", "t"), "parameter reference");
  }

  @Test
  void readOfAParameterWithTheWrongShape() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("add", b.v("h"), new Node.ParamRef("W", Shape.of(3), SPAN)));

    assertBroken(b.build("out", "t"), "parameter reference");
  }

  @Test
  void opWithTooManyArguments() {
    GraphBuilder b = base();
    Node tooMany = new Node.Apply(OpCatalog.get("tanh"), List.of(b.v("h"), b.v("h")),
        Attrs.NONE, Shape.of(3), SPAN);
    b.stmt("out", tooMany);

    assertBroken(b.build("out", "t"), "arity");
  }

  @Test
  void opWhoseShapeDisagreesWithItsRule() {
    GraphBuilder b = base();
    Node wrong = new Node.Apply(OpCatalog.get("add"), List.of(b.v("h"), b.v("x")),
        Attrs.NONE, Shape.of(5), SPAN);
    b.stmt("out", wrong);

    assertBroken(b.build("out", "t"), "shape rule");
  }

  @Test
  void opWhoseRuleRejectsItsArguments() {
    GraphBuilder b = base().input("y", 2);
    Node wrong = new Node.Apply(OpCatalog.get("add"), List.of(b.v("h"), b.v("y")),
        Attrs.NONE, Shape.of(3), SPAN);
    b.stmt("out", wrong);

    assertBroken(b.build("out", "t"), "shape rule");
  }

  @Test
  void constantLeafComputingSomething() {
    GraphBuilder b = base().constant("c", 1.0, 3);
    Vertex c = b.vertices().get(b.vertices().size() - 1);
    Vertex broken = c.withExpr(b.apply("tanh", b.v("h")));
    List<Vertex> vertices = new ArrayList<>(b.vertices());
    vertices.set(vertices.size() - 1, broken);
    b.stmt("out", b.apply("add", b.v("h"), b.v("c")));
    vertices.add(b.vertices().get(b.vertices().size() - 1));
    Graph g = new Graph("broken", GraphBuilder.FILE, vertices, b.params(),
        new Loss(Loss.Kind.MSE, "out", "t", true, SPAN), TrainingDefaults.NONE);

    assertBroken(g, "leaf expression");
  }

  @Test
  void identityThatComputesSomethingElse() {
    GraphBuilder b = base();
    Vertex id = Vertex.identity("h->out~1", b.vertices().get(2), SPAN);
    Vertex broken = id.withExpr(b.apply("tanh", b.v("h")));
    List<Vertex> vertices = new ArrayList<>(b.vertices());
    vertices.add(broken);
    vertices.add(Vertex.statement("out", new Node.VertexRef("h->out~1", Shape.of(3), true,
        SPAN), SPAN));
    Graph g = new Graph("broken", GraphBuilder.FILE, vertices, b.params(),
        new Loss(Loss.Kind.MSE, "out", "t", true, SPAN), TrainingDefaults.NONE);

    assertBroken(g, "identity form");
  }

  @Test
  void lossReadingAnInput() {
    assertBroken(withLoss(base(), "x", "t"), "loss output");
  }

  @Test
  void lossReadingNoVertex() {
    assertBroken(withLoss(base(), "logits", "t"), "loss output");
  }

  @Test
  void lossComparingWithAnInput() {
    assertBroken(withLoss(base(), "h", "x"), "target");
  }

  @Test
  void targetReadByAVertex() {
    GraphBuilder b = base();
    b.stmt("out", b.apply("add", b.v("h"), b.v("t")));

    assertBroken(b.build("out", "t"), "target");
  }

  @Test
  void secondTargetReadByAVertex() {
    GraphBuilder b = base().target("t2", 3);
    b.stmt("out", b.apply("add", b.v("h"), b.v("t2")));

    assertBroken(b.build("out", "t"), "target");
  }

  @Test
  void secondTargetNobodyReadsIsAllowed() {
    GraphBuilder b = base().target("t2", 3);
    b.stmt("out", b.apply("tanh", b.v("h")));

    assertThatCode(() -> Verifier.check(b.build("out", "t"), "test")).doesNotThrowAnyException();
  }

  @Test
  void vertexThatReachesNothing() {
    GraphBuilder b = base();
    b.stmt("dangling", b.apply("tanh", b.v("h")));
    b.stmt("out", b.apply("tanh", b.v("h")));

    assertBroken(b.build("out", "t"), "reaches output");
  }
}
