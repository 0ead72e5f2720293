package ser.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.features.LogMelConfig;
import ser.io.JsonFiles;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.report.Metrics;

/**
 * The classic baseline: an RBF support vector machine (LIBSVM) on {@link Handcrafted} utterance
 * features standardized with the training set's mean and deviation, classes weighted by inverse
 * frequency, C and γ chosen on dev UA from a small grid.
 */
public final class SvmBaseline {
    private static final Logger LOG = LoggerFactory.getLogger(SvmBaseline.class);
    public static final String MODEL = "svm.model";
    public static final String SCALER = "scaler.json";
    private static final double[] C_GRID = {1, 10, 100};
    private static final double[] GAMMA_SCALE = {0.5, 1, 2};

    /** Standardization fitted on the training features. */
    public record Scaler(float[] mean, float[] std) {
    }

    private final svm_model model;
    private final Scaler scaler;
    private final LogMelConfig logMel;

    private SvmBaseline(svm_model model, Scaler scaler, LogMelConfig logMel) {
        this.model = model;
        this.scaler = scaler;
        this.logMel = logMel;
    }

    static {
        svm.svm_set_print_string_function(s -> { });
    }

    /** Fits every grid point on train and keeps the one with the best dev UA. */
    public static SvmBaseline train(List<Example> train, List<Example> dev, List<String> labels, LogMelConfig logMel, long seed) {
        float[][] trainX = features(train, logMel);
        float[][] devX = features(dev, logMel);
        Scaler scaler = fit(trainX);
        svm_problem problem = problem(trainX, train, scaler);
        float[] weights = Trainer.classWeights(train, labels.size());
        SvmBaseline best = null;
        double bestUa = -1;
        for (double c : C_GRID) {
            for (double g : GAMMA_SCALE) {
                svm.rand.setSeed(seed);
                svm_model model = svm.svm_train(problem, parameters(c, g / Handcrafted.SIZE, weights));
                SvmBaseline candidate = new SvmBaseline(model, scaler, logMel);
                double ua = Metrics.of(labels, Evaluator.truth(dev), candidate.predict(devX)).ua();
                LOG.info("SVM C={} gamma={}/d: dev UA {}", c, g, String.format("%.3f", ua));
                if (ua > bestUa) {
                    bestUa = ua;
                    best = candidate;
                }
            }
        }
        return best;
    }

    public int[] predict(List<Example> examples) {
        return predict(features(examples, logMel));
    }

    private int[] predict(float[][] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (int) svm.svm_predict(model, nodes(x[i], scaler));
        }
        return out;
    }

    public void save(Path dir, ModelDescription description) throws IOException {
        ser.io.AtomicFiles.replace(dir.resolve(MODEL), tmp -> svm.svm_save_model(tmp.toString(), model));
        JsonFiles.write(dir.resolve(SCALER), scaler);
        JsonFiles.write(dir.resolve(ModelBundle.DESCRIPTION), description);
    }

    public static SvmBaseline load(Path dir) throws IOException {
        ModelDescription d = ModelBundle.describe(dir);
        return new SvmBaseline(svm.svm_load_model(dir.resolve(MODEL).toString()),
                JsonFiles.read(dir.resolve(SCALER), Scaler.class), d.logMel());
    }

    private static float[][] features(List<Example> examples, LogMelConfig logMel) {
        float[][] x = new float[examples.size()][];
        java.util.stream.IntStream.range(0, x.length).parallel()
                .forEach(i -> x[i] = Handcrafted.of(examples.get(i).speech(), logMel));
        return x;
    }

    private static Scaler fit(float[][] x) {
        int d = x[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            double q = 0;
            for (float[] row : x) {
                s += row[j];
                q += row[j] * row[j];
            }
            double m = s / x.length;
            mean[j] = (float) m;
            std[j] = (float) Math.max(Math.sqrt(Math.max(q / x.length - m * m, 0)), 1e-6);
        }
        return new Scaler(mean, std);
    }

    private static svm_node[] nodes(float[] row, Scaler scaler) {
        svm_node[] nodes = new svm_node[row.length];
        for (int j = 0; j < row.length; j++) {
            nodes[j] = new svm_node();
            nodes[j].index = j + 1;
            nodes[j].value = (row[j] - scaler.mean()[j]) / scaler.std()[j];
        }
        return nodes;
    }

    private static svm_problem problem(float[][] x, List<Example> examples, Scaler scaler) {
        svm_problem p = new svm_problem();
        p.l = x.length;
        p.x = new svm_node[x.length][];
        p.y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p.x[i] = nodes(x[i], scaler);
            p.y[i] = examples.get(i).label();
        }
        return p;
    }

    private static svm_parameter parameters(double c, double gamma, float[] classWeights) {
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.C_SVC;
        p.kernel_type = svm_parameter.RBF;
        p.C = c;
        p.gamma = gamma;
        p.cache_size = 200;
        p.eps = 1e-3;
        p.shrinking = 1;
        p.probability = 0;
        p.nr_weight = classWeights.length;
        p.weight_label = new int[classWeights.length];
        p.weight = new double[classWeights.length];
        for (int k = 0; k < classWeights.length; k++) {
            p.weight_label[k] = k;
            p.weight[k] = classWeights[k];
        }
        return p;
    }
}
