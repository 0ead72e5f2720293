package ser.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.data.Clip;
import ser.data.CorpusNaming;
import ser.data.CorpusScan;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SplitRecord;
import ser.io.JsonFiles;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.report.Calibration;
import ser.report.Metrics;

/**
 * {@code ser eval}: a saved model on labelled corpora, split by the record its training run saved
 * ({@code split.json}), so "dev" and "test" are the speakers it held out whatever folders are given.
 * Speakers the record does not name were never heard by the model: they count as test, and alone
 * as "unseen". Figures are given per corpus, and for ASED's sentences 01–02 apart (see
 * {@link CorpusNaming#revealingSubset}).
 */
public final class EvaluationRun {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRun.class);

    /** Which clips to score: a recorded part, speakers outside the record, held-out test and unseen together, or all. */
    public enum Split { TRAIN, DEV, TEST, UNSEEN, ALL }

    /** Figures of one corpus: classification and, for networks, calibration (null for the SVM). */
    public record CorpusFigures(Metrics metrics, Calibration calibration) {
    }

    /**
     * @param recordedClipsMatch whether the clips of the recorded part read now hash as they did in training
     *                           (null when the split is not a recorded part)
     */
    public record Report(String model, Split split, int clips, int unreadable, int unseenClips, Boolean recordedClipsMatch,
                         Metrics overall, Calibration calibration, Map<String, CorpusFigures> perCorpus,
                         @JsonIgnore List<Prediction> predictions) {
        /** The figures a seed set summarizes. */
        public SeedSet.Figures figures() {
            Map<String, Metrics> metrics = new TreeMap<>();
            perCorpus.forEach((corpus, f) -> metrics.put(corpus, f.metrics()));
            return new SeedSet.Figures(overall, calibration, metrics);
        }

        /** See {@link SeedSet.Figures#corpusMeanUa()}. */
        @JsonProperty("corpus_mean_ua")
        public Double corpusMeanUa() {
            return figures().corpusMeanUa();
        }
    }

    /** One clip's answer: its true and predicted labels and the class probabilities (null for the SVM), in label order. */
    public record Prediction(Clip clip, String predicted, float[] probabilities) {
    }

    private EvaluationRun() {
    }

    /** The readable clips of a split as examples, and what the choice found on its way. */
    record Selection(List<Example> examples, int unreadable, int unseen, Boolean recordedClipsMatch) {
    }

    static Selection select(Path modelDir, List<Path> data, Split split) throws IOException {
        ModelDescription d = ModelBundle.describe(modelDir);
        LabelSet labels = new LabelSet(d.labels());
        List<Clip> clips = labels.filter(CorpusScan.of(data).clips()).kept();
        SplitRecord record = split == Split.ALL ? null : splitRecord(modelDir);
        List<Clip> chosen = new ArrayList<>();
        List<Clip> recordedPart = new ArrayList<>();
        int unseen = 0;
        for (Clip c : clips) {
            Optional<Part> part = record == null ? Optional.empty() : record.partOf(c);
            boolean take = switch (split) {
                case ALL -> true;
                case UNSEEN -> part.isEmpty();
                case TEST -> part.isEmpty() || part.get() == Part.TEST;
                case TRAIN, DEV -> part.isPresent() && part.get() == Part.valueOf(split.name());
            };
            if (take) {
                chosen.add(c);
                unseen += part.isEmpty() && record != null ? 1 : 0;
                if (part.isPresent()) {
                    recordedPart.add(c);
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new IOException("no labelled clips of the " + split.name().toLowerCase() + " split in " + data
                    + (record == null ? "" : " (the model's split.json names its speakers per corpus)"));
        }
        Boolean match = record == null || split == Split.UNSEEN ? null : matches(record, Part.valueOf(split.name()), recordedPart);
        TrainingData loaded = TrainingData.load(chosen, labels, d.vad());
        List<Example> examples = new ArrayList<>(loaded.examples());
        if (examples.isEmpty()) {
            throw new IOException("none of the " + chosen.size() + " clips of the split could be read, e.g. "
                    + loaded.failures().entrySet().iterator().next());
        }
        return new Selection(examples, loaded.failures().size(), unseen, match);
    }

    public static Report run(Path modelDir, List<Path> data, Split split) throws IOException {
        return run(modelDir, data, split, new org.bytedeco.pytorch.Device("cpu"));
    }

    /** The same with the network on {@code device}. */
    public static Report run(Path modelDir, List<Path> data, Split split, org.bytedeco.pytorch.Device device) throws IOException {
        ModelDescription d = ModelBundle.describe(modelDir);
        LabelSet labels = new LabelSet(d.labels());
        Selection selection = select(modelDir, data, split);
        List<Example> examples = selection.examples();
        int[] truth = Evaluator.truth(examples);
        int[] predicted;
        float[][] probabilities = null;
        if (d.kind() == ModelKind.SVM) {
            predicted = SvmBaseline.load(modelDir).predict(examples);
        } else {
            try (ModelBundle.LoadedModel model = ModelBundle.load(modelDir)) {
                if (device.is_cuda()) {
                    model.to(device);
                }
                probabilities = Evaluator.probabilities(model, examples, new Batcher(d.logMel(), Augmentation.NONE));
            }
            predicted = Evaluator.argmax(probabilities);
        }
        Map<String, CorpusFigures> perCorpus = new TreeMap<>();
        Map<String, List<Integer>> byCorpus = new TreeMap<>();
        for (int i = 0; i < examples.size(); i++) {
            Clip clip = examples.get(i).clip();
            byCorpus.computeIfAbsent(clip.corpus(), k -> new ArrayList<>()).add(i);
            int index = i;
            CorpusNaming.revealingSubset(clip).ifPresent(subset -> byCorpus.computeIfAbsent(subset, k -> new ArrayList<>()).add(index));
        }
        for (var entry : byCorpus.entrySet()) {
            int[] idx = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            perCorpus.put(entry.getKey(), figures(labels, pick(truth, idx), pick(predicted, idx),
                    probabilities == null ? null : pick(probabilities, idx)));
        }
        CorpusFigures all = figures(labels, truth, predicted, probabilities);
        List<Prediction> predictions = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            predictions.add(new Prediction(examples.get(i).clip(), labels.labels().get(predicted[i]),
                    probabilities == null ? null : probabilities[i]));
        }
        return new Report(d.id(), split, examples.size(), selection.unreadable(), selection.unseen(), selection.recordedClipsMatch(), all.metrics(),
                all.calibration(), perCorpus, predictions);
    }

    private static CorpusFigures figures(LabelSet labels, int[] truth, int[] predicted, float[][] probabilities) {
        return new CorpusFigures(Metrics.of(labels.labels(), truth, predicted),
                probabilities == null ? null : Calibration.of(probabilities, truth));
    }

    private static SplitRecord splitRecord(Path modelDir) throws IOException {
        Path file = modelDir.resolve(SplitRecord.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(modelDir + " has no " + SplitRecord.FILE + ": it was trained before ser recorded its splits, "
                    + "so its held-out speakers are unknown; retrain it, or evaluate with --split all");
        }
        return JsonFiles.read(file, SplitRecord.class);
    }

    /** Whether the recorded part's clips read now are the bytes the model's run read; says so in the log either way. */
    private static boolean matches(SplitRecord record, Part part, List<Clip> read) throws IOException {
        SplitRecord.Digest recorded = record.clips().get(part);
        SplitRecord.Digest now = SplitRecord.digest(read);
        boolean same = now.equals(recorded);
        if (same) {
            LOG.info("the {} clips of the recorded {} speakers are the ones the model's run held out", now.count(),
                    part.name().toLowerCase());
        } else {
            LOG.warn("the recorded {} speakers' clips differ from those the model's run held out: {} clips now, {} then "
                    + "(a subset, other copies or changed files)", part.name().toLowerCase(), now.count(),
                    recorded == null ? 0 : recorded.count());
        }
        return same;
    }

    private static int[] pick(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    private static float[][] pick(float[][] values, int[] idx) {
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    static TrainConfig trainingConfig(Path modelDir) throws IOException {
        return TrainConfig.read(modelDir.resolve("config.json"));
    }
}
