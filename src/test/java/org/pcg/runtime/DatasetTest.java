package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Batches, one-hot targets and orders of a small in-memory {@link Dataset}. */
class DatasetTest {

  private static final java.lang.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();

  private static final int WARM_UP_BATCHES = 2_000;

  private static final int MEASURED_BATCHES = 1_000;

  /**
   * What reading the counter itself may allocate; one object per batch, at 16 bytes or more
   * times {@link #MEASURED_BATCHES}, would exceed it.
   */
  private static final long COUNTER_OVERHEAD_BYTES = 1024;

  /** Sample s has features (s, 10 s, 100 s) as floats and label s % 3. */
  private static Dataset tiny(int samples) {
    float[] features = new float[samples * 3];
    int[] labels = new int[samples];
    for (int s = 0; s < samples; s++) {
      features[3 * s] = s;
      features[3 * s + 1] = 10 * s;
      features[3 * s + 2] = 100 * s;
      labels[s] = s % 3;
    }
    return Dataset.ofFloats("tiny", new int[] {3}, features, labels, 3);
  }

  @Test
  void batchCopiesFeaturesLabelsAndOneHotTargetsInOrder() {
    Dataset data = tiny(5);
    Batch batch = data.newBatch(4);
    Arrays.fill(batch.targets(), 7.0);

    data.batch(new int[] {4, 1, 2, 0, 3}, 0, 2, batch);

    assertThat(batch.size()).isEqualTo(2);
    assertThat(Arrays.copyOf(batch.features(), 6)).containsExactly(4, 40, 400, 1, 10, 100);
    assertThat(Arrays.copyOf(batch.labels(), 2)).containsExactly(1, 1);
    assertThat(Arrays.copyOf(batch.targets(), 6)).containsExactly(0, 1, 0, 0, 1, 0);
    assertThat(batch.inputs()[0]).isSameAs(batch.features());
  }

  @Test
  void aBatchLargerThanItsBuffersIsRefused() {
    Dataset data = tiny(5);
    Batch batch = data.newBatch(2);
    assertThatThrownBy(() -> data.batch(new int[] {0, 1, 2, 3, 4}, 0, 3, batch))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> data.batch(new int[] {0, 1, 2, 3, 4}, 4, 2, batch))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelsOutsideTheClassesAreRefused() {
    assertThatThrownBy(() -> Dataset.ofDoubles("d.csv", new int[] {1}, new double[2],
        new int[] {0, 3}, 3))
        .isInstanceOf(DataException.class)
        .hasMessage("d.csv: label 3 of sample 1 is outside 0..2");
    assertThatThrownBy(() -> Dataset.ofDoubles("d.csv", new int[] {2}, new double[3],
        new int[] {0, 1}, 3))
        .hasMessage("d.csv: 3 feature values do not make 2 samples of shape [2]");
  }

  @Test
  void theFactoriesCopyTheirArrays() {
    double[] features = {1, 2};
    Dataset data = Dataset.ofDoubles("d", new int[] {1}, features, new int[] {0, 0}, 1);
    features[0] = 99;
    assertThat(data.feature(0, 0)).isEqualTo(1.0);
  }

  @Test
  void headKeepsTheFirstSamples() {
    Dataset head = tiny(5).head(2);
    assertThat(head.size()).isEqualTo(2);
    assertThat(head.feature(1, 2)).isEqualTo(100.0);
    assertThat(tiny(5).head(50).size()).isEqualTo(5);
  }

  @Test
  void pixelsReadAsExactlyTheFloatsTheyReplace() {
    // Every byte value once: 64 samples of 4 pixels, as an image loader stores them.
    byte[] pixels = new byte[256];
    float[] floats = new float[256];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (255 - i);
      floats[i] = (pixels[i] & 0xff) / 255f;
    }
    int[] labels = new int[64];
    Dataset asPixels = Dataset.owningPixels("p", new int[] {2, 2}, pixels, labels, 1);
    Dataset asFloats = Dataset.ofFloats("f", new int[] {2, 2}, floats, labels, 1);

    for (int s = 0; s < 64; s++) {
      for (int f = 0; f < 4; f++) {
        assertThat(asPixels.feature(s, f)).isEqualTo(asFloats.feature(s, f));
      }
    }
    assertThat(batchOfAll(asPixels)).isEqualTo(batchOfAll(asFloats));
    assertThat(batchOfAll(asPixels.head(5))).isEqualTo(batchOfAll(asFloats.head(5)));
    assertThat(asPixels.feature(0, 0)).isEqualTo(1.0);
    assertThat(asPixels.feature(63, 3)).isEqualTo(0.0);
  }

  @Test
  void copyingABatchOfPixelsAllocatesNothing() {
    assumeTrue(THREADS instanceof ThreadMXBean counter
        && counter.isThreadAllocatedMemorySupported()
        && counter.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
    long thread = Thread.currentThread().getId();
    Dataset data = Dataset.owningPixels("p", new int[] {28, 28}, new byte[100 * 784],
        new int[100], 10);
    Batch batch = data.newBatch(64);
    int[] order = identity(100);
    for (int i = 0; i < WARM_UP_BATCHES; i++) {
      data.batch(order, i % 36, 64, batch);
    }

    ThreadMXBean counting = (ThreadMXBean) THREADS;
    long before = counting.getThreadAllocatedBytes(thread);
    for (int i = 0; i < MEASURED_BATCHES; i++) {
      data.batch(order, i % 36, 64, batch);
    }
    long allocated = counting.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).isLessThanOrEqualTo(COUNTER_OVERHEAD_BYTES);
  }

  /** Features of every sample in file order, as a batch holds them. */
  private static double[] batchOfAll(Dataset data) {
    Batch batch = data.newBatch(data.size());
    data.batch(identity(data.size()), 0, data.size(), batch);
    return batch.features();
  }

  @Test
  void aSeededShufflerRepeatsAndPermutes() {
    int[] first = new int[50];
    int[] second = new int[50];
    Shuffler a = Shuffler.seeded(42);
    Shuffler b = Shuffler.seeded(42);
    a.nextOrder(first);
    b.nextOrder(second);
    assertThat(first).isEqualTo(second);
    assertThat(first).containsExactlyInAnyOrder(identity(50));
    assertThat(first).isNotEqualTo(identity(50));

    a.nextOrder(second);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void noShuffleKeepsFileOrder() {
    int[] order = {3, 3, 3};
    Shuffler.none().nextOrder(order);
    assertThat(order).containsExactly(0, 1, 2);
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    return order;
  }
}
