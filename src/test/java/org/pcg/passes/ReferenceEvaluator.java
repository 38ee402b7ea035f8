package org.pcg.passes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Vertex;

/**
 * A deliberately plain interpreter of the IR for one sample, in doubles: the independent
 * statement of what a graph computes, against which passes are checked. It knows only the
 * ops the pass tests use (add, sub, mul, div, neg, id, tanh, matmul) and NumPy-style
 * broadcasting; anything else fails loudly.
 */
final class ReferenceEvaluator {

  private ReferenceEvaluator() {}

  /** Row-major values of every vertex, given the data leaves and the parameters. */
  static Map<String, double[]> evaluate(Graph g, Map<String, double[]> data,
      Map<String, double[]> params) {
    Map<String, double[]> values = new HashMap<>();
    for (Vertex v : g.vertices()) {
      double[] value = v.expr() == null ? data.get(v.name()) : eval(v.expr(), values, params);
      if (value == null || value.length != v.shape().size()) {
        throw new IllegalArgumentException("no value of the right size for " + v.name());
      }
      values.put(v.name(), value);
    }
    return values;
  }

  private static double[] eval(Node n, Map<String, double[]> values,
      Map<String, double[]> params) {
    if (n instanceof Node.VertexRef r) {
      return values.get(r.vertex()).clone();
    }
    if (n instanceof Node.ParamRef p) {
      return params.get(p.param()).clone();
    }
    if (n instanceof Node.Constant c) {
      double[] out = new double[c.shape().size()];
      java.util.Arrays.fill(out, c.value());
      return out;
    }
    Node.Apply a = (Node.Apply) n;
    List<Node> args = a.args();
    double[] x = eval(args.get(0), values, params);
    double[] y = args.size() > 1 ? eval(args.get(1), values, params) : null;
    return applyOp(a, x, y);
  }

  private static double[] applyOp(Node.Apply a, double[] x, double[] y) {
    List<Node> args = a.args();
    return switch (a.op().name()) {
      case "id" -> x;
      case "neg" -> map(x, t -> -t);
      case "tanh" -> map(x, Math::tanh);
      case "add" -> broadcast(a, x, y, Double::sum);
      case "sub" -> broadcast(a, x, y, (s, t) -> s - t);
      case "mul" -> broadcast(a, x, y, (s, t) -> s * t);
      case "div" -> broadcast(a, x, y, (s, t) -> s / t);
      case "matmul" -> matmul(x, args.get(0).shape().dims(), y, args.get(1).shape().dims());
      default -> throw new IllegalArgumentException("reference has no op " + a.op().name());
    };
  }

  private static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.applyAsDouble(x[i]);
    }
    return out;
  }

  private static double[] broadcast(Node.Apply a, double[] x, double[] y,
      DoubleBinaryOperator f) {
    int[] outDims = a.shape().dims();
    int[] xDims = a.args().get(0).shape().dims();
    int[] yDims = a.args().get(1).shape().dims();
    double[] out = new double[a.shape().size()];
    for (int i = 0; i < out.length; i++) {
      int[] index = unflatten(i, outDims);
      out[i] = f.applyAsDouble(x[sourceIndex(index, xDims)], y[sourceIndex(index, yDims)]);
    }
    return out;
  }

  private static int[] unflatten(int flat, int[] dims) {
    int[] index = new int[dims.length];
    for (int k = dims.length - 1; k >= 0; k--) {
      index[k] = flat % dims[k];
      flat /= dims[k];
    }
    return index;
  }

  /** The flat position in an operand of {@code dims} that broadcasts to {@code outIndex}. */
  private static int sourceIndex(int[] outIndex, int[] dims) {
    int offset = outIndex.length - dims.length;
    int flat = 0;
    for (int k = 0; k < dims.length; k++) {
      int i = dims[k] == 1 ? 0 : outIndex[offset + k];
      flat = flat * dims[k] + i;
    }
    return flat;
  }

  /** NumPy matmul of rank-1 or rank-2 operands: a vector is a row on the left. */
  private static double[] matmul(double[] a, int[] aDims, double[] b, int[] bDims) {
    int m = aDims.length == 2 ? aDims[0] : 1;
    int k = aDims[aDims.length - 1];
    int n = bDims.length == 2 ? bDims[1] : 1;
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int t = 0; t < k; t++) {
          sum += a[i * k + t] * b[t * n + j];
        }
        out[i * n + j] = sum;
      }
    }
    return out;
  }
}
