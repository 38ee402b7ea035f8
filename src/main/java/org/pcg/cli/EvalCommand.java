package org.pcg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pcg.ir.Graph;
import org.pcg.runtime.Checkpoints;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.Dataset;
import org.pcg.runtime.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pcg eval}: loss and accuracy of saved weights on the test set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate saved weights on the test set.")
final class EvalCommand implements Callable<Integer> {

  private static final int EVAL_BATCH = 256;

  @Spec CommandSpec spec;
  @Mixin ModelArgs modelArgs = new ModelArgs();
  @Mixin DataArgs dataArgs = new DataArgs();

  @Option(names = "--weights", paramLabel = "W.npz", required = true,
      description = "Weights saved by pcg train --save.")
  Path weights;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    dataArgs.checkOptions();
    Graph graph = modelArgs.load();
    CompiledModel model = modelArgs.compile(graph, modelArgs.dtype(graph))
        .create(EVAL_BATCH, modelArgs.seed(graph));
    Checkpoints.load(model, weights);
    Dataset test = dataArgs.loadTest(model.info());
    Evaluator.Result r = Evaluator.evaluate(model, test);
    out.printf(Locale.ROOT, "%s on %d samples of %s: loss %.4f, accuracy %.2f%%%n",
        graph.name(), r.samples(), test.source(), r.loss(), 100 * r.accuracy());
    return Main.OK;
  }
}
