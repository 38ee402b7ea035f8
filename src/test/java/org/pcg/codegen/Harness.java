package org.pcg.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pcg.ir.Graph;
import org.pcg.ir.Loss;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.TensorSpec;

/** Compiles test graphs, feeds them random batches and compares their updates. */
final class Harness {

  private Harness() {}

  /** Compiles {@code g} without a disk cache, so tests never depend on earlier runs. */
  static ModelCompiler.Factory compile(Graph g, DType dtype, boolean level) {
    ModelCompiler.Options options = ModelCompiler.Options.defaults()
        .withLevel(level).withCacheDir(null).withPackage("org.pcg.test");
    return ModelCompiler.compile(g, dtype, options);
  }

  /** A model of {@code g} in double precision, levelled, with a random batch of {@code n}. */
  static CompiledModel model(Graph g, int n, long seed) {
    return withBatch(compile(g, DType.F64, true).create(n, seed), g, n, seed);
  }

  /** Gives {@code model} a random batch: N(0, 1) inputs, targets fitting the loss. */
  static CompiledModel withBatch(CompiledModel model, Graph g, int n, long seed) {
    Random random = new Random(seed + 1);
    ModelInfo info = model.info();
    double[][] inputs = new double[info.inputs().size()][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = gaussian(random, n * info.inputs().get(i).size());
    }
    model.setBatch(n, inputs, target(random, g, info.target(), n));
    return model;
  }

  private static double[] target(Random random, Graph g, TensorSpec spec, int n) {
    Loss.Kind kind = g.loss().kind();
    double[] t = new double[n * spec.size()];
    if (kind == Loss.Kind.MSE) {
      return gaussian(random, t.length);
    }
    if (kind == Loss.Kind.BCE) {
      for (int i = 0; i < t.length; i++) {
        t[i] = random.nextBoolean() ? 1 : 0;
      }
      return t;
    }
    int width = spec.shape()[spec.shape().length - 1];
    for (int row = 0; row < t.length / width; row++) {
      t[row * width + random.nextInt(width)] = 1;
    }
    return t;
  }

  static double[] gaussian(Random random, int count) {
    double[] x = new double[count];
    for (int i = 0; i < count; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  /** The updates {@code algo} computes, one array per parameter. */
  static List<double[]> updates(CompiledModel model, Algorithm algo, PcOptions options) {
    model.computeUpdates(algo, options);
    List<double[]> all = new ArrayList<>();
    for (int i = 0; i < model.info().params().size(); i++) {
      double[] u = new double[model.info().params().get(i).size()];
      model.getUpdate(i, u);
      all.add(u);
    }
    return all;
  }

  /** The largest relative difference |a - b| / |b| (Euclidean) over the parameters. */
  static double maxRelativeDifference(List<double[]> a, List<double[]> b) {
    double worst = 0;
    for (int i = 0; i < a.size(); i++) {
      worst = Math.max(worst, norm(a.get(i), b.get(i)) / Math.max(norm(b.get(i), null), 1e-300));
    }
    return worst;
  }

  /** Euclidean norm of {@code a - b} ({@code a} alone when b is null). */
  static double norm(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - (b == null ? 0 : b[i]);
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /**
   * The largest relative error, over the parameters, between BP's gradient (minus its
   * update) and central finite differences of the loss the generated forward pass computes.
   */
  static double gradientError(CompiledModel model, double step) {
    List<double[]> updates = updates(model, Algorithm.BP, PcOptions.defaults());
    double worst = 0;
    for (int p = 0; p < updates.size(); p++) {
      double[] theta = new double[updates.get(p).length];
      model.getParam(p, theta);
      double[] numeric = new double[theta.length];
      for (int j = 0; j < theta.length; j++) {
        numeric[j] = centralDifference(model, p, theta, j, step);
      }
      double[] analytic = updates.get(p).clone();
      for (int j = 0; j < analytic.length; j++) {
        analytic[j] = -analytic[j];
      }
      double scale = Math.max(norm(analytic, null), norm(numeric, null));
      worst = Math.max(worst, scale == 0 ? 0 : norm(analytic, numeric) / scale);
    }
    return worst;
  }

  private static double centralDifference(CompiledModel model, int p, double[] theta, int j,
      double step) {
    double saved = theta[j];
    theta[j] = saved + step;
    model.setParam(p, theta);
    double plus = model.forward();
    theta[j] = saved - step;
    model.setParam(p, theta);
    double minus = model.forward();
    theta[j] = saved;
    model.setParam(p, theta);
    return (plus - minus) / (2 * step);
  }
}
