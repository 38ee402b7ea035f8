package org.pcg.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Per-sample shape of a tensor. The batch dimension is never part of a shape: a batched
 * value of shape [784] holds n * 784 numbers at run time. Rank 0 is a scalar.
 */
public final class Shape {

  public static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  public static Shape of(int... dims) {
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("dimension must be positive: " + Arrays.toString(dims));
      }
    }
    return new Shape(dims.clone());
  }

  public static Shape of(List<Integer> dims) {
    return of(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  public int rank() {
    return dims.length;
  }

  /** Dimension {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return dims[normalizeAxis(axis)];
  }

  /** Maps a possibly negative axis to 0..rank-1, or throws for an axis out of range. */
  public int normalizeAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException("axis " + axis + " out of range for " + this);
    }
    return a;
  }

  public boolean hasAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    return a >= 0 && a < dims.length;
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements per sample. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }

  /** Product of the dimensions from {@code from} (inclusive) to {@code to} (exclusive). */
  public int sizeOf(int from, int to) {
    int size = 1;
    for (int i = from; i < to; i++) {
      size *= dims[i];
    }
    return size;
  }

  public boolean isScalar() {
    return dims.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(s.dims, dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Prints as a model author writes it: {@code [256, 784]}, {@code []} for a scalar. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
