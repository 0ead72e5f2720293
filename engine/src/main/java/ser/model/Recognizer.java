package ser.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import ser.audio.AudioDecoder;
import ser.audio.Utterance;
import ser.features.FeatureMatrix;
import ser.features.LogMel;
import ser.features.LogMelConfig;

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

    /**
     * @param embedding the whole utterance's hidden features (what the classifier reads), the members' one after
     *                  another for an ensemble: for clustering and search
     */
    public record Recognition(String emotion, double confidence, Map<String, Double> scores, List<Region> regions,
                              float[] embedding) {
    }

    private final ModelDescription description;
    private final List<ModelBundle.Network> networks;
    private final LogMel logMel;
    private final Device device;
    private final boolean batchFeatures;

    /** On the CPU: each window's log-Mel is made by the thread that prepares it. */
    public Recognizer(ModelBundle.LoadedModel model) {
        this(model, new Device("cpu"), false);
    }

    /**
     * On {@code device}, where the model's network already is. On a CUDA device the windows keep their
     * samples and each batch's log-Mel is made there, by the kernel.
     */
    public Recognizer(ModelBundle.LoadedModel model, Device device) {
        this(model, device, device.is_cuda());
    }

    Recognizer(ModelBundle.LoadedModel model, Device device, boolean batchFeatures) {
        this.description = model.description();
        this.networks = model.networks();
        this.logMel = new LogMel(description.logMel());
        this.device = device;
        this.batchFeatures = batchFeatures;
    }

    public static Recognizer load(Path modelDir) throws IOException {
        return new Recognizer(ModelBundle.load(modelDir));
    }

    /** The model of {@code modelDir} moved to {@code device}, recognizing there. */
    public static Recognizer load(Path modelDir, Device device) throws IOException {
        ModelBundle.LoadedModel model = ModelBundle.load(modelDir);
        if (device.is_cuda()) {
            model.to(device);
        }
        return new Recognizer(model, device);
    }

    public ModelDescription description() {
        return description;
    }

    public Recognition recognize(Utterance utterance) {
        return recognize(List.of(prepare(utterance.samples(), utterance.span().startS(), utterance.span().endS()))).get(0);
    }

    /**
     * The features of standardized speech that starts at {@code originS} in the file: centred in
     * the model's fixed number of frames. Uses this recognizer's scratch buffers: one per thread.
     */
    public ModelInput prepare(float[] speech, double originS, double speechEndS) {
        LogMelConfig config = description.logMel();
        int available = LogMel.frames(config, speech.length);
        int offset = LogMel.centreOffset(available, config.fixedFrames());
        int valid = Math.min(config.fixedFrames(), available - offset);
        double start = originS + offset * config.hopLength() / (double) AudioDecoder.SAMPLE_RATE;
        if (batchFeatures) {
            return new ModelInput(null, speech, offset, valid, start, speechEndS);
        }
        FeatureMatrix view = LogMel.cropOrPad(logMel.compute(speech), config.fixedFrames(), offset);
        return new ModelInput(view.data(), null, offset, valid, start, speechEndS);
    }

    /** One forward pass over all the inputs; each result equals that of the input on its own. */
    public List<Recognition> recognize(List<ModelInput> inputs) {
        int batch = inputs.size();
        if (batch == 0) {
            return List.of();
        }
        int[] valid = new int[batch];
        for (int b = 0; b < batch; b++) {
            valid[b] = inputs.get(b).validFrames();
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = stack(inputs);
            float[][][] utterances = new float[networks.size()][][];
            float[][] embeddings = new float[networks.size()][];
            RegionScores firstScores = null;
            Proposals firstProposals = null;
            for (int m = 0; m < networks.size(); m++) {
                ModelConfig config = networks.get(m).config();
                NetOutput out = networks.get(m).net().forward(x, valid);
                RegionScores scores = RegionScores.of(out);
                utterances[m] = Decisions.utterances(scores, config.decision(), config.temperature());
                embeddings[m] = Tensors.floats(out.embedding());
                if (m == 0) {
                    firstScores = scores;
                    firstProposals = out.proposals();
                }
            }
            EnsembleConfig ensemble = description.ensemble();
            double regionTemperature = networks.get(0).config().temperature();
            List<Recognition> results = new ArrayList<>(batch);
            for (int b = 0; b < batch; b++) {
                float[] utterance = ensemble == null ? utterances[0][b] : EnsembleConfig.combine(column(utterances, b), ensemble.temperature());
                results.add(recognition(inputs.get(b), firstScores.probabilities(b, regionTemperature), utterance, firstProposals, b,
                        embedding(embeddings, b, batch)));
            }
            return results;
        }
    }

    /** Item {@code b}'s rows of the members' [B, H] embeddings, concatenated. */
    private static float[] embedding(float[][] perMember, int b, int batch) {
        int total = 0;
        for (float[] member : perMember) {
            total += member.length / batch;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] member : perMember) {
            int width = member.length / batch;
            System.arraycopy(member, b * width, out, at, width);
            at += width;
        }
        return out;
    }

    private static float[][] column(float[][][] perMember, int b) {
        float[][] out = new float[perMember.length][];
        for (int m = 0; m < out.length; m++) {
            out[m] = perMember[m][b];
        }
        return out;
    }

    /** The batch as the network takes it, [B, 1, fixedFrames, nMels] on this recognizer's device. */
    private Tensor stack(List<ModelInput> inputs) {
        int batch = inputs.size();
        int frames = description.logMel().fixedFrames();
        int bins = description.logMel().nMels();
        boolean deferred = inputs.get(0).deferred();
        if (inputs.stream().anyMatch(in -> in.deferred() != deferred)) {
            throw new IllegalArgumentException("a batch mixes prepared log-Mels and raw speech");
        }
        if (!deferred) {
            float[] stacked = new float[batch * frames * bins];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(inputs.get(b).logMel(), 0, stacked, b * frames * bins, frames * bins);
            }
            return Tensor.create(stacked, batch, 1, frames, bins); // SerNet.forward moves it to the network's device
        }
        BatchedLogMel.Frames made = BatchedLogMel.compute(description.logMel().melSpec(),
                inputs.stream().map(ModelInput::speech).toList(), device);
        Tensor stacked = made.values().new_zeros(batch, frames, bins);
        for (int b = 0; b < batch; b++) {
            ModelInput in = inputs.get(b);
            stacked.select(0, b).narrow(0, 0, in.validFrames())
                    .copy_(made.values().select(0, b).narrow(0, in.firstFrame(), in.validFrames()));
        }
        return stacked.unsqueeze(1);
    }

    private Recognition recognition(ModelInput input, float[][] regions, float[] utteranceScores, Proposals proposals, int b,
                                    float[] embedding) {
        double secondsPerStep = description.network().frameStride() * description.logMel().hopLength()
                / (double) AudioDecoder.SAMPLE_RATE;
        List<Region> found = new ArrayList<>();
        for (int r = 0; r < regions.length; r++) {
            if (r > 0 && proposals.anchors()[b][r] < 0) {
                continue; // a place the whole utterance fills, not a region of its own
            }
            float[] box = proposals.boxes()[b][r];
            int best = Decisions.argmax(regions[r]);
            double end = Math.min(input.speechEndS(), input.originS() + box[1] * secondsPerStep);
            found.add(new Region(input.originS() + box[0] * secondsPerStep, end, description.labels().get(best), regions[r][best]));
        }
        int best = Decisions.argmax(utteranceScores);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int k = 0; k < utteranceScores.length; k++) {
            scores.put(description.labels().get(k), (double) utteranceScores[k]);
        }
        return new Recognition(description.labels().get(best), utteranceScores[best], scores, List.copyOf(found), embedding);
    }
}
