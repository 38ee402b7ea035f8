package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Param;
import org.pcg.ir.Vertex;
import org.pcg.passes.Schedule;

/**
 * What every part of one generated class shares: the graph and its schedule, the dtype's
 * numbers, the two namespaces (fields and locals; methods) and the buffers of every vertex
 * and parameter.
 */
final class ModelContext {

  /** The field holding the current batch size. */
  static final String BATCH = "n";

  /** The field holding the capacity, and the constructor parameter of that name. */
  static final String CAPACITY = "capacity";

  /**
   * Names generated code uses for its own fields and for types it refers to by simple name;
   * a model name never takes one of them (a field named {@code Math} would hide the class).
   */
  private static final Set<String> RESERVED_FIELDS = Set.of(BATCH, CAPACITY, "params",
      "updates", "noise", "energy", "energySteps", "energyNow", "INFO", "MAX_LEVEL",
      "LEARN_ALL", "LEARN_NONE", "ALL_AWAKE", "java", "javax", "org", "com", "Math", "System",
      "Arrays", "Kernels", "ParamInit", "ModelInfo", "TensorSpec", "DType", "List", "Algorithm",
      "PcOptions", "Optimizer", "CompiledModel", "Random", "Init", "Override", "String",
      "Object", "Double", "Float", "Integer", "IllegalArgumentException",
      // parameters of generated methods that also read model buffers
      "options", "learning", "gamma", "seed", "awake", "withEnergy");

  /** Methods the class defines itself (or inherits from Object). */
  private static final Set<String> RESERVED_METHODS = Set.of("info", "capacity", "setBatch",
      "forward", "output", "computeUpdates", "getUpdate", "getParam", "setParam",
      "applyUpdates", "energyTrace", "initParams", "allocate", "forwardAll", "backpropagate",
      "sweepLevels", "relaxZil", "relaxIl", "predictAll", "computeErrors", "clearFeedback",
      "clearUpdates", "sendErrors", "relaxAll", "relax", "predictAndErrors", "sendAndRelax",
      "error", "energy", "addNoise", "startNoise", "predictAndErrorsIl", "sendAndRelaxIl",
      "plainError", "plainRelax",
      "learns", "awake", "lossAndError", "copyIn", "copyOut", "trace", "exact", "linkTables",
      "equals", "hashCode", "toString", "getClass", "wait", "notify", "notifyAll", "clone",
      "finalize");

  /**
   * The buffers of one vertex. Leaves have only a value; a non-leaf vertex also has its
   * prediction mu and its error e; a hidden vertex also the feedback its consumers send, and
   * its value node kept as the start of the inference plus how far it has moved (the
   * output, clamped and without consumers, has none of these three).
   */
  record VertexBuffers(String value, String mu, String err, String fb, String start,
      String moved) {}

  /** The buffers of one parameter and its index in {@link org.pcg.runtime.ModelInfo}. */
  record ParamBuffers(String value, String update, int index) {}

  final Graph graph;
  final Schedule schedule;
  final Numbers numbers;
  final Mangler fieldNames;
  final Mangler methodNames;
  final Fields fields;
  final String className;
  private final Map<String, VertexBuffers> vertices = new LinkedHashMap<>();
  private final Map<String, ParamBuffers> params = new LinkedHashMap<>();
  private final Map<String, Integer> reads = new HashMap<>();

  /**
   * Parameters whose update, and vertices whose feedback, their one reader writes whole in
   * every learning step, so nothing zeroes them first (filled in by {@link VertexCode}).
   */
  final Set<String> writtenUpdates = new HashSet<>();
  final Set<String> writtenFeedback = new HashSet<>();

  ModelContext(Graph graph, Schedule schedule, Numbers numbers, String className) {
    this.graph = graph;
    this.schedule = schedule;
    this.numbers = numbers;
    this.className = className;
    this.fieldNames = new Mangler(union(RESERVED_FIELDS, className));
    this.methodNames = new Mangler(union(RESERVED_METHODS, className));
    this.fields = new Fields(fieldNames);
    nameParams(graph.params());
    nameVertices(graph.vertices());
    countReads();
  }

  /** Counts every reference to a parameter or vertex in every vertex's expression. */
  private void countReads() {
    for (Vertex v : graph.vertices()) {
      if (v.expr() == null) {
        continue;
      }
      v.expr().walk(n -> {
        if (n instanceof Node.ParamRef p) {
          reads.merge("param:" + p.param(), 1, Integer::sum);
        } else if (n instanceof Node.VertexRef r) {
          reads.merge("vertex:" + r.vertex(), 1, Integer::sum);
        }
      });
    }
  }

  /** How many times the graph's expressions read parameter {@code name}. */
  int paramReads(String name) {
    return reads.getOrDefault("param:" + name, 0);
  }

  /** How many times the graph's expressions read vertex {@code name}. */
  int vertexReads(String name) {
    return reads.getOrDefault("vertex:" + name, 0);
  }

  private static Set<String> union(Set<String> names, String extra) {
    Set<String> all = new java.util.HashSet<>(names);
    all.add(extra);
    return all;
  }

  private void nameParams(List<Param> list) {
    for (int i = 0; i < list.size(); i++) {
      Param p = list.get(i);
      int size = p.shape().size();
      String value = field("param:" + p.name(), p.name(), size, false);
      String update = field("update:" + p.name(), p.name() + "_update", size, false);
      params.put(p.name(), new ParamBuffers(value, update, i));
    }
  }

  private void nameVertices(List<Vertex> list) {
    String output = graph.loss().output();
    for (Vertex v : list) {
      int size = v.shape().size();
      String value = v.kind() == Vertex.Kind.CONSTANT
          ? constantField(v)
          : field("value:" + v.name(), v.name(), size, v.batched());
      if (v.isLeaf()) {
        vertices.put(v.name(), new VertexBuffers(value, null, null, null, null, null));
        continue;
      }
      String mu = field("mu:" + v.name(), v.name() + "_mu", size, v.batched());
      String err = field("err:" + v.name(), v.name() + "_err", size, v.batched());
      if (v.name().equals(output)) {
        vertices.put(v.name(), new VertexBuffers(value, mu, err, null, null, null));
        continue;
      }
      String fb = field("fb:" + v.name(), v.name() + "_fb", size, v.batched());
      String start = field("start:" + v.name(), v.name() + "_start", size, v.batched());
      String moved = field("moved:" + v.name(), v.name() + "_moved", size, v.batched());
      vertices.put(v.name(), new VertexBuffers(value, mu, err, fb, start, moved));
    }
  }

  private String constantField(Vertex v) {
    double value = ((org.pcg.ir.Node.Constant) v.expr()).value();
    return fields.get("value:" + v.name(), v.name(), numbers.arrayType(), v.shape().size(),
        false, value).name();
  }

  private String field(String key, String name, int perSample, boolean batched) {
    return fields.get(key, name, numbers.arrayType(), perSample, batched, null).name();
  }

  VertexBuffers buffers(String vertex) {
    return vertices.get(vertex);
  }

  ParamBuffers param(String name) {
    return params.get(name);
  }

  /** The batch-size field as an expression. */
  CodeBlock batch() {
    return CodeBlock.of("$N", BATCH);
  }

  /** The number of values vertex {@code v} holds for the current batch. */
  CodeBlock count(Vertex v) {
    int size = v.shape().size();
    if (!v.batched()) {
      return CodeBlock.of("$L", size);
    }
    return size == 1 ? batch() : CodeBlock.of("$N * $L", BATCH, size);
  }

  /** The non-leaf vertices, in topological order. */
  List<Vertex> computed() {
    return graph.vertices().stream().filter(v -> !v.isLeaf()).toList();
  }

  boolean isOutput(Vertex v) {
    return v.name().equals(graph.loss().output());
  }
}
