/**
 * What generated models and the {@code pcg train} and {@code pcg eval} commands run on. This
 * package depends on no other pcg package, so generated classes need only it.
 *
 * <ul>
 *   <li>Contracts: {@link org.pcg.runtime.CompiledModel} (what a generated class implements),
 *       {@link org.pcg.runtime.ModelInfo}, {@link org.pcg.runtime.TensorSpec},
 *       {@link org.pcg.runtime.Optimizer}, {@link org.pcg.runtime.PcOptions}.
 *   <li>Numerics: {@link org.pcg.runtime.Kernels}, whose matrix products go to a
 *       {@link org.pcg.runtime.Gemm}: {@link org.pcg.runtime.NetlibGemm} (native OpenBLAS
 *       when installed) or {@link org.pcg.runtime.JavaGemm}.
 *   <li>Data: {@link org.pcg.runtime.Dataset} and {@link org.pcg.runtime.Batch}, loaded by
 *       {@link org.pcg.runtime.IdxReader}, {@link org.pcg.runtime.CsvReader} and
 *       {@link org.pcg.runtime.FashionMnist}; {@link org.pcg.runtime.Npz} reads and writes
 *       NumPy archives. Every data fault is a {@link org.pcg.runtime.DataException}.
 *   <li>Training: {@link org.pcg.runtime.Trainer}, {@link org.pcg.runtime.Evaluator}, the
 *       optimizers {@link org.pcg.runtime.Sgd}, {@link org.pcg.runtime.Momentum} and
 *       {@link org.pcg.runtime.Adam}, {@link org.pcg.runtime.Checkpoints} and
 *       {@link org.pcg.runtime.Report}.
 * </ul>
 */
package org.pcg.runtime;
