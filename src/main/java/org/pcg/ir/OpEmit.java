package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * What an op's {@link OpCodegen} may know and say while it writes Java for one application:
 * the application's shapes and attributes, the buffers that hold its arguments and result,
 * the element type, fresh local names, and emitters for the loop shapes most ops need. The
 * code generator implements it; ops never see field names, the batch field or the kernels
 * class directly.
 *
 * <p>Buffers are flat arrays of the element type. A batched buffer holds {@code n} samples
 * one after another ({@code n * size} values, sample-major); an unbatched one holds one
 * sample. The output is batched when any argument is. All names and numbers an op puts into
 * code come from here ({@link #lit}, {@link #local}) or are ints computed from shapes.
 */
public interface OpEmit {

  /** The application's attributes, defaults filled in. */
  Attrs attrs();

  /** Number of tensor arguments. */
  int arity();

  /** Per-sample shape of the result. */
  Shape shape();

  /** Per-sample shape of argument {@code arg}. */
  Shape shape(int arg);

  /** Whether the result varies across the batch. */
  boolean batched();

  /** Whether argument {@code arg} varies across the batch. */
  boolean batched(int arg);

  /** The result buffer. */
  CodeBlock out();

  /** The buffer of argument {@code arg} (a constant argument gets a filled buffer). */
  CodeBlock arg(int arg);

  /** The vector sent back to the result, shaped like {@link #out()}; read only. */
  CodeBlock outGrad();

  /** The gradient buffer of argument {@code arg}; backward code adds into it. */
  CodeBlock argGrad(int arg);

  /** Whether argument {@code arg} takes a gradient at all (else {@link #argGrad} throws). */
  boolean hasGrad(int arg);

  /**
   * Whether the backward code of {@code arg} must <em>write</em> {@link #argGrad(int)}
   * rather than add to it: nothing else contributes to that buffer and it has not been
   * zeroed. True only when the op's {@link OpCodegen#writesGrad} said it can write every
   * element itself; the helpers here ({@link #mapBack}, {@link #copyWholeBack}) honour it
   * on their own, and a product passes {@code accumulate = !freshGrad(arg)}.
   */
  boolean freshGrad(int arg);

  /** The run-time batch size {@code n}. */
  CodeBlock batchSize();

  /** {@code perSample} times the result's number of samples: {@code n * perSample} or it. */
  CodeBlock count(int perSample);

  /** {@code perSample} times argument {@code arg}'s number of samples. */
  CodeBlock count(int arg, int perSample);

  /**
   * Where sample {@code sample} (a local holding a sample index) starts in the result
   * buffer: {@code sample * size}, or 0 when the result is unbatched.
   */
  CodeBlock offset(String sample);

  /** Where sample {@code sample} starts in argument {@code arg}'s buffer (0 if unbatched). */
  CodeBlock offset(int arg, String sample);

  /** The element type, {@code double} or {@code float}. */
  TypeName elementType();

  /** A literal of the element type; {@code value} must be finite. */
  CodeBlock lit(double value);

  /**
   * A call of {@code java.lang.Math.function} whose value has the element type (a cast is
   * added in float code when Math has no float overload).
   */
  CodeBlock math(String function, CodeBlock... args);

  /**
   * A call of the elementwise function {@code function} of {@code org.pcg.runtime.Kernels}
   * on elements of this application's type.
   */
  CodeBlock kernel(String function, CodeBlock... args);

  /** A local variable name not yet used in the method being written. */
  String local(String base);

  /**
   * A buffer of the element type owned by this application, allocated once, the same for
   * its forward and backward code; for state the backward code needs, such as im2col
   * columns.
   */
  CodeBlock scratch(String purpose, int perSample, boolean batched);

  /** An int buffer owned by this application, as {@link #scratch}; for argmax indices. */
  CodeBlock intScratch(String purpose, int perSample, boolean batched);

  /**
   * A matrix product {@code c = op(a) op(b)} or, with {@code accumulate}, {@code c +=}. The
   * dimensions are those of {@link org.pcg.runtime.Gemm}: op(a) is m x k, op(b) k x n.
   */
  CodeBlock gemm(boolean transA, boolean transB, CodeBlock m, CodeBlock n, CodeBlock k,
      Matrix a, Matrix b, Matrix c, boolean accumulate);

  /**
   * Fills the columns of a convolution for one sample: row q = (channel, ki, kj) of the
   * window, column p for output position p, padding read as zero (see
   * {@code org.pcg.runtime.ConvKernels}). The offsets are where the sample starts.
   */
  CodeBlock im2col(ConvShape g, CodeBlock images, CodeBlock imagesOffset, CodeBlock cols,
      CodeBlock colsOffset);

  /**
   * A condition: whether this float convolution of {@code outC} channels runs straight from
   * the images at run time ({@link #convForward}, {@link #convWeightGradient}) rather than
   * as im2col and products. Float layers only.
   */
  CodeBlock convDirect(int outC);

  /** The whole batch's convolution of {@code images} by {@code weights} into the result. */
  CodeBlock convForward(ConvShape g, int outC, CodeBlock images, CodeBlock weights,
      CodeBlock out);

  /** Adds the whole batch's weight gradient into {@code grad}. */
  CodeBlock convWeightGradient(ConvShape g, int outC, CodeBlock images, CodeBlock outGrad,
      CodeBlock grad);

  /** The inverse of {@link #im2col} for gradients: adds the columns into the images. */
  CodeBlock col2im(ConvShape g, CodeBlock cols, CodeBlock colsOffset, CodeBlock images,
      CodeBlock imagesOffset);

  /**
   * The geometry of a sliding window over per-sample images {@code c x h x w}: kernels
   * {@code kh x kw}, stride and zero padding.
   */
  record ConvShape(int c, int h, int w, int kh, int kw, int stride, int pad) {}

  /**
   * An elementwise loop over the result with NumPy broadcasting of every argument (and of
   * unbatched arguments over the batch): {@code out = f(elements of the arguments)}.
   */
  CodeBlock map(ElementValue f);

  /**
   * The backward loop of {@link #map} for one argument: {@code argGrad += f(elements of the
   * arguments, result element, sent-back element)}, summed over broadcast dimensions and, for
   * an unbatched argument, over the batch ({@code =} when {@link #freshGrad} says so).
   */
  CodeBlock mapBack(int arg, ElementVjp f);

  /**
   * Copies argument {@code arg} into the result through strided views of one sample:
   * for every index {@code (i0, ..)} of {@code dims}, the result element at {@code to} gets
   * the argument element at {@code from}. Repeated for every sample; an unbatched argument
   * is read by every sample.
   */
  CodeBlock copy(int arg, int[] dims, View to, View from);

  /** The backward code of {@link #copy}: the argument's gradient view adds the result's. */
  CodeBlock copyBack(int arg, int[] dims, View to, View from);

  /** Copies a same-sized argument whole (an identity or reshape). */
  default CodeBlock copyWhole(int arg) {
    int size = shape(arg).size();
    return copy(arg, new int[] {size}, View.contiguous(0, size), View.contiguous(0, size));
  }

  /** The backward code of {@link #copyWhole}. */
  default CodeBlock copyWholeBack(int arg) {
    int size = shape(arg).size();
    return copyBack(arg, new int[] {size}, View.contiguous(0, size),
        View.contiguous(0, size));
  }

  /**
   * A matrix stored in a buffer: its array, first element and row stride as stored (an
   * expression when it depends on the batch size).
   */
  record Matrix(CodeBlock array, CodeBlock offset, CodeBlock ld) {

    public Matrix(CodeBlock array, CodeBlock offset, int ld) {
      this(array, offset, CodeBlock.of("$L", ld));
    }
  }

  /**
   * A strided view of one sample: element {@code (i0, i1, ..)} is at
   * {@code offset + i0 * strides[0] + i1 * strides[1] + ..}.
   */
  record View(int offset, int[] strides) {

    public View {
      strides = strides.clone();
    }

    @Override
    public int[] strides() {
      return strides.clone();
    }

    /** Row-major strides of {@code dims}, starting at {@code offset}. */
    public static View contiguous(int offset, int... dims) {
      int[] strides = new int[dims.length];
      int stride = 1;
      for (int i = dims.length - 1; i >= 0; i--) {
        strides[i] = stride;
        stride *= dims[i];
      }
      return new View(offset, strides);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof View v && v.offset == offset
          && java.util.Arrays.equals(v.strides, strides);
    }

    @Override
    public int hashCode() {
      return offset * 31 + java.util.Arrays.hashCode(strides);
    }
  }

  /** The value formula of {@link #map}, given one element expression per argument. */
  @FunctionalInterface
  interface ElementValue {
    CodeBlock of(List<CodeBlock> args);
  }

  /** The gradient formula of {@link #mapBack}. */
  @FunctionalInterface
  interface ElementVjp {
    CodeBlock of(List<CodeBlock> args, CodeBlock y, CodeBlock g);
  }
}
