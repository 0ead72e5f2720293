package ser.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import ser.audio.AudioDecoder;
import ser.audio.Utterance;
import ser.features.FeatureMatrix;
import ser.features.LogMel;

/**
 * A loaded model applied to one utterance: the emotion, the score of every class, and the regions
 * that carry it, in seconds from the start of the file. The model sees its fixed number of frames
 * (3 s by default), centred in the speech; longer recordings are scored window by window by the
 * scorer.
 */
public final class Recognizer {
    /** A stretch of the file and what the model hears in it. */
    public record Region(double startS, double endS, String emotion, double confidence) {
    }

    public record Recognition(String emotion, double confidence, Map<String, Double> scores, List<Region> regions) {
    }

    private final ModelDescription description;
    private final SerNet net;
    private final LogMel logMel;

    public Recognizer(ModelBundle.LoadedModel model) {
        this.description = model.description();
        this.net = model.net();
        this.logMel = new LogMel(description.logMel());
    }

    public static Recognizer load(Path modelDir) throws IOException {
        return new Recognizer(ModelBundle.load(modelDir));
    }

    public ModelDescription description() {
        return description;
    }

    public Recognition recognize(Utterance utterance) {
        FeatureMatrix features = logMel.compute(utterance.samples());
        int frames = description.logMel().fixedFrames();
        int offset = LogMel.centreOffset(features, frames);
        FeatureMatrix view = LogMel.cropOrPad(features, frames, offset);
        int valid = Math.min(frames, features.frames() - offset);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            NetOutput out = net.forward(Tensor.create(view.data(), 1, 1, frames, view.bins()), new int[] {valid});
            float[][] regions = Decisions.regionProbabilities(out)[0];
            float[] utteranceScores = Decisions.utterance(new float[][][] {regions}, out.proposals(),
                    description.network().decision())[0];
            double secondsPerStep = description.network().frameStride() * description.logMel().hopLength()
                    / (double) AudioDecoder.SAMPLE_RATE;
            double origin = utterance.span().startS() + offset * description.logMel().hopLength() / (double) AudioDecoder.SAMPLE_RATE;
            List<Region> found = new ArrayList<>();
            for (int r = 0; r < regions.length; r++) {
                if (r > 0 && out.proposals().anchors()[0][r] < 0) {
                    continue; // a place the whole utterance fills, not a region of its own
                }
                float[] box = out.proposals().boxes()[0][r];
                int best = Decisions.argmax(regions[r]);
                double end = Math.min(utterance.span().endS(), origin + box[1] * secondsPerStep);
                found.add(new Region(origin + box[0] * secondsPerStep, end, description.labels().get(best), regions[r][best]));
            }
            int best = Decisions.argmax(utteranceScores);
            Map<String, Double> scores = new LinkedHashMap<>();
            for (int k = 0; k < utteranceScores.length; k++) {
                scores.put(description.labels().get(k), (double) utteranceScores[k]);
            }
            return new Recognition(description.labels().get(best), utteranceScores[best], scores, List.copyOf(found));
        }
    }
}
