package org.pcg.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Times rounds of a step: each round runs the step a number of times and keeps the median
 * of the wall-clock times and of this thread's CPU times. On a machine shared with other
 * work the CPU time is the steadier figure for single-threaded code, since it leaves out the
 * time the thread waited for a core.
 */
final class RoundTimer {

  /**
   * Medians of one round, in milliseconds, and the bytes the timing thread allocated per
   * step (NaN where the JVM does not count them, or for another process).
   */
  record Round(double wallMs, double cpuMs, double bytesPerStep) {

    Round(double wallMs, double cpuMs) {
      this(wallMs, cpuMs, Double.NaN);
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private RoundTimer() {}

  /**
   * Steps run untimed at the start of each round, so that the caches the other side of the
   * comparison filled meanwhile do not count against this one.
   */
  static final int SETTLE_STEPS = 2;

  /** Runs {@code step} {@code steps} times after settling and returns the medians. */
  static Round time(Runnable step, int steps) {
    for (int i = 0; i < SETTLE_STEPS; i++) {
      step.run();
    }
    double[] wall = new double[steps];
    double[] cpu = new double[steps];
    long bytes = allocatedBytes();
    for (int i = 0; i < steps; i++) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      step.run();
      wall[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (cpuNanos() - c0) / 1e6;
    }
    double perStep = bytes < 0 ? Double.NaN : (allocatedBytes() - bytes) / (double) steps;
    return new Round(median(wall), median(cpu), perStep);
  }

  /** The bytes this thread has allocated so far, or -1 when the JVM does not say. */
  private static long allocatedBytes() {
    if (THREADS instanceof com.sun.management.ThreadMXBean counting
        && counting.isThreadAllocatedMemorySupported()
        && counting.isThreadAllocatedMemoryEnabled()) {
      return counting.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }

  /** Runs {@code step} for about {@code seconds}, at least {@code minSteps} times. */
  static double warmUp(Runnable step, double seconds, int minSteps) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int done = 0;
    while (done < minSteps || System.nanoTime() < end) {
      step.run();
      done++;
    }
    return (System.nanoTime() - start) / 1e6 / done;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }
}
