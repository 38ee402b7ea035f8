package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.Arrays;
import java.util.List;

/** Ops that move elements without arithmetic: reshape, flatten, transpose, concat, slicing. */
public final class ShapeOps {

  private ShapeOps() {}

  /** Whether {@code op}'s result is its argument's elements unchanged and in order. */
  public static boolean copiesWhole(Op op) {
    return op.codegen() == WHOLE;
  }

  static List<Op> all() {
    return List.of(new Reshape(), new Flatten(), new Transpose(), new Concat(), new Slice(),
        new Index());
  }

  /**
   * Code that copies the argument whole: same elements, same order, the sent-back vector
   * added unchanged backward. The identity op uses it too.
   */
  static final OpCodegen WHOLE = new OpCodegen() {
    @Override
    public CodeBlock forward(OpEmit e) {
      return e.copyWhole(0);
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      return e.copyWholeBack(0);
    }

    @Override
    public boolean writesGrad(OpEmit e, int arg) {
      return e.batched(arg) == e.batched();
    }

    @Override
    public boolean passesGrad(OpEmit e, int arg) {
      return e.batched(arg) == e.batched();
    }
  };

  /**
   * Code that gathers argument 0 through a strided view: the result, read in order, is the
   * view of the argument that {@code view} computes from the application.
   */
  private static OpCodegen gather(java.util.function.Function<OpEmit, OpEmit.View> view) {
    return new OpCodegen() {
      @Override
      public CodeBlock forward(OpEmit e) {
        return e.copy(0, e.shape().dims(), OpEmit.View.contiguous(0, e.shape().dims()),
            view.apply(e));
      }

      @Override
      public CodeBlock backward(OpEmit e, int arg) {
        return e.copyBack(0, e.shape().dims(), OpEmit.View.contiguous(0, e.shape().dims()),
            view.apply(e));
      }
    };
  }

  /** Row-major strides of a shape. */
  private static int[] strides(Shape s) {
    return OpEmit.View.contiguous(0, s.dims()).strides();
  }

  /** Same elements in a new shape; one dimension may be -1 (inferred). */
  public static final class Reshape extends BaseOp {
    Reshape() {
      super("reshape", "Same elements, new shape; one dimension may be -1.", 1, 1,
          AttrSpec.required("shape", AttrSpec.Type.INTS));
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape x = args.get(0);
      int[] dims = attrs.getInts("shape");
      int known = 1;
      int inferred = -1;
      for (int i = 0; i < dims.length; i++) {
        if (dims[i] == -1 && inferred < 0) {
          inferred = i;
        } else if (dims[i] < 1) {
          throw new ShapeException("reshape to " + Arrays.toString(dims)
              + ": dimensions must be positive, with at most one -1");
        } else {
          known *= dims[i];
        }
      }
      if (inferred >= 0 && x.size() % known == 0) {
        dims[inferred] = x.size() / known;
        known = x.size();
      }
      if (known != x.size()) {
        throw new ShapeException("cannot reshape " + x + " (" + x.size() + " elements) to "
            + Arrays.toString(attrs.getInts("shape")));
      }
      return Shape.of(dims);
    }

    @Override
    public OpCodegen codegen() {
      return WHOLE;
    }
  }

  /** All elements of a sample as one vector. */
  public static final class Flatten extends BaseOp {
    Flatten() {
      super("flatten", "All elements of a sample as one vector.", 1, 1);
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) {
      return Shape.of(args.get(0).size());
    }

    @Override
    public OpCodegen codegen() {
      return WHOLE;
    }
  }

  /** Permutes axes; without {@code perm} reverses them (a matrix transpose). */
  public static final class Transpose extends BaseOp {
    Transpose() {
      super("transpose", "Permutes axes; by default reverses them.", 1, 1,
          AttrSpec.maybe("perm", AttrSpec.Type.INTS));
    }

    /** The permutation this application uses, defaults resolved. */
    public static int[] permutation(Shape x, Attrs attrs) {
      if (attrs.has("perm")) {
        return attrs.getInts("perm");
      }
      int[] perm = new int[x.rank()];
      for (int i = 0; i < perm.length; i++) {
        perm[i] = perm.length - 1 - i;
      }
      return perm;
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape x = args.get(0);
      int[] perm = permutation(x, attrs);
      int[] sorted = perm.clone();
      Arrays.sort(sorted);
      boolean isPermutation = sorted.length == x.rank();
      for (int i = 0; isPermutation && i < sorted.length; i++) {
        isPermutation = sorted[i] == i;
      }
      if (!isPermutation) {
        throw new ShapeException("transpose of " + x + " needs a permutation of 0.."
            + (x.rank() - 1) + ", got " + Arrays.toString(perm));
      }
      int[] out = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        out[i] = x.dim(perm[i]);
      }
      return Shape.of(out);
    }

    /** Output axis i walks input axis perm[i]. */
    @Override
    public OpCodegen codegen() {
      return gather(e -> {
        int[] perm = permutation(e.shape(0), e.attrs());
        int[] in = strides(e.shape(0));
        int[] walk = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
          walk[i] = in[perm[i]];
        }
        return new OpEmit.View(0, walk);
      });
    }
  }

  /** Joins tensors along an axis; the other dimensions must agree. */
  public static final class Concat extends BaseOp {
    Concat() {
      super("concat", "Joins tensors along an axis (default 0).", 1, Integer.MAX_VALUE,
          AttrSpec.optional("axis", AttrSpec.Type.INT, 0));
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape first = args.get(0);
      int axis = attrs.getInt("axis");
      if (!first.hasAxis(axis)) {
        throw new ShapeException("concat along axis " + axis + " of shape " + first);
      }
      int a = first.normalizeAxis(axis);
      int[] out = first.dims();
      for (Shape s : args.subList(1, args.size())) {
        checkJoinable(first, s, a);
        out[a] += s.dim(a);
      }
      return Shape.of(out);
    }

    /** Each argument fills its band of the axis, row by row. */
    @Override
    public OpCodegen codegen() {
      return new OpCodegen() {
        @Override
        public CodeBlock forward(OpEmit e) {
          CodeBlock.Builder b = CodeBlock.builder();
          for (int i = 0; i < e.arity(); i++) {
            Band band = Band.of(e, i);
            b.add(e.copy(i, band.dims, band.to, band.from));
          }
          return b.build();
        }

        @Override
        public CodeBlock backward(OpEmit e, int arg) {
          Band band = Band.of(e, arg);
          return e.copyBack(arg, band.dims, band.to, band.from);
        }
      };
    }

    /**
     * Where argument {@code i} goes: [outer rows, its width], placed at its offset in rows
     * of the result's width.
     */
    private record Band(int[] dims, OpEmit.View to, OpEmit.View from) {
      static Band of(OpEmit e, int i) {
        Shape out = e.shape();
        int axis = out.normalizeAxis(e.attrs().getInt("axis"));
        int inner = out.sizeOf(axis + 1, out.rank());
        int before = 0;
        for (int j = 0; j < i; j++) {
          before += e.shape(j).dim(axis);
        }
        int width = e.shape(i).dim(axis) * inner;
        int[] dims = {out.sizeOf(0, axis), width};
        return new Band(dims, new OpEmit.View(before * inner, new int[] {out.dim(axis) * inner,
            1}), OpEmit.View.contiguous(0, dims));
      }
    }

    private static void checkJoinable(Shape first, Shape s, int axis) throws ShapeException {
      boolean ok = s.rank() == first.rank();
      for (int i = 0; ok && i < s.rank(); i++) {
        ok = i == axis || s.dim(i) == first.dim(i);
      }
      if (!ok) {
        throw new ShapeException(
            "cannot concat " + first + " and " + s + " along axis " + axis);
      }
    }
  }

  /** Why a negative index or bound is refused by the ops but taken by {@code x[...]}. */
  private static final String FROM_THE_END =
      "; the ops count from 0 only, x[-1] and x[-3:] count from the end";

  /**
   * Slices the leading axes: {@code starts[i]..ends[i]} (end exclusive) on axis i; axes
   * beyond the lists are kept whole. Written {@code x[0:14]} or {@code x[:, 2:5]}.
   */
  public static final class Slice extends BaseOp {
    Slice() {
      super("slice", "Keeps starts[i]..ends[i] (end exclusive) of each leading axis.", 1, 1,
          AttrSpec.required("starts", AttrSpec.Type.INTS),
          AttrSpec.required("ends", AttrSpec.Type.INTS));
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape x = args.get(0);
      int[] starts = attrs.getInts("starts");
      int[] ends = attrs.getInts("ends");
      if (starts.length != ends.length || starts.length > x.rank()) {
        throw new ShapeException("slice of " + x + " has " + starts.length
            + " ranges; it has " + x.rank() + (x.rank() == 1 ? " axis" : " axes"));
      }
      int[] out = x.dims();
      for (int i = 0; i < starts.length; i++) {
        String range = "slice " + starts[i] + ":" + ends[i];
        if (starts[i] < 0 || ends[i] > out[i]) {
          throw new ShapeException(range + " is outside axis " + i + " of " + x + ": its bounds"
              + " must lie in 0.." + out[i] + (starts[i] < 0 || ends[i] < 0 ? FROM_THE_END : ""));
        }
        if (starts[i] >= ends[i]) {
          throw new ShapeException(range + " of axis " + i + " of " + x + " is empty: the end"
              + " must come after the start");
        }
        out[i] = ends[i] - starts[i];
      }
      return Shape.of(out);
    }

    /** The window starts at the starts' offset and walks the argument's own strides. */
    @Override
    public OpCodegen codegen() {
      return gather(e -> {
        int[] starts = e.attrs().getInts("starts");
        int[] in = strides(e.shape(0));
        int offset = 0;
        for (int i = 0; i < starts.length; i++) {
          offset += starts[i] * in[i];
        }
        return new OpEmit.View(offset, in);
      });
    }
  }

  /** One element of the first axis, which disappears: {@code x[t]}. */
  public static final class Index extends BaseOp {
    Index() {
      super("index", "Element i of the first axis, written x[i]; the axis disappears.", 1, 1,
          AttrSpec.required("index", AttrSpec.Type.INT));
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape x = args.get(0);
      int i = attrs.getInt("index");
      if (x.rank() == 0) {
        throw new ShapeException("cannot index a scalar");
      }
      if (i < 0 || i >= x.dim(0)) {
        throw new ShapeException("index " + i + " is outside the first axis of " + x
            + " (0.." + (x.dim(0) - 1) + ")" + (i < 0 ? FROM_THE_END : ""));
      }
      return Shape.of(Arrays.copyOfRange(x.dims(), 1, x.rank()));
    }

    /** One contiguous block of the argument, at index times the first axis's stride. */
    @Override
    public OpCodegen codegen() {
      return gather(e -> {
        int[] in = strides(e.shape(0));
        return new OpEmit.View(e.attrs().getInt("index") * in[0],
            Arrays.copyOfRange(in, 1, in.length));
      });
    }
  }
}
