package org.pcg.robustness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes random model files that mostly type-check: a few vertices built from the op
 * catalogue over small shapes (vectors, sequences, images), with parameters of fitting
 * shapes, skip connections between vertices of equal shape, and a classifier or regression
 * head. A few statements are left ill-typed on purpose so that diagnostics get exercised
 * past the parser too.
 */
final class RandomModels {

  private static final List<String> UNARY = List.of("tanh", "sigmoid", "relu", "leaky_relu",
      "elu", "gelu", "softplus", "exp", "log", "sqrt", "square", "abs", "id", "-");
  private static final List<String> BINARY = List.of("+", "-", "*", "/");
  private static final List<String> INITS = List.of("glorot", "he", "orthogonal",
      "uniform(-0.5, 0.5)", "normal(0, 0.3)", "constant(0.1)", "ones", "zeros", "xavier");
  private static final int MAX_DIM = 6;
  private static final double ILL_TYPED = 0.03;

  private final Random random;
  private final List<String> params = new ArrayList<>();
  private final List<String> statements = new ArrayList<>();
  private final List<Vertex> vertices = new ArrayList<>();

  /** A named value and its per-sample shape. */
  private record Vertex(String name, int[] shape) {
    int rank() {
      return shape.length;
    }

    int size() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }
  }

  private RandomModels(Random random) {
    this.random = random;
  }

  /** A model file drawn from {@code random}. */
  static String model(Random random) {
    return new RandomModels(random).write();
  }

  private String write() {
    int[] inputShape = switch (random.nextInt(3)) {
      case 0 -> new int[] {dim()};
      case 1 -> new int[] {dim(), dim()};
      default -> new int[] {1 + random.nextInt(2), 4 + random.nextInt(3), 4 + random.nextInt(3)};
    };
    vertices.add(new Vertex("x", inputShape));
    int count = 1 + random.nextInt(7);
    for (int i = 0; i < count; i++) {
      addVertex("v" + i);
    }
    int classes = 2 + random.nextInt(4);
    boolean classify = random.nextBoolean();
    String head = head(classes);
    StringBuilder sb = new StringBuilder("model fuzz {\n  input x : ").append(shape(inputShape))
        .append("\n  target y : [").append(classes).append("]\n");
    params.forEach(p -> sb.append("  ").append(p).append('\n'));
    statements.forEach(s -> sb.append("  ").append(s).append('\n'));
    sb.append("  out = ").append(head).append('\n');
    sb.append("  loss ").append(classify ? "cross_entropy" : "mse").append("(out, y)\n");
    if (random.nextInt(4) == 0) {
      sb.append("  train { algorithm = ").append(pick(List.of("bp", "zil", "il")))
          .append(" }\n");
    }
    return sb.append("}\n").toString();
  }

  private void addVertex(String name) {
    Vertex v = vertices.get(random.nextInt(vertices.size()));
    Vertex made = switch (random.nextInt(10)) {
      case 0, 1 -> unary(name, v);
      case 2 -> binary(name, v);
      case 3 -> matmul(name, v);
      case 4 -> reduce(name, v);
      case 5 -> shapeOp(name, v);
      case 6 -> v.rank() == 3 ? vision(name, v) : softmax(name, v);
      case 7 -> skip(name, v);
      case 8 -> layerNorm(name, v);
      default -> index(name, v);
    };
    vertices.add(made);
  }

  private Vertex unary(String name, Vertex v) {
    String f = pick(UNARY);
    String rhs = f.equals("-") ? "-" + v.name : f + "(" + v.name + ")";
    if (f.equals("log") || f.equals("sqrt")) {
      rhs = f + "(square(" + v.name + ") + 1)";
    }
    return statement(name, rhs, v.shape);
  }

  private Vertex binary(String name, Vertex v) {
    String op = pick(BINARY);
    if (random.nextBoolean()) {
      String bias = param(new int[] {v.shape[v.rank() - 1]});
      return statement(name, v.name + " " + op + " " + bias, v.shape);
    }
    String number = String.valueOf(0.5 + random.nextInt(4));
    return statement(name, v.name + " " + op + " " + number, v.shape);
  }

  private Vertex matmul(String name, Vertex v) {
    int out = dim();
    if (v.rank() == 1) {
      String w = param(new int[] {out, v.shape[0]});
      return statement(name, "tanh(" + w + " @ " + v.name + ")", new int[] {out});
    }
    Vertex flat = v.rank() == 2 ? v : flattened(name + "_2d", v);
    String w = param(new int[] {flat.shape[1], out});
    return statement(name, flat.name + " @ " + w, new int[] {flat.shape[0], out});
  }

  /** For an image [c, h, w], a statement making it [c, h * w]. */
  private Vertex flattened(String name, Vertex v) {
    int[] shape = {v.shape[0], v.shape[1] * v.shape[2]};
    return statement(name, "reshape(" + v.name + ", " + shape(shape) + ")", shape);
  }

  private Vertex reduce(String name, Vertex v) {
    String f = pick(List.of("sum", "mean"));
    if (v.rank() == 1) {
      return statement(name, v.name + " * " + f + "(" + v.name + ")", v.shape);
    }
    int axis = random.nextInt(v.rank());
    int[] shape = new int[v.rank() - 1];
    for (int d = 0, k = 0; d < v.rank(); d++) {
      if (d != axis) {
        shape[k++] = v.shape[d];
      }
    }
    return statement(name, f + "(" + v.name + ", axis=" + axis + ")", shape);
  }

  private Vertex softmax(String name, Vertex v) {
    String f = pick(List.of("softmax", "log_softmax"));
    int axis = random.nextInt(v.rank()) - (random.nextBoolean() ? v.rank() : 0);
    return statement(name, f + "(" + v.name + ", axis=" + axis + ")", v.shape);
  }

  private Vertex shapeOp(String name, Vertex v) {
    return switch (random.nextInt(4)) {
      case 0 -> statement(name, "flatten(" + v.name + ")", new int[] {v.size()});
      case 1 -> v.rank() >= 2 ? transposed(name, v) : unary(name, v);
      case 2 -> concat(name, v);
      default -> slice(name, v);
    };
  }

  private Vertex transposed(String name, Vertex v) {
    int[] shape = v.shape.clone();
    int last = shape.length - 1;
    int t = shape[last];
    shape[last] = shape[last - 1];
    shape[last - 1] = t;
    String perm = "";
    if (v.rank() == 3) {
      perm = ", perm=[0, 2, 1]";
    }
    return statement(name, "transpose(" + v.name + perm + ")", shape);
  }

  private Vertex concat(String name, Vertex v) {
    int axis = random.nextInt(v.rank());
    int[] shape = v.shape.clone();
    shape[axis] *= 2;
    return statement(name, "concat(" + v.name + ", " + v.name + ", axis=" + axis + ")", shape);
  }

  private Vertex slice(String name, Vertex v) {
    int[] starts = new int[v.rank()];
    int[] ends = v.shape.clone();
    int axis = random.nextInt(v.rank());
    if (v.shape[axis] > 1) {
      starts[axis] = random.nextInt(v.shape[axis] - 1);
      ends[axis] = starts[axis] + 1 + random.nextInt(v.shape[axis] - starts[axis]);
    }
    int[] shape = new int[v.rank()];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = ends[d] - starts[d];
    }
    return statement(name, "slice(" + v.name + ", starts=" + shape(starts) + ", ends="
        + shape(ends) + ")", shape);
  }

  private Vertex index(String name, Vertex v) {
    if (v.rank() < 2) {
      return unary(name, v);
    }
    int i = random.nextInt(v.shape[0]);
    return statement(name, v.name + "[" + i + "]", Arrays.copyOfRange(v.shape, 1, v.rank()));
  }

  private Vertex vision(String name, Vertex v) {
    int channels = v.shape[0];
    if (random.nextBoolean() && v.shape[1] >= 2 && v.shape[2] >= 2) {
      String pool = pick(List.of("max_pool", "avg_pool"));
      int[] shape = {channels, v.shape[1] / 2, v.shape[2] / 2};
      return statement(name, pool + "(" + v.name + ", size=2)", shape);
    }
    int out = 1 + random.nextInt(3);
    int k = 1 + random.nextInt(Math.min(3, Math.min(v.shape[1], v.shape[2])));
    int padding = random.nextInt(2);
    String kernel = param(new int[] {out, channels, k, k});
    int[] shape = {out, v.shape[1] + 2 * padding - k + 1, v.shape[2] + 2 * padding - k + 1};
    return statement(name, "relu(conv2d(" + v.name + ", " + kernel + ", padding=" + padding
        + "))", shape);
  }

  /** A sum of two vertices of one shape: a skip connection levelling must even out. */
  private Vertex skip(String name, Vertex v) {
    List<Vertex> same = vertices.stream().filter(u -> Arrays.equals(u.shape, v.shape))
        .toList();
    Vertex u = same.get(random.nextInt(same.size()));
    return statement(name, v.name + " + " + u.name, v.shape);
  }

  private Vertex layerNorm(String name, Vertex v) {
    int last = v.shape[v.rank() - 1];
    if (last < 2) {
      return unary(name, v);
    }
    String gain = param(new int[] {last});
    String bias = param(new int[] {last});
    return statement(name, "layer_norm(" + v.name + ", " + gain + ", " + bias + ")", v.shape);
  }

  /**
   * The output: the sum of a parameter times each vertex no statement reads (flattened), so
   * that every vertex reaches the loss.
   */
  private String head(int classes) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < vertices.size(); i++) {
      Vertex v = vertices.get(i);
      Pattern use = Pattern.compile("\\b" + v.name + "\\b");
      boolean read = statements.stream().anyMatch(s -> use.matcher(s.substring(s.indexOf('=')))
          .find());
      if (!read) {
        String flat = v.rank() == 1 ? v.name : "flatten(" + v.name + ")";
        terms.add(param(new int[] {classes, v.size()}) + " @ " + flat);
      }
    }
    return String.join(" + ", terms);
  }

  private Vertex statement(String name, String rhs, int[] shape) {
    String text = rhs;
    if (random.nextDouble() < ILL_TYPED) {
      text = rhs + " + " + param(new int[] {dim() + 7});
    }
    statements.add(name + " = " + text);
    return new Vertex(name, shape);
  }

  private String param(int[] shape) {
    String name = "P" + params.size();
    String init = random.nextBoolean() ? "" : " init " + pick(INITS);
    if (shape.length != 2 && init.contains("orthogonal")) {
      init = "";
    }
    params.add("param " + name + " : " + shape(shape) + init);
    return name;
  }

  private int dim() {
    return 1 + random.nextInt(MAX_DIM);
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String shape(int[] shape) {
    return Arrays.stream(shape).mapToObj(String::valueOf)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
