package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import org.pcg.ir.Loss;
import org.pcg.ir.Vertex;

/**
 * The loss method of a generated class: {@code lossAndError(y, err)} returns the loss of a
 * prediction against the target and writes the output error {@code err = -dL/dy}, which BP
 * sends back as the output delta and predictive coding clamps as the output's error node.
 * Sums run in double whatever the dtype.
 */
final class LossCode {

  private final ModelContext ctx;
  private final Loss loss;
  private final Vertex output;
  private final LocalNames names;
  private final String y;
  private final String err;
  private final String target;
  private final String total;
  private final String scale;

  LossCode(ModelContext ctx) {
    this.ctx = ctx;
    this.loss = ctx.graph.loss();
    this.output = ctx.graph.output();
    this.names = new LocalNames(ctx.fieldNames);
    this.y = names.local("y");
    this.err = names.local("err");
    this.target = ctx.buffers(loss.target()).value();
    this.total = names.local("loss");
    this.scale = names.local("scale");
  }

  MethodSpec method() {
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("double $N = 0", total);
    body.addStatement("double $N = $L", scale,
        loss.mean() ? CodeBlock.of("1.0 / $N", ModelContext.BATCH) : CodeBlock.of("1.0"));
    body.add(switch (loss.kind()) {
      case MSE -> squaredError();
      case CROSS_ENTROPY -> crossEntropy();
      case BCE -> binaryCrossEntropy();
    });
    body.addStatement("return $N * $N", total, scale);
    return MethodSpec.methodBuilder("lossAndError")
        .addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameter(ctx.numbers.arrayType(), y)
        .addParameter(ctx.numbers.arrayType(), err)
        .addJavadoc("The $L loss of prediction {@code $N} against the target, $L\nover the"
            + " batch; writes the output error {@code $N} = -dL/d$N.\n", loss.kind().spelling(),
            y, loss.mean() ? "averaged" : "summed", err, y)
        .addCode(body.build())
        .build();
  }

  /** L = 1/2 |t - y|^2 per sample; err = t - y. */
  private CodeBlock squaredError() {
    String i = names.loopVar("i");
    String diff = names.local("diff");
    names.releaseLoopVars();
    return CodeBlock.builder()
        .beginControlFlow("for (int $N = 0; $N < $L; $N++)", i, i, ctx.count(output), i)
        .addStatement("double $N = $N[$N] - $N[$N]", diff, target, i, y, i)
        .addStatement("$N += 0.5 * $N * $N", total, diff, diff)
        .addStatement("$N[$N] = $L", err, i, ctx.numbers.fromDouble(
            CodeBlock.of("$N * $N", diff, scale)))
        .endControlFlow()
        .build();
  }

  /**
   * Binary cross-entropy on logits, L = softplus(y) - t y, stable for large |y|;
   * err = t - sigmoid(y).
   */
  private CodeBlock binaryCrossEntropy() {
    String i = names.loopVar("i");
    String z = names.local("z");
    String t = names.local("t");
    names.releaseLoopVars();
    return CodeBlock.builder()
        .beginControlFlow("for (int $N = 0; $N < $L; $N++)", i, i, ctx.count(output), i)
        .addStatement("double $N = $N[$N]", z, y, i)
        .addStatement("double $N = $N[$N]", t, target, i)
        .addStatement("$N += $T.max($N, 0.0) - $N * $N + $T.log1p($T.exp(-$T.abs($N)))",
            total, Math.class, z, t, z, Math.class, Math.class, Math.class, z)
        .addStatement("$N[$N] = $L", err, i, ctx.numbers.fromDouble(
            CodeBlock.of("($N - 1.0 / (1.0 + $T.exp(-$N))) * $N", t, Math.class, z, scale)))
        .endControlFlow()
        .build();
  }

  /**
   * Softmax cross-entropy on logits along the last axis, with log-sum-exp shifted by the
   * row maximum; err = t - softmax(y) * sum(t), which is t - softmax(y) for one-hot rows.
   */
  private CodeBlock crossEntropy() {
    int width = output.shape().rank() == 0 ? 1 : output.shape().dim(-1);
    int rows = output.shape().size() / width;
    String r = names.local("r");
    String base = names.local("base");
    String max = names.local("max");
    String sum = names.local("sum");
    String mass = names.local("mass");
    String logSum = names.local("logSum");
    String at = names.local("at");
    String i = names.local("i");
    CodeBlock rowCount = rows == 1 ? ctx.batch() : CodeBlock.of("$L * $L", ctx.batch(), rows);
    return CodeBlock.builder()
        .beginControlFlow("for (int $N = 0; $N < $L; $N++)", r, r, rowCount, r)
        .addStatement("int $N = $N * $L", base, r, width)
        .addStatement("double $N = $N[$N]", max, y, base)
        .beginControlFlow("for (int $N = 1; $N < $L; $N++)", i, i, width, i)
        .addStatement("$N = $T.max($N, $N[$N + $N])", max, Math.class, max, y, base, i)
        .endControlFlow()
        .addStatement("double $N = 0", sum)
        .addStatement("double $N = 0", mass)
        .beginControlFlow("for (int $N = 0; $N < $L; $N++)", i, i, width, i)
        .addStatement("$N += $T.exp($N[$N + $N] - $N)", sum, Math.class, y, base, i, max)
        .addStatement("$N += $N[$N + $N]", mass, target, base, i)
        .endControlFlow()
        .addStatement("double $N = $N + $T.log($N)", logSum, max, Math.class, sum)
        .beginControlFlow("for (int $N = 0; $N < $L; $N++)", i, i, width, i)
        .addStatement("int $N = $N + $N", at, base, i)
        .addStatement("$N += $N[$N] * ($N - $N[$N])", total, target, at, logSum, y, at)
        .addStatement("$N[$N] = $L", err, at, ctx.numbers.fromDouble(CodeBlock.of(
            "($N[$N] - $N * $T.exp($N[$N] - $N)) * $N", target, at, mass, Math.class, y, at,
            logSum, scale)))
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
