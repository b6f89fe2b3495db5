package org.dl4jgamma.arbiter.comparison;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jgamma.arbiter.data.OnlineDataSource;
import org.dl4jgamma.arbiter.data.TeacherDataSource;
import org.dl4jgamma.arbiter.layers.GammaOutputLayerSpace;
import org.dl4jgamma.arbiter.runner.CandidateOutcome;
import org.dl4jgamma.arbiter.runner.GammaTaskCreator;
import org.dl4jgamma.arbiter.scoring.OnlineLossScoreFunction;
import org.dl4jgamma.arbiter.space.IntegerChoiceSpace;
import org.dl4jgamma.arbiter.space.LogUniformSpace;
import org.dl4jgamma.arbiter.space.RegimeUpdaterSpace;
import org.dl4jgamma.conf.ReadoutScaling;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 5's experiment: what does searching gamma buy? For each search seed it runs two Arbiter random searches
 * with the same budget (candidates, SGD steps per candidate, data stream, held-out batches):
 *
 * <ul>
 *   <li>gamma searched: gamma0 ~ log-uniform [gammaMin, gammaMax], c ~ log-uniform [cMin, cMax], N uniform over
 *       the widths;</li>
 *   <li>gamma fixed: the same with gamma0 = 1 (standard muP).</li>
 * </ul>
 *
 * Each candidate is the paper's MLP in the muP parameterization (uncentered): {@code depth - 1} ReLU
 * {@code DenseLayer}s of width N with weights N(0, 1/fanIn) and a MUP {@code GammaOutputLayer} with gamma = gamma0,
 * all trained by plain SGD with {@code lr = N * eta0 * layerMultiplier}, {@code eta0 = c gamma0^2} (gamma0 &lt;= 1)
 * or {@code c gamma0^(2/L)} (above), multiplier {@code 1/fanIn} for hidden layers and 1 for the readout. Score:
 * online held-out loss ({@link OnlineLossScoreFunction}); the best candidate's test accuracy is reported too. One
 * INFO line is logged per candidate (by {@link GammaTaskCreator}) and per search.
 *
 * <pre>{@code
 * ComparisonResult r = GammaSearchComparison.builder().dataSource(FashionMnistDataSource.class)
 *         .candidates(20).steps(300).searchSeeds(0, 1, 2).build().run();
 * }</pre>
 */
public final class GammaSearchComparison {

    private static final Logger LOG = LoggerFactory.getLogger(GammaSearchComparison.class);

    private final Builder b;

    private GammaSearchComparison(Builder b) {
        this.b = b;
    }

    /**
     * A builder with the defaults: teacher data, 20 candidates of 300 steps, batch 64, 10 held-out
     * batches, seeds 0..2, gamma0 in [1e-2, 1e3], c in [1, 100], widths {64, 128, 256}, depth 2, MSE loss.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs both searches for every seed, gamma-searched first.
     *
     * @return the results
     */
    public ComparisonResult run() {
        List<SearchResult> searched = new ArrayList<>();
        List<SearchResult> fixed = new ArrayList<>();
        for (long seed : b.seeds) {
            searched.add(runSearch(true, seed));
            fixed.add(runSearch(false, seed));
        }
        return new ComparisonResult(searched, fixed);
    }

    /**
     * Runs one search.
     *
     * @param searchGamma true to search gamma0, false to fix it at 1
     * @param seed the search seed
     * @return its result
     */
    public SearchResult runSearch(boolean searchGamma, long seed) {
        LOG.info("Search {} (seed {}): {} candidates x {} steps", searchGamma ? "over gamma0" : "gamma0 = 1", seed,
                b.candidates, b.steps);
        Properties properties = dataProperties(seed);
        OnlineDataSource probe = newDataSource(properties);
        OptimizationConfiguration configuration = configuration(space(searchGamma, seed, probe), properties, seed);

        GammaTaskCreator tasks = new GammaTaskCreator(GammaTaskCreator.DEFAULT_DIVERGENCE_THRESHOLD,
                GammaSearchComparison::testAccuracy);
        LocalOptimizationRunner runner = new LocalOptimizationRunner(1, configuration, tasks);
        runner.execute();

        SearchResult result = summarise(searchGamma, seed, tasks.outcomes());
        LOG.info("Search {} (seed {}) done: best online loss {}, test accuracy {}, gamma0 {}, eta0 {}, N {}; "
                        + "{} diverged, {} failed", searchGamma ? "over gamma0" : "gamma0 = 1", seed,
                result.bestOnlineLoss(), result.testAccuracy(), result.bestGamma0(), result.bestEta0(),
                result.bestWidth(), result.divergedCandidates(), result.failedCandidates());
        return result;
    }

    /**
     * The Arbiter space of one search: gamma0 is one dimension shared by the readout and every updater.
     *
     * @param searchGamma true for log-uniform gamma0, false for gamma0 = 1
     * @param seed the networks' initialisation seed
     * @param data the data source (for the input and output sizes)
     * @return the space
     */
    public MultiLayerSpace space(boolean searchGamma, long seed, OnlineDataSource data) {
        ParameterSpace<Double> gamma0 = searchGamma ? new LogUniformSpace(b.gammaMin, b.gammaMax)
                : new FixedValue<>(1.0);
        ParameterSpace<Double> c = new LogUniformSpace(b.cMin, b.cMax);
        ParameterSpace<Integer> width = new IntegerChoiceSpace(b.widths);
        int nIn = data.inputColumns();

        MultiLayerSpace.Builder net = new MultiLayerSpace.Builder().seed(seed).numEpochs(1);
        for (int l = 0; l < b.depth - 1; l++) {
            ParameterSpace<Integer> fanIn = l == 0 ? new FixedValue<>(nIn) : width;
            net.addLayer(new DenseLayerSpace.Builder().nIn(fanIn).nOut(width).activation(Activation.RELU)
                    .weightInit(WeightInit.NORMAL).biasInit(0.0)
                    .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).c(c).width(width).fanIn(fanIn)
                            .depth(b.depth).build())
                    .build());
        }
        ParameterSpace<Integer> readoutIn = b.depth == 1 ? new FixedValue<>(nIn) : width;
        net.addLayer(new GammaOutputLayerSpace.Builder().gamma(gamma0).readoutScaling(ReadoutScaling.MUP)
                .nIn(readoutIn).nOut(data.numClasses()).lossFunction(b.loss).activation(outputActivation())
                .biasInit(0.0)
                .updater(RegimeUpdaterSpace.builder().gamma0(gamma0).c(c).width(width).depth(b.depth).build())
                .build());
        return net.build();
    }

    private OptimizationConfiguration configuration(MultiLayerSpace space, Properties properties, long seed) {
        return new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space))
                .dataSource(b.dataSource, properties)
                .scoreFunction(new OnlineLossScoreFunction())
                .terminationConditions(new MaxCandidatesCondition(b.candidates))
                .rngSeed(seed)
                .build();
    }

    private Properties dataProperties(long seed) {
        Properties p = new Properties();
        p.putAll(b.extraProperties);
        p.setProperty(OnlineDataSource.BATCH_SIZE, Integer.toString(b.batchSize));
        p.setProperty(OnlineDataSource.STEPS, Integer.toString(b.steps));
        p.setProperty(OnlineDataSource.HELD_OUT_BATCHES, Integer.toString(b.heldOutBatches));
        p.setProperty(OnlineDataSource.SEED, Long.toString(seed));
        return p;
    }

    private OnlineDataSource newDataSource(Properties properties) {
        try {
            OnlineDataSource source = b.dataSource.getConstructor().newInstance();
            source.configure(properties);
            return source;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot create " + b.dataSource.getName() + "; it needs a public "
                    + "no-argument constructor.", e);
        }
    }

    private Activation outputActivation() {
        return b.loss == LossFunction.MCXENT || b.loss == LossFunction.NEGATIVELOGLIKELIHOOD ? Activation.SOFTMAX
                : Activation.IDENTITY;
    }

    private static double testAccuracy(Model model, org.deeplearning4j.arbiter.optimize.api.data.DataSource data) {
        DataSetIterator test = ((OnlineDataSource) data).testSet();
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).evaluate(test).accuracy();
        }
        return ((ComputationGraph) model).evaluate(test).accuracy();
    }

    private static SearchResult summarise(boolean searchGamma, long seed, List<CandidateOutcome> outcomes) {
        double[] bestSoFar = new double[outcomes.size()];
        CandidateOutcome best = null;
        int failed = 0;
        int diverged = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            CandidateOutcome o = outcomes.get(i);
            failed += o.failed() ? 1 : 0;
            diverged += o.diverged() ? 1 : 0;
            if (!o.failed() && (best == null || o.score() < best.score())) {
                best = o;
            }
            bestSoFar[i] = best == null ? Double.POSITIVE_INFINITY : best.score();
        }

        if (best == null) {
            return new SearchResult(searchGamma, seed, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, Double.NaN,
                    -1, bestSoFar, failed, diverged, outcomes);
        }
        return new SearchResult(searchGamma, seed, best.score(), best.testMetric(), best.gamma(),
                best.readoutLearningRate() / best.width(), best.width(), bestSoFar, failed, diverged, outcomes);
    }

    /** Builder of a {@link GammaSearchComparison}; values are checked in {@link #build()}. */
    public static final class Builder {

        private Class<? extends OnlineDataSource> dataSource = TeacherDataSource.class;

        private final Properties extraProperties = new Properties();

        private int candidates = 20;

        private int steps = 300;

        private int batchSize = 64;

        private int heldOutBatches = 10;

        private long[] seeds = {0, 1, 2};

        private double gammaMin = 1e-2;

        private double gammaMax = 1e3;

        private double cMin = 1;

        private double cMax = 100;

        private int[] widths = {64, 128, 256};

        private int depth = 2;

        private LossFunction loss = LossFunction.MSE;

        private Builder() {
        }

        /**
         * The data: {@code TeacherDataSource.class} (default) or {@code FashionMnistDataSource.class}.
         *
         * @param dataSource an online data source with a public no-argument constructor
         * @return this builder
         */
        public Builder dataSource(Class<? extends OnlineDataSource> dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * An extra data-source property, e.g. {@code ("dataDir", "/data/fashion-mnist")}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder dataProperty(String key, String value) {
            extraProperties.setProperty(key, value);
            return this;
        }

        /**
         * Candidates per search (the budget).
         *
         * @param candidates at least 1
         * @return this builder
         */
        public Builder candidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /**
         * SGD steps (fresh batches) per candidate.
         *
         * @param steps at least 1
         * @return this builder
         */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Batch size.
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Held-out batches of the online loss.
         *
         * @param heldOutBatches at least 1
         * @return this builder
         */
        public Builder heldOutBatches(int heldOutBatches) {
            this.heldOutBatches = heldOutBatches;
            return this;
        }

        /**
         * The search seeds; each gives one search per side.
         *
         * @param seeds at least one seed
         * @return this builder
         */
        public Builder searchSeeds(long... seeds) {
            this.seeds = seeds == null ? null : seeds.clone();
            return this;
        }

        /**
         * The log-uniform range of gamma0 in the gamma-searched side.
         *
         * @param min {@code > 0}
         * @param max {@code >= min}
         * @return this builder
         */
        public Builder gammaRange(double min, double max) {
            this.gammaMin = min;
            this.gammaMax = max;
            return this;
        }

        /**
         * The log-uniform range of the rule constant c (both sides).
         *
         * @param min {@code > 0}
         * @param max {@code >= min}
         * @return this builder
         */
        public Builder cRange(double min, double max) {
            this.cMin = min;
            this.cMax = max;
            return this;
        }

        /**
         * The hidden widths N to choose from (both sides).
         *
         * @param widths at least one width, each at least 1
         * @return this builder
         */
        public Builder widths(int... widths) {
            this.widths = widths == null ? null : widths.clone();
            return this;
        }

        /**
         * The number of weight layers L (L - 1 hidden layers plus the readout).
         *
         * @param depth at least 1
         * @return this builder
         */
        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * The loss (MSE on one-hot labels by default, as the sweep; MCXENT gets a softmax output).
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder loss(LossFunction loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the comparison
         * @throws IllegalArgumentException naming the bad value and its accepted range
         */
        public GammaSearchComparison build() {
            atLeastOne("candidates", candidates);
            atLeastOne("steps", steps);
            atLeastOne("batchSize", batchSize);
            atLeastOne("heldOutBatches", heldOutBatches);
            atLeastOne("depth", depth);
            if (seeds == null || seeds.length == 0) {
                throw new IllegalArgumentException("Give at least one search seed, e.g. searchSeeds(0, 1, 2).");
            }
            if (widths == null || widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("widths must be one or more values >= 1, got "
                        + Arrays.toString(widths) + ".");
            }
            new LogUniformSpace(gammaMin, gammaMax);
            new LogUniformSpace(cMin, cMax);
            if (dataSource == null || loss == null) {
                throw new IllegalArgumentException("dataSource and loss must not be null.");
            }
            return new GammaSearchComparison(this);
        }

        private static void atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value + ".");
            }
        }
    }
}
