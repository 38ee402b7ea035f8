package org.pcg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pcg.codegen.ModelCompiler;
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

  /** Options of the shared mixins that only training reads; eval hides and refuses them. */
  static final String[] TRAINING_ONLY = {"--limit", "--seed", "--no-level"};

  @Spec CommandSpec spec;
  @Mixin ModelArgs modelArgs = new ModelArgs();
  @Mixin DataArgs dataArgs = new DataArgs();

  @Option(names = "--weights", paramLabel = "W.npz", required = true,
      description = "Weights saved by pcg train --save.")
  Path weights;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    refuseTrainingOnlyOptions();
    dataArgs.checkOptions();
    Graph graph = modelArgs.load();
    ModelCompiler.Factory factory = modelArgs.compile(graph, modelArgs.dtype(graph));
    CompiledModel model = factory.create(EVAL_BATCH, modelArgs.seed(graph));
    Checkpoints.load(model, weights);
    Dataset test = dataArgs.loadTest(model.info());
    Evaluator.Result r = Evaluator.evaluate(model, test, (loss, first, samples) -> {
      throw nonFinite(factory, model, test, loss, first, samples);
    });
    out.printf(Locale.ROOT, "%s on %d samples of %s: loss %.4f, accuracy %.2f%%%n",
        graph.name(), r.samples(), test.source(), r.loss(), 100 * r.accuracy());
    return Main.OK;
  }

  /**
   * A loss that is not finite has no mean to report: the weights are finite (loading refuses
   * others), so they overflow on these samples, or the samples lie outside what the model can
   * compute. The message names the samples and where the numbers first left the finite ones.
   */
  private UserError nonFinite(ModelCompiler.Factory factory, CompiledModel model, Dataset test,
      double loss, int first, int samples) {
    int vertex = model.firstNonFiniteVertex();
    String where = vertex < 0 ? "" : "; the first value that is not finite is in "
        + TrainCommand.describe(factory.passes().graph().vertices().get(vertex));
    return new UserError("the loss is " + loss + " on test samples " + (first + 1) + " to "
        + (first + samples) + " of " + test.source() + " with the weights of " + weights
        + where + "; the weights are finite, but come from a run that diverged, or the"
        + " samples lie outside what the model computes", Main.RUN_FAILURE);
  }

  /**
   * The weights come from --weights and every test sample is scored, so a seed, a training
   * sample limit or the levelling switch would change nothing: saying so beats ignoring them.
   */
  private void refuseTrainingOnlyOptions() {
    String given = dataArgs.limit != null ? "--limit"
        : modelArgs.seed != null ? "--seed"
        : modelArgs.noLevel ? "--no-level" : null;
    if (given != null) {
      throw new UserError(given + " does not apply to eval, which scores the weights of"
          + " --weights on every test sample (--test-limit N scores the first N)", Main.USAGE);
    }
  }
}
