package org.dl4jgamma.bench.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Gemm} that passes every product to another one and, while recording, also keeps its arguments, so that
 * the products of one training step can be replayed alone: the floor that the step's other work is measured
 * against. A replay writes each product into a private copy of its output array, so the recorded arrays (the
 * models' weights among them) are never changed by it and every replayed product sees the operands of the step.
 */
final class RecordingGemm extends Gemm {

    private final Gemm inner;
    private final List<Call> calls = new ArrayList<>();
    private final Map<INDArray, INDArray> outputCopies = new IdentityHashMap<>();
    private boolean recording;

    /** The arguments of one product. */
    private record Call(boolean transA, boolean transB, long m, long n, long k, double alpha, INDArray a, long offA,
                        long lda, INDArray b, long offB, long ldb, double beta, INDArray c, long offC, long ldc) {
    }

    /** @param inner the products that run */
    RecordingGemm(Gemm inner) {
        this.inner = inner;
    }

    /** Forgets what was recorded and records the products from now on. */
    void startRecording() {
        calls.clear();
        outputCopies.clear();
        recording = true;
    }

    /** Stops recording; the products recorded so far stay for {@link #replay()}. */
    void stopRecording() {
        recording = false;
    }

    /** @return number of products recorded */
    int recorded() {
        return calls.size();
    }

    /**
     * @return floating-point operations of the recorded products, {@code sum 2 m n k}
     */
    double flops() {
        return calls.stream().mapToDouble(c -> 2.0 * c.m() * c.n() * c.k()).sum();
    }

    /** Runs the recorded products once more, in order, each into its private copy of the output array. */
    void replay() {
        for (Call c : calls) {
            INDArray output = outputCopies.computeIfAbsent(c.c(), array -> array.dup('c'));
            inner.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), c.alpha(), c.a(), c.offA(), c.lda(), c.b(),
                    c.offB(), c.ldb(), c.beta(), output, c.offC(), c.ldc());
        }
    }

    @Override
    void gemm(boolean transA, boolean transB, long m, long n, long k, double alpha, INDArray a, long offA, long lda,
              INDArray b, long offB, long ldb, double beta, INDArray c, long offC, long ldc) {
        if (recording) {
            calls.add(new Call(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc));
        }
        inner.gemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }
}
