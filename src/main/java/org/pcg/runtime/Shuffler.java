package org.pcg.runtime;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the samples: a seeded random permutation per epoch, or
 * the file order. A seeded shuffler gives the same sequence of permutations for the same
 * seed, so a training run can be repeated exactly.
 */
public final class Shuffler {

  private final SplittableRandom random;

  private Shuffler(SplittableRandom random) {
    this.random = random;
  }

  public static Shuffler seeded(long seed) {
    return new Shuffler(new SplittableRandom(seed));
  }

  /** Visits the samples in file order every epoch. */
  public static Shuffler none() {
    return new Shuffler(null);
  }

  /** Fills {@code order} with the next epoch's permutation of {@code 0 .. order.length - 1}. */
  public void nextOrder(int[] order) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (random == null) {
      return;
    }
    // Fisher-Yates: swap each position with a uniformly chosen one at or before it.
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
