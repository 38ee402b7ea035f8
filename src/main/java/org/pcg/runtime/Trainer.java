package org.pcg.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains a compiled model on a classification data set for a number of epochs and measures
 * it on a test set after each.
 *
 * <p>Each step copies a batch in, asks the model for the updates of the chosen algorithm and
 * has it apply them through the optimizer; {@link CompiledModel#applyUpdates} calls
 * {@link Optimizer#beginStep()} itself, so the trainer never does. The last, smaller batch
 * of an epoch is trained on too. A progress bar goes to stderr unless {@code quiet} is set or
 * there is no console.
 */
public final class Trainer {

  /**
   * How to train.
   *
   * @param epochs passes over the training set, at least 1
   * @param batchSize samples per step, 1 to the model's capacity
   * @param seed seed of the order of the samples
   * @param shuffle false to visit the samples in file order every epoch
   * @param quiet true to show no progress bar
   */
  public record Config(Algorithm algorithm, PcOptions options, int epochs, int batchSize,
      long seed, boolean shuffle, boolean quiet) {

    public Config {
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(options, "options");
      if (epochs < 1 || batchSize < 1) {
        throw new IllegalArgumentException("need at least one epoch and a batch of at least "
            + "one sample, got " + epochs + " epochs and batches of " + batchSize);
      }
    }
  }

  /** Receives the metrics of each epoch as soon as it is measured. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochMetrics metrics);
  }

  private final CompiledModel model;
  private final Optimizer optimizer;
  private final Config config;

  public Trainer(CompiledModel model, Optimizer optimizer, Config config) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.config = Objects.requireNonNull(config, "config");
    if (config.batchSize() > model.capacity()) {
      throw new IllegalArgumentException("batch size " + config.batchSize()
          + " exceeds the capacity " + model.capacity() + " the model was built for");
    }
  }

  /**
   * Runs all epochs and returns their metrics.
   *
   * @throws DataException when the data do not fit the model
   * @throws TrainingException when the loss stops being finite
   */
  public List<EpochMetrics> train(Dataset train, Dataset test, EpochListener listener) {
    Evaluator.checkFits(model.info(), train);
    Evaluator.checkFits(model.info(), test);
    Shuffler shuffler = config.shuffle() ? Shuffler.seeded(config.seed()) : Shuffler.none();
    int[] order = new int[train.size()];
    Batch batch = train.newBatch(config.batchSize());

    List<EpochMetrics> history = new ArrayList<>();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      shuffler.nextOrder(order);
      long start = System.nanoTime();
      double trainLoss = trainEpoch(epoch, train, order, batch);
      double seconds = (System.nanoTime() - start) / 1e9;

      Evaluator.Result result = Evaluator.evaluate(model, test);
      int steps = stepsPerEpoch(train.size());
      EpochMetrics metrics = new EpochMetrics(epoch, trainLoss, result.loss(),
          result.accuracy(), seconds, steps / seconds);
      history.add(metrics);
      listener.epochDone(metrics);
    }
    return history;
  }

  /** One pass over the training set in {@code order}; returns the mean loss per sample. */
  private double trainEpoch(int epoch, Dataset train, int[] order, Batch batch) {
    int batchSize = config.batchSize();
    double lossSum = 0;
    try (ProgressBar bar = progressBar(epoch, stepsPerEpoch(train.size()))) {
      for (int start = 0; start < train.size(); start += batchSize) {
        int n = Math.min(batchSize, train.size() - start);
        train.batch(order, start, n, batch);
        model.setBatch(n, batch.inputs(), batch.targets());
        double loss = model.computeUpdates(config.algorithm(), config.options());
        checkFinite(loss, epoch, start / batchSize + 1);
        model.applyUpdates(optimizer);
        lossSum += Evaluator.sampleLossSum(model.info(), loss, n);
        advance(bar, lossSum / (start + n));
      }
    }
    return lossSum / train.size();
  }

  private int stepsPerEpoch(int samples) {
    return (samples + config.batchSize() - 1) / config.batchSize();
  }

  private static void checkFinite(double loss, int epoch, int step) {
    if (!Double.isFinite(loss)) {
      throw new TrainingException("the loss became " + loss + " at epoch " + epoch + ", step "
          + step + "; training diverged (a smaller learning rate may help)");
    }
  }

  /** A bar on stderr, or null when quiet or when stderr is unlikely to be a terminal. */
  private ProgressBar progressBar(int epoch, int steps) {
    if (config.quiet() || System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("epoch " + epoch + "/" + config.epochs())
        .setInitialMax(steps)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
  }

  /** Steps the bar, showing the epoch's mean loss so far (one batch's loss is too noisy). */
  private static void advance(ProgressBar bar, double meanLoss) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format("loss %.4f", meanLoss));
    }
  }
}
