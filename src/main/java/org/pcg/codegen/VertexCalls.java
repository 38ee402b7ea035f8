package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import org.pcg.ir.Vertex;

/**
 * Calls of one vertex's methods (see {@link VertexCode}) with the buffers each learning rule
 * passes: the method names a parameter's role, and this picks the buffer.
 */
final class VertexCalls {

  private final ModelContext ctx;

  VertexCalls(ModelContext ctx) {
    this.ctx = ctx;
  }

  /** A forward call into the vertex's value (BP) or into its prediction mu (PC). */
  CodeBlock forward(VertexCode vc, boolean intoMu) {
    ModelContext.VertexBuffers own = ctx.buffers(vc.vertex().name());
    List<CodeBlock> args = new ArrayList<>();
    for (VertexCode.Parameter p : vc.forwardParams()) {
      String buffer = p.role() == VertexCode.Role.MU
          ? (intoMu ? own.mu() : own.value())
          : ctx.buffers(p.vertex()).value();
      args.add(CodeBlock.of("$N", buffer));
    }
    return statement(vc.forwardName(), args);
  }

  /**
   * A backward call. BP and scheduled Z-IL ({@code pc} false) send the forward values and
   * the feedback (the output: its error); the PC dynamics send mu and e, and learn when
   * {@code learning} selects the vertex's level.
   */
  CodeBlock backward(VertexCode vc, boolean pc) {
    Vertex v = vc.vertex();
    ModelContext.VertexBuffers own = ctx.buffers(v.name());
    List<CodeBlock> args = new ArrayList<>();
    for (VertexCode.Parameter p : vc.backwardParams()) {
      args.add(switch (p.role()) {
        case INPUT -> CodeBlock.of("$N", ctx.buffers(p.vertex()).value());
        case FEEDBACK -> CodeBlock.of("$N", ctx.buffers(p.vertex()).fb());
        case MU -> CodeBlock.of("$N", pc ? own.mu() : own.value());
        case ERR -> CodeBlock.of("$N", pc || ctx.isOutput(v) ? own.err() : own.fb());
        case LEARN -> pc
            ? CodeBlock.of("learns(learning, $L)", ctx.schedule.level(v.name()))
            : CodeBlock.of("true");
        case START, MOVED, VALUE ->
            throw new IllegalStateException("a backward call has no " + p);
      });
    }
    return statement(vc.backwardName(), args);
  }

  /** A call of the vertex's fused prediction and error of the given form. */
  CodeBlock predict(VertexCode vc, VertexCode.Predict predict) {
    ModelContext.VertexBuffers own = ctx.buffers(vc.vertex().name());
    List<CodeBlock> args = new ArrayList<>();
    for (VertexCode.Parameter p : predict.params()) {
      args.add(CodeBlock.of("$N", switch (p.role()) {
        case INPUT -> ctx.buffers(p.vertex()).value();
        case MU -> own.mu();
        case START -> own.start();
        case MOVED -> own.moved();
        case VALUE -> own.value();
        case ERR -> own.err();
        case FEEDBACK, LEARN -> throw new IllegalStateException("a prediction has no " + p);
      }));
    }
    return statement(predict.name(), args);
  }

  private static CodeBlock statement(String method, List<CodeBlock> args) {
    return CodeBlock.builder().addStatement("$N($L)", method, CodeBlock.join(args, ",$W"))
        .build();
  }
}
