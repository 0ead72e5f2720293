package ser.train;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import ser.model.Decision;
import ser.model.Decisions;
import ser.model.NetOutput;
import ser.model.SerNet;

/** Runs a network over examples in evaluation mode and predicts a class per clip under each decision rule. */
public final class Evaluator {
    private static final int BATCH = 64;

    private Evaluator() {
    }

    /** Predicted class index per example, for every decision rule. */
    public static Map<Decision, int[]> predict(SerNet net, List<Example> examples, Batcher batcher) {
        Map<Decision, int[]> predicted = new EnumMap<>(Decision.class);
        for (Decision d : Decision.values()) {
            predicted.put(d, new int[examples.size()]);
        }
        boolean wasTraining = net.is_training();
        net.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int from = 0; from < examples.size(); from += BATCH) {
                List<Example> chunk = examples.subList(from, Math.min(examples.size(), from + BATCH));
                try (PointerScope scope = new PointerScope()) {
                    Batch batch = batcher.evaluation(chunk);
                    NetOutput out = net.forward(batch.input(), batch.validFrames());
                    float[][][] regions = Decisions.regionProbabilities(out);
                    for (Decision d : Decision.values()) {
                        float[][] utterances = Decisions.utterance(regions, out.proposals(), d);
                        for (int i = 0; i < utterances.length; i++) {
                            predicted.get(d)[from + i] = Decisions.argmax(utterances[i]);
                        }
                    }
                }
            }
        } finally {
            net.train(wasTraining);
        }
        return predicted;
    }

    public static int[] truth(List<Example> examples) {
        return examples.stream().mapToInt(Example::label).toArray();
    }
}
