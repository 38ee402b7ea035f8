package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Fuses the flat elementwise loops of consecutive ops of one vertex that run over the same
 * index space into one loop, so that a chain of same-shaped ops (an activation, then a PC
 * error node) reads and writes each element in one pass. Fusing is sound because each such
 * loop reads the others' results only at its own index. Broadcasting nests of plain
 * arithmetic (a bias add before its ReLU) stay loops of their own; see {@link #fuses}.
 */
final class MapFusion {

  /** A call of Math's other than those C2 compiles to an instruction or two. */
  private static final Pattern LIBRARY_CALL =
      Pattern.compile("\\bMath\\.(?!max\\(|min\\(|abs\\(|sqrt\\(|fma\\()\\w+\\(");

  /**
   * One op's elementwise loop, unwritten: its index space, its operands (result first) and
   * its statement over their elements; {@code code} is the loop written alone.
   */
  record MapLoop(List<LoopNest.Dim> dims, List<LoopNest.Operand> operands,
      Function<List<CodeBlock>, CodeBlock> statement, CodeBlock code) {}

  private final LocalNames names;
  private final CodeBlock batch;
  private final CodeBlock.Builder body;
  private final List<MapLoop> pending = new ArrayList<>();

  MapFusion(LocalNames names, CodeBlock batch, CodeBlock.Builder body) {
    this.names = names;
    this.batch = batch;
    this.body = body;
  }

  /**
   * Adds one op's code: held back when it is exactly the loop {@code loop} (the op's only
   * code was one map), written after any held loops otherwise.
   */
  void add(CodeBlock code, MapLoop loop) {
    if (loop == null || loop.code() != code) {
      flush();
      body.add(code);
      return;
    }
    if (!pending.isEmpty() && !fuses(loop)) {
      flush();
    }
    pending.add(loop);
  }

  /**
   * Whether {@code loop} joins the held loops: while their nest stays one flat loop, or when
   * one of them calls a function the JIT cannot vectorise anyway. C2 in JDK 17 left fused
   * nests of plain arithmetic scalar here, and separate passes won: a bias add and its ReLU
   * over the MLP's 64 x 256 layer took 20 us fused and 7.6 us as two loops; over LeNet-5's
   * first convolution (64 x 6 x 784, a bias per channel), 400 and 188 us. Around a call the
   * other way round: the RNN's sums and tanh over 64 x 128 took 203 us fused, while the
   * tanh loop alone took 350 (the RNN's step went from 9.2 to 13.3 ms split).
   */
  private boolean fuses(MapLoop loop) {
    if (!pending.get(0).dims().equals(loop.dims())) {
      return false;
    }
    if (callsOut(loop) || pending.stream().anyMatch(MapFusion::callsOut)) {
      return true;
    }
    List<LoopNest.Operand> all = new ArrayList<>();
    pending.forEach(m -> all.addAll(m.operands()));
    all.addAll(loop.operands());
    return LoopNest.of(loop.dims(), all).depth() <= 1;
  }

  /** Whether a loop calls a library function (tanh, exp, log...) rather than an intrinsic. */
  private static boolean callsOut(MapLoop loop) {
    return LIBRARY_CALL.matcher(loop.code().toString()).find();
  }

  /** Writes the held loops, fused into one when there are several. */
  void flush() {
    if (pending.size() == 1) {
      body.add(pending.get(0).code());
    } else if (pending.size() > 1) {
      body.add(fused());
    }
    pending.clear();
  }

  private CodeBlock fused() {
    List<LoopNest.Operand> all = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    for (MapLoop m : pending) {
      starts.add(all.size());
      all.addAll(m.operands());
    }
    List<MapLoop> loops = List.copyOf(pending);
    return LoopNest.of(loops.get(0).dims(), all).emitBlock(names, batch, elements -> {
      CodeBlock.Builder b = CodeBlock.builder();
      for (int i = 0; i < loops.size(); i++) {
        int from = starts.get(i);
        List<CodeBlock> own = elements.subList(from, from + loops.get(i).operands().size());
        b.addStatement(loops.get(i).statement().apply(own));
      }
      return b.build();
    });
  }
}
