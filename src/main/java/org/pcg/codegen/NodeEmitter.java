package org.pcg.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.pcg.ir.Attrs;
import org.pcg.ir.Node;
import org.pcg.ir.OpEmit;
import org.pcg.ir.Shape;
import org.pcg.runtime.ConvKernels;
import org.pcg.runtime.Kernels;

/**
 * The code generator's side of {@link OpEmit}: the context of one op application inside a
 * vertex method, with the slots of its result and arguments.
 */
final class NodeEmitter implements OpEmit {

  private final Node.Apply node;
  private final String tag;
  private final Slot out;
  private final List<Slot> args;
  private final Numbers numbers;
  private final Fields fields;
  private final LocalNames names;
  private final CodeBlock batch;
  private final IntPredicate fresh;
  private MapFusion.MapLoop lastMap;

  /**
   * @param tag the identifier its scratch buffers are named after, such as
   *     {@code hidden_matmul1}
   * @param fresh which arguments' gradients the backward code writes instead of adding to
   */
  NodeEmitter(Node.Apply node, String tag, Slot out, List<Slot> args, Numbers numbers,
      Fields fields, LocalNames names, CodeBlock batch, IntPredicate fresh) {
    this.node = node;
    this.fresh = fresh;
    this.tag = tag;
    this.out = out;
    this.args = List.copyOf(args);
    this.numbers = numbers;
    this.fields = fields;
    this.names = names;
    this.batch = batch;
  }

  /**
   * An emitter that answers only questions of shape and attributes, for decisions made
   * before any buffer has a name ({@link org.pcg.ir.OpCodegen#writesGrad}).
   */
  static NodeEmitter forShapes(Node.Apply node, Numbers numbers) {
    Slot none = Slot.array(CodeBlock.of("unnamed"), null);
    List<Slot> args = node.args().stream().map(x -> none).toList();
    return new NodeEmitter(node, "unnamed", none, args, numbers, null, null,
        CodeBlock.of("n"), i -> false);
  }

  @Override
  public Attrs attrs() {
    return node.attrs();
  }

  @Override
  public int arity() {
    return args.size();
  }

  @Override
  public Shape shape() {
    return node.shape();
  }

  @Override
  public Shape shape(int arg) {
    return node.args().get(arg).shape();
  }

  @Override
  public boolean batched() {
    return node.batched();
  }

  @Override
  public boolean batched(int arg) {
    return node.args().get(arg).batched();
  }

  @Override
  public CodeBlock out() {
    return out.value().get();
  }

  @Override
  public CodeBlock arg(int arg) {
    return args.get(arg).value().get();
  }

  @Override
  public CodeBlock outGrad() {
    return out.grad();
  }

  @Override
  public CodeBlock argGrad(int arg) {
    CodeBlock grad = args.get(arg).grad();
    if (grad == null) {
      throw new IllegalStateException("argument " + arg + " of " + node.op().name()
          + " needs no gradient");
    }
    return grad;
  }

  @Override
  public boolean hasGrad(int arg) {
    return args.get(arg).grad() != null;
  }

  @Override
  public boolean freshGrad(int arg) {
    return fresh.test(arg);
  }

  @Override
  public CodeBlock batchSize() {
    return batch;
  }

  @Override
  public CodeBlock count(int perSample) {
    return count(node.batched(), perSample);
  }

  @Override
  public CodeBlock count(int arg, int perSample) {
    return count(batched(arg), perSample);
  }

  private CodeBlock count(boolean batched, int perSample) {
    if (!batched) {
      return CodeBlock.of("$L", perSample);
    }
    return perSample == 1 ? batch : CodeBlock.of("$L * $L", batch, perSample);
  }

  @Override
  public CodeBlock offset(String sample) {
    return offset(node.batched(), shape().size(), sample);
  }

  @Override
  public CodeBlock offset(int arg, String sample) {
    return offset(batched(arg), shape(arg).size(), sample);
  }

  private static CodeBlock offset(boolean batched, int size, String sample) {
    if (!batched) {
      return CodeBlock.of("0");
    }
    return size == 1 ? CodeBlock.of("$N", sample) : CodeBlock.of("$N * $L", sample, size);
  }

  @Override
  public TypeName elementType() {
    return numbers.type();
  }

  @Override
  public CodeBlock lit(double value) {
    return numbers.lit(value);
  }

  @Override
  public CodeBlock math(String function, CodeBlock... callArgs) {
    return numbers.math(function, callArgs);
  }

  @Override
  public CodeBlock kernel(String function, CodeBlock... callArgs) {
    return CodeBlock.of("$T.$N($L)", Kernels.class, function,
        CodeBlock.join(List.of(callArgs), ",$W"));
  }

  @Override
  public String local(String base) {
    return names.local(base);
  }

  @Override
  public CodeBlock scratch(String purpose, int perSample, boolean batched) {
    return scratchOf(numbers.arrayType(), purpose, perSample, batched);
  }

  @Override
  public CodeBlock intScratch(String purpose, int perSample, boolean batched) {
    return scratchOf(ArrayTypeName.of(TypeName.INT), purpose, perSample, batched);
  }

  private CodeBlock scratchOf(TypeName type, String purpose, int perSample, boolean batched) {
    String name = tag + "_" + Mangler.clean(purpose);
    Fields.Field f = fields.get(new ScratchKey(node, purpose), name, type, perSample,
        batched, null);
    return CodeBlock.of("$N", f.name());
  }

  /** The key of one scratch buffer: the op application (by identity) and its purpose. */
  private record ScratchKey(Node node, String purpose) {}

  @Override
  public CodeBlock gemm(boolean transA, boolean transB, CodeBlock m, CodeBlock n, CodeBlock k,
      Matrix a, Matrix b, Matrix c, boolean accumulate) {
    return CodeBlock.builder().addStatement(
        "$T.gemm($L, $L, $L, $L, $L,$W$L, $L, $L, $L,$W$L, $L, $L,$W$L, $L, $L, $L)",
        Kernels.class, transA, transB, m, n, k,
        numbers.lit(1), a.array(), a.offset(), a.ld(),
        b.array(), b.offset(), b.ld(),
        numbers.lit(accumulate ? 1 : 0), c.array(), c.offset(), c.ld()).build();
  }

  @Override
  public CodeBlock im2col(ConvShape g, CodeBlock images, CodeBlock imagesOffset,
      CodeBlock cols, CodeBlock colsOffset) {
    return windowCall("im2col", g, images, imagesOffset, cols, colsOffset);
  }

  @Override
  public CodeBlock convDirect(int outC) {
    return CodeBlock.of("$T.direct($L)", ConvKernels.class, outC);
  }

  @Override
  public CodeBlock convForward(ConvShape g, int outC, CodeBlock images, CodeBlock weights,
      CodeBlock out) {
    return convCall("forward", g, outC, images, weights, out);
  }

  @Override
  public CodeBlock convWeightGradient(ConvShape g, int outC, CodeBlock images,
      CodeBlock outGrad, CodeBlock grad) {
    return convCall("weightGradient", g, outC, images, outGrad, grad);
  }

  private CodeBlock convCall(String method, ConvShape g, int outC, CodeBlock first,
      CodeBlock second, CodeBlock third) {
    return CodeBlock.builder().addStatement(
        "$T.$N($L, $L, $L, $L, $L, $L, $L, $L,$W$L, $L, $L,$W$L)", ConvKernels.class, method,
        batch, g.c(), g.h(), g.w(), g.kh(), g.kw(), g.stride(), g.pad(), outC, first, second,
        third).build();
  }

  @Override
  public CodeBlock col2im(ConvShape g, CodeBlock cols, CodeBlock colsOffset,
      CodeBlock images, CodeBlock imagesOffset) {
    return windowCall("col2im", g, cols, colsOffset, images, imagesOffset);
  }

  private static CodeBlock windowCall(String method, ConvShape g, CodeBlock from,
      CodeBlock fromOffset, CodeBlock to, CodeBlock toOffset) {
    return CodeBlock.builder().addStatement(
        "$T.$N($L, $L, $L, $L, $L, $L, $L,$W$L, $L,$W$L, $L)", ConvKernels.class, method,
        g.c(), g.h(), g.w(), g.kh(), g.kw(), g.stride(), g.pad(), from, fromOffset, to,
        toOffset).build();
  }

  @Override
  public CodeBlock map(ElementValue f) {
    List<LoopNest.Operand> ops = new ArrayList<>();
    ops.add(contiguous(out.value().get(), node.shape(), node.batched()));
    for (int i = 0; i < args.size(); i++) {
      ops.add(broadcast(i));
    }
    Function<List<CodeBlock>, CodeBlock> statement = el -> CodeBlock.of("$L =$W$L", el.get(0),
        f.of(el.subList(1, el.size())));
    CodeBlock code = LoopNest.of(outDims(), ops).emit(names, batch, statement);
    lastMap = new MapFusion.MapLoop(outDims(), ops, statement, code);
    return code;
  }

  /** The loop the last {@link #map} call wrote, for {@link MapFusion}; null before one. */
  MapFusion.MapLoop lastMap() {
    return lastMap;
  }

  /**
   * The loop of a value node's error over this node's result mu: {@code e = x - mu + moved},
   * or {@code e = x - mu} when {@code moved} is null. Its index space is the result's own,
   * so {@link MapFusion} can fuse it into the loop that computes the result.
   */
  MapFusion.MapLoop errorLoop(CodeBlock x, CodeBlock moved, CodeBlock e) {
    List<LoopNest.Operand> ops = new ArrayList<>();
    for (CodeBlock array : new CodeBlock[] {e, x, out.value().get(), moved}) {
      if (array != null) {
        ops.add(contiguous(array, node.shape(), node.batched()));
      }
    }
    Function<List<CodeBlock>, CodeBlock> statement = moved == null
        ? el -> CodeBlock.of("$L =$W$L -$W$L", el.get(0), el.get(1), el.get(2))
        : el -> CodeBlock.of("$L =$W$L -$W$L +$W$L", el.get(0), el.get(1), el.get(2),
            el.get(3));
    CodeBlock code = LoopNest.of(outDims(), ops).emit(names, batch, statement);
    return new MapFusion.MapLoop(outDims(), ops, statement, code);
  }

  @Override
  public CodeBlock mapBack(int arg, ElementVjp f) {
    List<LoopNest.Operand> ops = new ArrayList<>();
    ops.add(broadcastOf(argGrad(arg), arg));
    ops.add(contiguous(out.value().get(), node.shape(), node.batched()));
    ops.add(contiguous(out.grad(), node.shape(), node.batched()));
    for (int i = 0; i < args.size(); i++) {
      ops.add(broadcast(i));
    }
    LoopNest nest = LoopNest.of(outDims(), ops);
    if (sumsSentBack(nest, arg, f)) {
      return nest.emitInner(names, batch, (at, extent) -> CodeBlock.of("$L[$L] +=$W$T.sum($L,"
          + " $L, $L)", argGrad(arg), at.get(0), Kernels.class, extent, out.grad(), at.get(2)));
    }
    String assign = fresh.test(arg) ? "=" : "+=";
    return nest.emit(names, batch, el -> CodeBlock.of("$L $L$W$L", el.get(0), assign,
        f.of(el.subList(3, el.size()), el.get(1), el.get(2))));
  }

  /**
   * Whether a backward loop only sums a contiguous run of the sent-back vector into one
   * element of the gradient along its innermost loop (a bias broadcast over an image), so
   * that a call of {@link Kernels#sum} can do it with several partial sums.
   */
  private boolean sumsSentBack(LoopNest nest, int arg, ElementVjp f) {
    if (fresh.test(arg) || nest.depth() == 0 || nest.innerStride(0) != 0
        || nest.innerStride(2) != 1) {
      return false;
    }
    List<CodeBlock> placeholders = args.stream().map(a -> CodeBlock.of("x")).toList();
    CodeBlock g = CodeBlock.of("g");
    return f.of(placeholders, CodeBlock.of("y"), g).toString().equals(g.toString());
  }

  @Override
  public CodeBlock copy(int arg, int[] dims, View to, View from) {
    Slot a = args.get(arg);
    LoopNest.Operand source = a.literal() != null
        ? LoopNest.Operand.literal(a.literal(), copyDims(dims).size())
        : viewOf(a.value().get(), arg, from);
    List<LoopNest.Operand> ops = List.of(viewOfOut(out.value().get(), to), source);
    LoopNest nest = LoopNest.of(copyDims(dims), ops);
    if (a.literal() == null && nest.depth() > 0 && nest.innerContiguous(0, 1)) {
      return nest.emitBlockCopy(names, batch, 0, 1);
    }
    return nest.emit(names, batch, el -> CodeBlock.of("$L =$W$L", el.get(0), el.get(1)));
  }

  @Override
  public CodeBlock copyBack(int arg, int[] dims, View to, View from) {
    List<LoopNest.Operand> ops = List.of(viewOf(argGrad(arg), arg, from),
        viewOfOut(out.grad(), to));
    LoopNest nest = LoopNest.of(copyDims(dims), ops);
    if (!fresh.test(arg)) {
      return nest.emit(names, batch, el -> CodeBlock.of("$L +=$W$L", el.get(0), el.get(1)));
    }
    if (nest.depth() > 0 && nest.innerContiguous(0, 1)) {
      return nest.emitBlockCopy(names, batch, 0, 1);
    }
    return nest.emit(names, batch, el -> CodeBlock.of("$L =$W$L", el.get(0), el.get(1)));
  }

  /** The loop dimensions of the result: the batch (when batched), then its shape. */
  private List<LoopNest.Dim> outDims() {
    return copyDims(node.shape().dims());
  }

  private List<LoopNest.Dim> copyDims(int[] dims) {
    List<LoopNest.Dim> d = new ArrayList<>();
    if (node.batched()) {
      d.add(new LoopNest.Dim(1, true));
    }
    for (int size : dims) {
      d.add(new LoopNest.Dim(size, false));
    }
    return d;
  }

  private LoopNest.Operand contiguous(CodeBlock array, Shape shape, boolean batched) {
    return new LoopNest.Operand(array, 0,
        withBatch(batched ? shape.size() : 0, View.contiguous(0, shape.dims()).strides()));
  }

  private LoopNest.Operand viewOfOut(CodeBlock array, View view) {
    return new LoopNest.Operand(array, view.offset(),
        withBatch(node.shape().size(), view.strides()));
  }

  private LoopNest.Operand viewOf(CodeBlock array, int arg, View view) {
    int sampleStride = batched(arg) ? shape(arg).size() : 0;
    return new LoopNest.Operand(array, view.offset(), withBatch(sampleStride, view.strides()));
  }

  private LoopNest.Operand broadcast(int arg) {
    Slot a = args.get(arg);
    if (a.literal() != null) {
      return LoopNest.Operand.literal(a.literal(), outDims().size());
    }
    return broadcastOf(a.value().get(), arg);
  }

  /** Strides that walk argument {@code arg} as it broadcasts against the result. */
  private LoopNest.Operand broadcastOf(CodeBlock array, int arg) {
    Shape s = shape(arg);
    int rank = node.shape().rank();
    int[] own = View.contiguous(0, s.dims()).strides();
    int[] strides = new int[rank];
    for (int j = 0; j < rank; j++) {
      int axis = j - (rank - s.rank());
      boolean present = axis >= 0 && s.dim(axis) == node.shape().dim(j);
      strides[j] = present && s.dim(axis) > 1 ? own[axis] : 0;
    }
    return new LoopNest.Operand(array, 0, withBatch(batched(arg) ? s.size() : 0, strides));
  }

  /** Prepends the batch stride when the result is batched (the loop has a batch dim). */
  private int[] withBatch(int sampleStride, int[] strides) {
    if (!node.batched()) {
      return strides;
    }
    int[] all = new int[strides.length + 1];
    all[0] = sampleStride;
    System.arraycopy(strides, 0, all, 1, strides.length);
    return all;
  }
}
