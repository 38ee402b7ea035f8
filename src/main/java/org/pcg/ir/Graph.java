package org.pcg.ir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model after lowering: vertices in a topological order (every vertex after the vertices
 * it reads), parameters, the loss and the training defaults. Immutable; passes return new
 * graphs.
 *
 * <p>Exactly one vertex is the output, the one the loss reads. Every non-leaf vertex must
 * reach it; lowering reports vertices that do not.
 */
public final class Graph {

  private final String name;
  private final String sourceFile;
  private final List<Vertex> vertices;
  private final Map<String, Vertex> byName;
  private final Map<String, Param> params;
  private final Loss loss;
  private final TrainingDefaults defaults;
  private final Map<String, List<String>> consumers;
  private final String origin;

  /**
   * A graph of these parts. Vertices must be in topological order with unique names, and
   * every name they read must be a vertex or parameter of the graph.
   */
  public Graph(String name, String sourceFile, List<Vertex> vertices, List<Param> params,
      Loss loss, TrainingDefaults defaults) {
    this(name, sourceFile, vertices, params, loss, defaults, null);
  }

  private Graph(String name, String sourceFile, List<Vertex> vertices, List<Param> params,
      Loss loss, TrainingDefaults defaults, String origin) {
    this.origin = origin;
    this.name = Objects.requireNonNull(name);
    this.sourceFile = Objects.requireNonNull(sourceFile);
    this.vertices = List.copyOf(vertices);
    this.loss = Objects.requireNonNull(loss);
    this.defaults = Objects.requireNonNull(defaults);
    this.byName = index(this.vertices);
    this.params = indexParams(params);
    this.consumers = consumersOf(this.vertices);
  }

  private static Map<String, Vertex> index(List<Vertex> vertices) {
    Map<String, Vertex> map = new LinkedHashMap<>();
    for (Vertex v : vertices) {
      for (String in : v.inputs()) {
        if (!map.containsKey(in)) {
          throw new IllegalArgumentException(v.name() + " reads " + in + " before it exists");
        }
      }
      if (map.put(v.name(), v) != null) {
        throw new IllegalArgumentException("vertex defined twice: " + v.name());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static Map<String, Param> indexParams(List<Param> params) {
    Map<String, Param> map = new LinkedHashMap<>();
    for (Param p : params) {
      if (map.put(p.name(), p) != null) {
        throw new IllegalArgumentException("parameter defined twice: " + p.name());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static Map<String, List<String>> consumersOf(List<Vertex> vertices) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Vertex v : vertices) {
      map.put(v.name(), new ArrayList<>());
    }
    for (Vertex v : vertices) {
      for (String in : v.inputs()) {
        map.get(in).add(v.name());
      }
    }
    map.replaceAll((k, list) -> List.copyOf(list));
    return Collections.unmodifiableMap(map);
  }

  /** The model's name from {@code model NAME { ... }}. */
  public String name() {
    return name;
  }

  /** The model file, as given to the compiler. */
  public String sourceFile() {
    return sourceFile;
  }

  /** All vertices in topological order. */
  public List<Vertex> vertices() {
    return vertices;
  }

  public Vertex vertex(String vertexName) {
    Vertex v = byName.get(vertexName);
    if (v == null) {
      throw new IllegalArgumentException("no vertex " + vertexName);
    }
    return v;
  }

  public boolean hasVertex(String vertexName) {
    return byName.containsKey(vertexName);
  }

  /** Parameters in declaration order (after layer expansion). */
  public List<Param> params() {
    return List.copyOf(params.values());
  }

  public Param param(String paramName) {
    Param p = params.get(paramName);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + paramName);
    }
    return p;
  }

  /** Names of the vertices that read {@code vertexName}, in topological order. */
  public List<String> consumers(String vertexName) {
    List<String> c = consumers.get(vertexName);
    if (c == null) {
      throw new IllegalArgumentException("no vertex " + vertexName);
    }
    return c;
  }

  public Loss loss() {
    return loss;
  }

  /** The vertex the loss reads. */
  public Vertex output() {
    return vertex(loss.output());
  }

  /** The target leaf the loss compares the output with. */
  public Vertex target() {
    return vertex(loss.target());
  }

  /** Input leaves in declaration order. */
  public List<Vertex> inputs() {
    return vertices.stream().filter(v -> v.kind() == Vertex.Kind.INPUT).toList();
  }

  public TrainingDefaults defaults() {
    return defaults;
  }

  /**
   * A digest of what the model computes: its vertices (kind, name, expression, shape), its
   * parameters' names and shapes and its loss; not the file's name, comments, layout, the
   * parameters' initialisers or the train block. A training checkpoint records it, so that a
   * run resumes only on the model it was saved from.
   */
  public String computationDigest() {
    StringBuilder text = new StringBuilder("model ").append(name).append('\n');
    for (Vertex v : vertices) {
      text.append(v.kind()).append(' ').append(v).append(" : ").append(v.shape())
          .append(v.batched() ? " batched" : "").append('\n');
    }
    for (Param p : params.values()) {
      text.append("param ").append(p.name()).append(" : ").append(p.shape()).append('\n');
    }
    text.append("loss ").append(loss.kind()).append(' ').append(loss.output()).append(' ')
        .append(loss.target()).append(loss.mean() ? " mean" : " sum");
    MessageDigest sha = Sha256.digest();
    sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(sha).substring(0, 16);
  }

  /**
   * A digest of the model text this graph was lowered from (see {@link #withOrigin}), or
   * null for a graph built otherwise or changed by a pass.
   */
  public String origin() {
    return origin;
  }

  /**
   * This graph, marked as lowered from the text {@code digest} identifies. The compiler's
   * cache trusts the mark: one pcg build lowers the same text to the same graph, so it may
   * reuse the class compiled for that text without generating the source again.
   */
  public Graph withOrigin(String digest) {
    return new Graph(name, sourceFile, vertices, params(), loss, defaults,
        Objects.requireNonNull(digest));
  }

  /**
   * This graph with other vertices (a pass's result); everything else is kept except the
   * origin, which no longer describes it.
   */
  public Graph withVertices(List<Vertex> newVertices) {
    return new Graph(name, sourceFile, newVertices, params(), loss, defaults);
  }
}
