package org.pcg.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A helper thread of {@link SplitGemm}: it runs its job once per {@link #post}, spinning
 * between jobs and parking after {@link SplitGemm#SPIN_NANOS} without one. The job's fields
 * are written before the volatile {@code posted} and read after it, and the results are
 * written before the volatile {@code finished}, which is what makes them visible across
 * threads.
 */
final class SplitHelper implements Runnable {
  final SplitGemm.Job job = new SplitGemm.Job();
  private final Gemm inner;
  private final Thread thread;
  private volatile long posted;
  private volatile long finished;
  private volatile boolean parked;
  private RuntimeException failure;

  SplitHelper(Gemm inner, String name) {
    this.inner = inner;
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  void post() {
    posted = posted + 1;
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /** Spins until the posted job is done; returns its failure, if any. */
  RuntimeException await() {
    long want = posted;
    while (finished != want) {
      // spins without PAUSE: see SplitGemm's class comment
    }
    RuntimeException f = failure;
    failure = null;
    job.clear();
    return f;
  }

  @Override
  public void run() {
    long done = 0;
    while (true) {
      waitFor(done);
      try {
        job.run(inner);
      } catch (RuntimeException | Error e) {
        failure = e instanceof RuntimeException r ? r
            : new IllegalStateException("matrix product failed on " + thread.getName(), e);
      }
      done++;
      finished = done;
    }
  }

  /** Returns once {@code posted} passes {@code done}: spinning at first, then parked. */
  private void waitFor(long done) {
    long since = System.nanoTime();
    int spins = 0;
    while (posted == done) {
      if (++spins % 64 == 0 && System.nanoTime() - since > SplitGemm.SPIN_NANOS) {
        parked = true;
        if (posted == done) {
          LockSupport.park(this);
        }
        parked = false;
        since = System.nanoTime();
      }
    }
  }
}
