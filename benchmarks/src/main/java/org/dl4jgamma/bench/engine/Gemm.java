package org.dl4jgamma.bench.engine;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major matrix products {@code C = alpha * op(A) * op(B) + beta * C} on blocks of ND4J arrays, called straight
 * through the JavaCPP binding of OpenBLAS that ND4J's CPU backend ships ({@code cblas_sgemm} / {@code cblas_dgemm}).
 * A block is given by its array, the offset of its first element in elements from the start of the array's buffer,
 * and its leading dimension (the distance in elements between two rows), so that one model's columns of a wide
 * matrix, or one model's slice of a stacked array, is used without a copy and without ND4J's per-operation cost.
 *
 * <p>Every array passed in must be a non-view, row-major ({@code 'c'}) array of this instance's data type; the
 * offsets are the caller's responsibility (ND4J's buffer pointer of a view already includes the view's offset,
 * which is why views are refused).
 */
abstract class Gemm {

    /**
     * @param dataType {@code FLOAT} or {@code DOUBLE}
     * @return the products for that type
     * @throws IllegalArgumentException for any other type
     */
    static Gemm of(DataType dataType) {
        switch (dataType) {
            case FLOAT:
                return new Single();
            case DOUBLE:
                return new Double();
            default:
                throw new IllegalArgumentException("The sweep engine trains in FLOAT or DOUBLE, got " + dataType);
        }
    }

    /**
     * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}, row-major.
     *
     * @param transA whether op(A) is A's transpose
     * @param transB whether op(B) is B's transpose
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha factor of the product
     * @param a array holding A
     * @param offA offset of A's first element
     * @param lda leading dimension of A as stored
     * @param b array holding B
     * @param offB offset of B's first element
     * @param ldb leading dimension of B as stored
     * @param beta factor of the old C
     * @param c array holding C
     * @param offC offset of C's first element
     * @param ldc leading dimension of C
     */
    abstract void gemm(boolean transA, boolean transB, long m, long n, long k, double alpha, INDArray a, long offA,
                       long lda, INDArray b, long offB, long ldb, double beta, INDArray c, long offC, long ldc);

    static Pointer base(INDArray array) {
        if (array.isView() || array.ordering() != 'c') {
            throw new IllegalArgumentException("Gemm needs whole row-major arrays, got a view or an 'f' array of "
                    + "shape " + java.util.Arrays.toString(array.shape()));
        }
        return array.data().addressPointer();
    }

    private static int trans(boolean t) {
        return t ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    }

    /** Float products through {@code cblas_sgemm}. */
    private static final class Single extends Gemm {

        @Override
        void gemm(boolean transA, boolean transB, long m, long n, long k, double alpha, INDArray a, long offA,
                  long lda, INDArray b, long offB, long ldb, double beta, INDArray c, long offC, long ldc) {
            FloatPointer pa = new FloatPointer(base(a)).position(offA);
            FloatPointer pb = new FloatPointer(base(b)).position(offB);
            FloatPointer pc = new FloatPointer(base(c)).position(offC);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB), (int) m,
                    (int) n, (int) k, (float) alpha, pa, (int) lda, pb, (int) ldb, (float) beta, pc, (int) ldc);
        }
    }

    /** Double products through {@code cblas_dgemm}. */
    private static final class Double extends Gemm {

        @Override
        void gemm(boolean transA, boolean transB, long m, long n, long k, double alpha, INDArray a, long offA,
                  long lda, INDArray b, long offB, long ldb, double beta, INDArray c, long offC, long ldc) {
            DoublePointer pa = new DoublePointer(base(a)).position(offA);
            DoublePointer pb = new DoublePointer(base(b)).position(offB);
            DoublePointer pc = new DoublePointer(base(c)).position(offC);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB), (int) m,
                    (int) n, (int) k, alpha, pa, (int) lda, pb, (int) ldb, beta, pc, (int) ldc);
        }
    }
}
