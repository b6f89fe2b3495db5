package org.dl4jgamma.arbiter.scoring;

import org.deeplearning4j.arbiter.scoring.impl.BaseNetScoreFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbiter score for online training: the mean loss per example on the held-out batches of the data source's
 * {@code testData()} (with an {@code OnlineDataSource}, fresh batches the network never trained on), minimised:
 *
 * <pre>
 *   score = sum_b n_b * loss_b / sum_b n_b      (loss_b = DL4J's mean loss of batch b, regularisation excluded)
 * </pre>
 *
 * A network whose held-out loss is NaN or infinite has diverged: the score is then {@link #DIVERGED_SCORE}
 * (+infinity, worse than any finite loss, so Arbiter never picks it) and the reason is logged at WARN; no exception
 * is thrown, so Arbiter records the candidate as completed, not failed.
 */
public class OnlineLossScoreFunction extends BaseNetScoreFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(OnlineLossScoreFunction.class);

    /** The score of a diverged network: +infinity. */
    public static final double DIVERGED_SCORE = Double.POSITIVE_INFINITY;

    /** A score function with no options. */
    public OnlineLossScoreFunction() {
    }

    /**
     * Whether a score marks a diverged candidate.
     *
     * @param score a score of this function
     * @return true if the score is not finite
     */
    public static boolean isDiverged(double score) {
        return !Double.isFinite(score);
    }

    /** Lower loss is better. */
    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public double score(MultiLayerNetwork net, DataSetIterator iterator) {
        return meanLoss(iterator, batch -> net.score(batch, false));
    }

    @Override
    public double score(ComputationGraph graph, DataSetIterator iterator) {
        return meanLoss(iterator, batch -> graph.score(batch, false));
    }

    /** {@code sum_b loss_b * n_b / sum_b n_b} over the iterator's batches, then {@link #finish}. */
    private double meanLoss(DataSetIterator iterator, java.util.function.ToDoubleFunction<DataSet> loss) {
        double sum = 0;
        long count = 0;
        iterator.reset();
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            int n = batch.numExamples();
            sum += loss.applyAsDouble(batch) * n;
            count += n;
        }
        return finish(sum, count);
    }

    @Override
    public double score(ComputationGraph graph, MultiDataSetIterator iterator) {
        double sum = 0;
        long count = 0;
        iterator.reset();
        while (iterator.hasNext()) {
            MultiDataSet batch = iterator.next();
            long n = batch.getFeatures(0).size(0);
            sum += graph.score(batch, false) * n;
            count += n;
        }
        return finish(sum, count);
    }

    /** Not supported: a MultiLayerNetwork takes a DataSetIterator. */
    @Override
    public double score(MultiLayerNetwork net, MultiDataSetIterator iterator) {
        throw new UnsupportedOperationException("A MultiLayerNetwork is scored on a DataSetIterator; make the data "
                + "source's testData() return one.");
    }

    private static double finish(double sum, long count) {
        if (count == 0) {
            throw new IllegalStateException("The held-out data is empty; give the data source at least one "
                    + "held-out batch (property heldOutBatches).");
        }

        double mean = sum / count;
        if (isDiverged(mean)) {
            LOG.warn("Diverged: held-out loss is {} (score set to {}).", mean, DIVERGED_SCORE);
            return DIVERGED_SCORE;
        }
        return mean;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public String toString() {
        return "OnlineLossScoreFunction()";
    }
}
