package ser.train;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import ser.model.Decision;
import ser.model.Decisions;
import ser.model.EnsembleConfig;
import ser.model.ModelBundle;
import ser.model.RegionScores;
import ser.model.SerNet;

/** Runs a network over examples in evaluation mode, keeping the region predictions every decision rule needs. */
public final class Evaluator {
    private static final int BATCH = 64;

    private Evaluator() {
    }

    /** The region predictions of every example, in order. */
    public static RegionScores scores(SerNet net, List<Example> examples, Batcher batcher) {
        List<RegionScores> batches = new ArrayList<>();
        boolean wasTraining = net.is_training();
        net.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int from = 0; from < examples.size(); from += BATCH) {
                List<Example> chunk = examples.subList(from, Math.min(examples.size(), from + BATCH));
                try (PointerScope scope = new PointerScope()) {
                    Batch batch = batcher.evaluation(chunk);
                    batches.add(RegionScores.of(net.forward(batch.input(), batch.validFrames())));
                }
            }
        } finally {
            net.train(wasTraining);
        }
        return RegionScores.concat(batches);
    }

    /** Each network's utterance probabilities [M][N][K], by its own decision rule and temperature. */
    public static List<float[][]> memberProbabilities(ModelBundle.LoadedModel model, List<Example> examples, Batcher batcher) {
        List<float[][]> members = new ArrayList<>();
        for (ModelBundle.Network n : model.networks()) {
            members.add(Decisions.utterances(scores(n.net(), examples, batcher), n.config().decision(), n.config().temperature()));
        }
        return members;
    }

    /** The model's utterance probabilities [N][K]: its network's, or its ensemble's combination of its members'. */
    public static float[][] probabilities(ModelBundle.LoadedModel model, List<Example> examples, Batcher batcher) {
        List<float[][]> members = memberProbabilities(model, examples, batcher);
        EnsembleConfig ensemble = model.description().ensemble();
        return ensemble == null ? members.get(0) : EnsembleConfig.combine(members, ensemble.temperature());
    }

    public static int[] argmax(float[][] p) {
        int[] predicted = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            predicted[i] = Decisions.argmax(p[i]);
        }
        return predicted;
    }

    /** The most likely class of every example under {@code decision} (a temperature never changes it for one region). */
    public static int[] predict(RegionScores scores, Decision decision, double temperature) {
        return argmax(Decisions.utterances(scores, decision, temperature));
    }

    public static int[] truth(List<Example> examples) {
        return examples.stream().mapToInt(Example::label).toArray();
    }
}
