package org.pcg.passes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.ir.Graph;
import org.pcg.ir.Vertex;

/**
 * The Z-IL timetable of a graph: the level of every non-leaf vertex and the inference step
 * at which each parameter use is read.
 *
 * <p>{@code level(v)} is the longest path length from {@code v} to the output, so the output
 * has level 0. Z-IL updates the parameters of {@code v} at step {@code level(v)} from the
 * error {@code e_v} of that step, which equals BP's delta exactly when the graph is
 * levelled. The schedule is also defined on an unlevelled graph, where it is the timetable
 * the "levelling off" experiment runs (and where Z-IL is no longer exact).
 *
 * <p>Leaves (inputs, targets, constants) have no level: they are clamped and carry no error.
 */
public final class Schedule {

  /** One parameter read by one vertex, applied at inference step {@code step}. */
  public record ParamUse(String param, String vertex, int step) {}

  /**
   * An edge between two non-leaf vertices and how many levels it spans; a levelled graph
   * has only spans of 1.
   */
  public record EdgeSpan(String from, String to, int span) {}

  private final Graph graph;
  private final Map<String, Integer> levels;
  private final int maxLevel;

  private Schedule(Graph graph, Map<String, Integer> levels) {
    this.graph = graph;
    this.levels = Collections.unmodifiableMap(levels);
    this.maxLevel = levels.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /**
   * The schedule of {@code g}.
   *
   * @throws IllegalArgumentException if a non-leaf vertex does not reach the output (the
   *     verifier rejects such graphs first)
   */
  public static Schedule of(Graph g) {
    return new Schedule(g, longestPathsToOutput(g));
  }

  /** L(v) for every non-leaf vertex, in topological order. */
  private static Map<String, Integer> longestPathsToOutput(Graph g) {
    String output = g.loss().output();
    Map<String, Integer> fromOutput = new LinkedHashMap<>();
    List<Vertex> vertices = g.vertices();
    // Reverse topological order: every consumer has its length before the vertex it reads.
    for (int i = vertices.size() - 1; i >= 0; i--) {
      Vertex v = vertices.get(i);
      if (v.name().equals(output)) {
        fromOutput.put(output, 0);
      } else if (!v.isLeaf()) {
        fromOutput.put(v.name(), 1 + longestConsumer(g, v, fromOutput));
      }
    }
    Map<String, Integer> inOrder = new LinkedHashMap<>();
    for (Vertex v : vertices) {
      if (fromOutput.containsKey(v.name())) {
        inOrder.put(v.name(), fromOutput.get(v.name()));
      }
    }
    return inOrder;
  }

  private static int longestConsumer(Graph g, Vertex v, Map<String, Integer> fromOutput) {
    List<String> consumers = g.consumers(v.name());
    if (consumers.isEmpty()) {
      throw new IllegalArgumentException("vertex " + v.name() + " does not reach the output");
    }
    return consumers.stream().mapToInt(fromOutput::get).max().getAsInt();
  }

  /** The graph this schedule times. */
  public Graph graph() {
    return graph;
  }

  /** Whether {@code vertexName} has a level (it is a non-leaf vertex of the graph). */
  public boolean hasLevel(String vertexName) {
    return levels.containsKey(vertexName);
  }

  /** The level of a non-leaf vertex: its longest path length to the output. */
  public int level(String vertexName) {
    Integer level = levels.get(vertexName);
    if (level == null) {
      throw new IllegalArgumentException("no non-leaf vertex " + vertexName);
    }
    return level;
  }

  /** The highest level; the last Z-IL step. */
  public int maxLevel() {
    return maxLevel;
  }

  /** Levels of all non-leaf vertices, in topological order. */
  public Map<String, Integer> levels() {
    return levels;
  }

  /** The non-leaf vertices at {@code level}, in topological order. */
  public List<Vertex> verticesAt(int level) {
    if (level < 0 || level > maxLevel) {
      throw new IllegalArgumentException("level " + level + " outside 0.." + maxLevel);
    }
    List<Vertex> at = new ArrayList<>();
    levels.forEach((name, l) -> {
      if (l == level) {
        at.add(graph.vertex(name));
      }
    });
    return at;
  }

  /**
   * Every parameter use, ordered by step, then by the vertex's topological position. A
   * parameter read by several vertices has one use per vertex, each at that vertex's level.
   */
  public List<ParamUse> paramUses() {
    List<ParamUse> uses = new ArrayList<>();
    levels.forEach((name, level) -> {
      for (String param : graph.vertex(name).params()) {
        uses.add(new ParamUse(param, name, level));
      }
    });
    uses.sort(Comparator.comparingInt(ParamUse::step));
    return uses;
  }

  /** The parameter uses applied at inference step {@code step}. */
  public List<ParamUse> paramUsesAt(int step) {
    return paramUses().stream().filter(u -> u.step() == step).toList();
  }

  /** Every edge between non-leaf vertices with its span, ordered by the reading vertex. */
  public List<EdgeSpan> edgeSpans() {
    List<EdgeSpan> spans = new ArrayList<>();
    levels.forEach((to, toLevel) -> {
      for (String from : graph.vertex(to).inputs()) {
        if (levels.containsKey(from)) {
          spans.add(new EdgeSpan(from, to, levels.get(from) - toLevel));
        }
      }
    });
    return spans;
  }

  /** Whether every edge between non-leaf vertices spans exactly one level. */
  public boolean isLevelled() {
    return edgeSpans().stream().allMatch(e -> e.span() == 1);
  }
}
