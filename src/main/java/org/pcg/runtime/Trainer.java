package org.pcg.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;
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
 *
 * <p>With {@link #withCheckpoints} the run writes a {@link TrainingCheckpoint} every so many
 * steps and at its end; {@link #resumeFrom} and {@link #train(Dataset, Dataset,
 * EpochListener, TrainingState)} continue from one to the weights an unbroken run with the
 * same settings ends with, bit for bit. A checkpoint is written only while every parameter
 * is finite, so a run that diverges keeps its last good one. A run stops with a
 * {@link TrainingException} when a step's loss, a parameter at the end of an epoch or the
 * test loss after it is not finite.
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

  /**
   * Where and how often a run saves itself.
   *
   * @param file the checkpoint, replaced atomically at every save
   * @param everySteps training steps between saves, at least 1; the run's end is saved too
   */
  public record Checkpointing(Path file, int everySteps) {

    public Checkpointing {
      Objects.requireNonNull(file, "file");
      if (everySteps < 1) {
        throw new IllegalArgumentException("checkpoint every " + everySteps + " steps");
      }
    }
  }

  /** Receives the metrics of each epoch as soon as it is measured. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochMetrics metrics);
  }

  /** What the {@code with} methods add: each optional, none by default. */
  private record Extras(Checkpointing checkpointing, double maxUpdateNorm,
      IntFunction<String> vertexNames, String modelDigest, boolean levelled) {}

  private final CompiledModel model;
  private final Optimizer optimizer;
  private final Config config;
  private final Checkpointing checkpointing;
  private final double maxUpdateNorm;
  private final IntFunction<String> vertexNames;
  private final String modelDigest;
  private final boolean levelled;

  public Trainer(CompiledModel model, Optimizer optimizer, Config config) {
    this(model, optimizer, config, new Extras(null, 0, v -> "vertex number " + v, "", true));
  }

  private Trainer(CompiledModel model, Optimizer optimizer, Config config, Extras extras) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.config = Objects.requireNonNull(config, "config");
    this.checkpointing = extras.checkpointing();
    this.maxUpdateNorm = extras.maxUpdateNorm();
    this.vertexNames = extras.vertexNames();
    this.modelDigest = extras.modelDigest();
    this.levelled = extras.levelled();
    if (config.batchSize() > model.capacity()) {
      throw new IllegalArgumentException("batch size " + config.batchSize()
          + " exceeds the capacity " + model.capacity() + " the model was built for");
    }
  }

  /** This trainer, saving a training checkpoint as {@code checkpoints} says. */
  public Trainer withCheckpoints(Checkpointing checkpoints) {
    return new Trainer(model, optimizer, config, new Extras(
        Objects.requireNonNull(checkpoints), maxUpdateNorm, vertexNames, modelDigest,
        levelled));
  }

  /**
   * This trainer, scaling each step's updates down to a Euclidean norm (over all parameters
   * together) of at most {@code maxNorm}, as PyTorch's {@code clip_grad_norm_} does.
   */
  public Trainer withUpdateClipping(double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("clipping norm must be positive, got " + maxNorm);
    }
    return new Trainer(model, optimizer, config,
        new Extras(checkpointing, maxNorm, vertexNames, modelDigest, levelled));
  }

  /**
   * This trainer, naming vertex {@code i} of the model (see
   * {@link CompiledModel#firstNonFiniteVertex()}) as {@code names} does when the loss stops
   * being finite, say {@code "vertex h2 (mlp.pcg:14:5)"}.
   */
  public Trainer withVertexNames(IntFunction<String> names) {
    return new Trainer(model, optimizer, config,
        new Extras(checkpointing, maxUpdateNorm, Objects.requireNonNull(names), modelDigest,
            levelled));
  }

  /**
   * This trainer, recording {@code digest} (see {@code Graph.computationDigest()}) and
   * whether the graph was {@code levelled} among the settings a checkpoint must share with a
   * resumed run, so that a model whose statements changed under the same name, or Z-IL on
   * the unlevelled graph, is not resumed from the other run's state.
   */
  public Trainer withModel(String digest, boolean levelled) {
    return new Trainer(model, optimizer, config, new Extras(checkpointing, maxUpdateNorm,
        vertexNames, Objects.requireNonNull(digest), levelled));
  }

  /**
   * Runs all epochs and returns their metrics.
   *
   * @throws DataException when the data do not fit the model
   * @throws TrainingException when the loss or a parameter stops being finite
   */
  public List<EpochMetrics> train(Dataset train, Dataset test, EpochListener listener) {
    return train(train, test, listener, TrainingState.start());
  }

  /**
   * Runs the epochs from {@code from} on (those of {@code from}'s history are not run again)
   * and returns the metrics of all epochs, the earlier ones included. The listener hears
   * only the epochs run now.
   *
   * @throws DataException when the data do not fit the model or the position
   * @throws TrainingException when the loss or a parameter stops being finite
   */
  public List<EpochMetrics> train(Dataset train, Dataset test, EpochListener listener,
      TrainingState from) {
    Evaluator.checkFits(model.info(), train);
    Evaluator.checkFits(model.info(), test);
    if (from.stepsDone() > stepsPerEpoch(train.size())) {
      throw new DataException("the checkpoint is at step " + from.stepsDone() + " of epoch "
          + from.epoch() + ", but an epoch of " + train.size() + " samples has only "
          + stepsPerEpoch(train.size()) + " steps");
    }
    return new Run(train, test, listener, from).all();
  }

  /**
   * Restores the model and the (fresh) optimizer from the training checkpoint in
   * {@code file} and returns where the run stood, for {@link #train(Dataset, Dataset,
   * EpochListener, TrainingState)}.
   *
   * @throws DataException when the file is unreadable, or a checkpoint of another model, of
   *     other settings or of other training data
   */
  public TrainingState resumeFrom(Path file, Dataset train) {
    return TrainingCheckpoint.load(file, model, optimizer, runSettings(train));
  }

  /**
   * What a resumed run must share with the run that saved the checkpoint. The number of
   * epochs is not among them: a finished run can be continued for more epochs.
   */
  String runSettings(Dataset train) {
    ModelInfo info = model.info();
    PcOptions pc = config.options();
    String modelLine = "model=" + info.name()
        + (modelDigest.isEmpty() ? "" : " (computation " + modelDigest + ")")
        + (levelled ? "" : " unlevelled");
    return String.join("\n", modelLine, "dtype=" + info.dtype().flag(),
        "algorithm=" + config.algorithm().flag(), "inference steps=" + pc.steps(),
        "inference step size=" + pc.gamma(), "level-timed updates=" + pc.levelTimed(),
        "start noise=" + pc.startNoise(), "batch=" + config.batchSize(), "seed=" + config.seed(),
        "shuffle=" + config.shuffle(), "training samples=" + train.size(),
        "optimizer=" + optimizer, "update clipping=" + (maxUpdateNorm > 0
            ? String.format(Locale.ROOT, "%s", maxUpdateNorm) : "off"));
  }

  private int stepsPerEpoch(int samples) {
    return (samples + config.batchSize() - 1) / config.batchSize();
  }

  /** One run of epochs, from a position to the last epoch. */
  private final class Run {

    private final Dataset train;
    private final Dataset test;
    private final EpochListener listener;
    private final TrainingState from;
    private final int[] order;
    private final Batch batch;
    private final ParamCheck check;
    private final List<EpochMetrics> history;
    /** Where the last checkpoint stands ("ck.npz, is from epoch 1, step 2"), or null. */
    private String savedAt;

    Run(Dataset train, Dataset test, EpochListener listener, TrainingState from) {
      this.train = train;
      this.test = test;
      this.listener = listener;
      this.from = from;
      this.order = new int[train.size()];
      this.batch = train.newBatch(config.batchSize());
      this.check = new ParamCheck(model);
      this.history = new ArrayList<>(from.history());
    }

    List<EpochMetrics> all() {
      Shuffler shuffler = config.shuffle() ? Shuffler.seeded(config.seed()) : Shuffler.none();
      // Draw the orders of the epochs already done, so later ones match an unbroken run.
      for (int e = 1; e < from.epoch(); e++) {
        shuffler.nextOrder(order);
      }
      for (int epoch = from.epoch(); epoch <= config.epochs(); epoch++) {
        shuffler.nextOrder(order);
        boolean continuing = epoch == from.epoch();
        epoch(epoch, continuing ? from.stepsDone() : 0, continuing ? from.lossSum() : 0);
      }
      if (checkpointing != null && from.epoch() <= config.epochs()) {
        save(new TrainingState(config.epochs() + 1, 0, 0, history));
      }
      return List.copyOf(history);
    }

    /** Trains the rest of one epoch, then measures it on the test set. */
    private void epoch(int epoch, int firstStep, double lossSum) {
      long start = System.nanoTime();
      int steps = stepsPerEpoch(train.size());
      double trainLoss = steps(epoch, firstStep, lossSum) / train.size();
      double seconds = (System.nanoTime() - start) / 1e9;
      // A NaN can hide from the loss (relu maps it to 0), not from the parameters.
      checkParams(epoch, steps);

      Evaluator.Result result = Evaluator.evaluate(model, test,
          (loss, first, n) -> testLossNotFinite(epoch, loss, first, n));
      EpochMetrics metrics = new EpochMetrics(epoch, trainLoss, result.loss(),
          result.accuracy(), seconds, (steps - firstStep) / seconds);
      history.add(metrics);
      listener.epochDone(metrics);
    }

    /** Steps {@code firstStep} to the end of the epoch; returns the epoch's loss sum. */
    private double steps(int epoch, int firstStep, double lossSum) {
      int steps = stepsPerEpoch(train.size());
      int batchSize = config.batchSize();
      try (ProgressBar bar = progressBar(epoch, steps, firstStep)) {
        for (int step = firstStep; step < steps; step++) {
          int start = step * batchSize;
          int n = Math.min(batchSize, train.size() - start);
          train.batch(order, start, n, batch);
          model.setBatch(n, batch.inputs(), batch.targets());
          double loss = model.computeUpdates(config.algorithm(), config.options());
          checkFinite(loss, epoch, step + 1);
          checkInference(epoch, step + 1);
          model.applyUpdates(stepOptimizer(epoch, step + 1));
          lossSum += Evaluator.sampleLossSum(model.info(), loss, n);
          advance(bar, lossSum / (start + n));
          saveIfDue(epoch, step + 1, lossSum);
        }
      }
      return lossSum;
    }

    /** The optimizer, or a scaling view of it when this step's updates must be clipped. */
    private Optimizer stepOptimizer(int epoch, int step) {
      if (maxUpdateNorm == 0) {
        return optimizer;
      }
      double norm = check.updateNorm();
      if (!Double.isFinite(norm)) {
        throw new TrainingException("the update of parameter " + check.firstNonFiniteUpdate()
            + " became " + norm + " at epoch " + epoch + ", step " + step
            + checkpointNote("last good", ""));
      }
      double scale = maxUpdateNorm / (norm + 1e-6);
      return scale < 1 ? new ScaledUpdates(optimizer, scale) : optimizer;
    }

    private void saveIfDue(int epoch, int stepsDone, double lossSum) {
      int global = (epoch - 1) * stepsPerEpoch(train.size()) + stepsDone;
      if (checkpointing != null && global % checkpointing.everySteps() == 0) {
        save(new TrainingState(epoch, stepsDone, lossSum, history));
      }
    }

    /** Saves unless a parameter is no longer finite: the last good checkpoint then stays. */
    private void save(TrainingState state) {
      checkParams(Math.min(state.epoch(), config.epochs()), state.epoch() > config.epochs()
          ? stepsPerEpoch(train.size()) : state.stepsDone());
      TrainingCheckpoint.save(checkpointing.file(), model, optimizer, runSettings(train),
          state);
      savedAt = checkpointing.file() + ", is from "
          + (state.epoch() > config.epochs() ? "the end of the run"
              : "epoch " + state.epoch() + ", step " + state.stepsDone());
    }

    private void checkParams(int epoch, int step) {
      String bad = check.firstNonFiniteParam();
      if (bad != null) {
        throw new TrainingException("parameter " + bad + " is no longer finite after epoch "
            + epoch + ", step " + step + "; training diverged (" + remedy() + ")"
            + checkpointNote("last good", ""));
      }
    }

    /**
     * Parameters can pass the check for being finite yet be so large that the forward pass
     * overflows, as after a last step with too large a learning rate: a test loss that is not
     * finite stops the run rather than being printed, and the weights saved, as its result.
     */
    private void testLossNotFinite(int epoch, double loss, int first, int n) {
      throw new TrainingException("the test loss became " + loss + " after epoch " + epoch
          + " on samples " + (first + 1) + " to " + (first + n) + " of " + test.source()
          + firstNonFinite() + "; the parameters are finite, but training diverged ("
          + remedy() + "), or the test samples lie outside what the model computes"
          + checkpointNote("last", " (its parameters are finite, but may overflow as these"
              + " do)"));
    }

    private void checkFinite(double loss, int epoch, int step) {
      if (!Double.isFinite(loss)) {
        throw new TrainingException("the loss became " + loss + " at epoch " + epoch
            + ", step " + step + firstNonFinite() + "; training diverged (" + remedy() + ")"
            + checkpointNote("last good", ""));
      }
    }

    /**
     * IL's relaxation can blow up on its own when its step size is too large for the model,
     * whatever the learning rate; its update then is not finite before it is applied. The
     * check costs one pass over the updates, small beside IL's T relaxation steps, and lets
     * a later divergence be blamed on the learning rate alone.
     */
    private void checkInference(int epoch, int step) {
      if (config.algorithm() != Algorithm.IL) {
        return;
      }
      String bad = check.firstNonFiniteUpdate();
      if (bad != null) {
        throw new TrainingException("IL's update of parameter " + bad + " is not finite at"
            + " epoch " + epoch + ", step " + step + ": its inference diverged before any"
            + " learning; try a smaller --gamma (now " + config.options().gamma()
            + ") or fewer --steps (now " + config.options().steps() + ")"
            + checkpointNote("last good", ""));
      }
    }

    /** The run's last checkpoint, for a message that stops the run; empty without any. */
    private String checkpointNote(String which, String remark) {
      if (checkpointing == null) {
        return "";
      }
      return savedAt == null ? "; no checkpoint was written"
          : "; the " + which + " checkpoint, " + savedAt + remark;
    }

    /** What may help a run whose updates were finite but whose parameters diverged. */
    private String remedy() {
      return "a smaller learning rate or update clipping may help";
    }

    /** Where this batch's forward pass first leaves the finite numbers, if the model says. */
    private String firstNonFinite() {
      model.forward();
      int vertex = model.firstNonFiniteVertex();
      return vertex < 0 ? "" : "; the first value that is not finite is in "
          + vertexNames.apply(vertex);
    }
  }

  /** A bar on stderr, or null when quiet or when stderr is unlikely to be a terminal. */
  private ProgressBar progressBar(int epoch, int steps, int firstStep) {
    if (config.quiet() || System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("epoch " + epoch + "/" + config.epochs())
        .setInitialMax(steps)
        .startsFrom(firstStep, java.time.Duration.ZERO)
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
