package ser.score;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ser.audio.AudioDecodeException;
import ser.audio.AudioDecoder;
import ser.audio.SpeechLoader;
import ser.audio.SpeechSpan;
import ser.audio.Utterance;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.model.Recognizer;

/**
 * Scores audio files with a network model: decode, trim silence, standardize, and recognize window
 * by window; the file's scores are the window scores averaged by window length. Built once from a
 * model directory and safe to share between threads.
 */
public final class Scorer implements AutoCloseable {
    private final ModelDescription description;
    private final ModelBundle.LoadedModel model;
    private final ThreadLocal<Recognizer> recognizers;
    private final SpeechLoader loader;
    private final ScoreConfig config;

    public Scorer(Path modelDir, ScoreConfig config) throws IOException {
        this.description = ModelBundle.describe(modelDir);
        if (description.kind() == ModelKind.SVM) {
            throw new IOException(modelDir + " holds the SVM baseline, which gives no scores or regions; score with a network model");
        }
        this.model = ModelBundle.load(modelDir);
        this.recognizers = ThreadLocal.withInitial(() -> new Recognizer(model));
        this.loader = new SpeechLoader(description.vad());
        this.config = config;
    }

    /** The classes, in the order of the model's outputs. */
    public List<String> labels() {
        return description.labels();
    }

    public String modelId() {
        return description.id();
    }

    /** Never throws for a bad file: the reason is the row's error. */
    public ScoreRow score(Path file) {
        return score(new Input.File(file), null);
    }

    /** Scores a file, or an archive member's bytes already read; never throws for bad input. */
    public ScoreRow score(Input input, byte[] memberBytes) {
        String name = input.name();
        try {
            Utterance utterance = input instanceof Input.File file ? loader.load(file.path()) : loader.load(name, memberBytes);
            return score(name, utterance);
        } catch (AudioDecodeException e) {
            return ScoreRow.failed(name, modelId(), e.reason());
        } catch (RuntimeException e) {
            return ScoreRow.failed(name, modelId(), "internal error: " + e);
        }
    }

    ScoreRow score(String name, Utterance utterance) {
        int rate = AudioDecoder.SAMPLE_RATE;
        int window = (int) Math.round(config.windowS() * rate);
        int hop = (int) Math.round(config.hopS() * rate);
        float[] speech = utterance.samples();
        Recognizer recognizer = recognizers.get();
        if (speech.length <= window) {
            Recognizer.Recognition r = recognizer.recognize(utterance);
            return new ScoreRow(name, utterance.durationS(), r.emotion(), r.confidence(), r.scores(), r.regions(), modelId(), null);
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        description.labels().forEach(l -> sums.put(l, 0.0));
        List<Recognizer.Region> timeline = new ArrayList<>();
        double weight = 0;
        for (int start = 0; start < speech.length; start += hop) {
            int end = Math.min(speech.length, start + window);
            if (start > 0 && end - start < hop) {
                break; // the previous window already covers this tail
            }
            float[] slice = java.util.Arrays.copyOfRange(speech, start, end);
            long origin = utterance.span().startSample() + start;
            Utterance part = new Utterance(utterance.source(), slice, new SpeechSpan(origin, origin + slice.length),
                    utterance.durationS(), utterance.format());
            Recognizer.Recognition r = recognizer.recognize(part);
            double length = slice.length / (double) rate;
            r.scores().forEach((label, p) -> sums.merge(label, p * length, Double::sum));
            weight += length;
            timeline.add(new Recognizer.Region(origin / (double) rate, (origin + slice.length) / (double) rate, r.emotion(),
                    r.confidence()));
            if (end == speech.length) {
                break;
            }
        }
        double total = weight;
        Map<String, Double> scores = new LinkedHashMap<>();
        sums.forEach((label, s) -> scores.put(label, s / total));
        Map.Entry<String, Double> best = scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new ScoreRow(name, utterance.durationS(), best.getKey(), best.getValue(), scores, List.copyOf(timeline), modelId(), null);
    }

    /** Frees the network's native memory; the scorer cannot be used afterwards. A second call does nothing. */
    @Override
    public void close() {
        model.net().close();
    }
}
