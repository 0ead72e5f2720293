package ser.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ser.data.Clip;
import ser.data.CorpusScan;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SpeakerSplit;
import ser.io.JsonFiles;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.report.Metrics;

/**
 * {@code ser eval}: a saved model on labelled corpora, split as its training run split them (same
 * seed and fractions, read from its config.json), so "dev" and "test" mean the speakers it did not
 * train on.
 */
public final class EvaluationRun {
    /** Which clips to score. */
    public enum Split { TRAIN, DEV, TEST, ALL }

    public record Report(String model, Split split, int clips, int unreadable, Metrics overall, Map<String, Metrics> perCorpus) {
    }

    private EvaluationRun() {
    }

    public static Report run(Path modelDir, List<Path> data, Split split) throws IOException {
        ModelDescription d = ModelBundle.describe(modelDir);
        TrainConfig trained = trainingConfig(modelDir);
        LabelSet labels = new LabelSet(d.labels());
        List<Clip> clips = labels.filter(CorpusScan.of(data).clips()).kept();
        List<Clip> chosen = clips;
        if (split != Split.ALL) {
            SpeakerSplit speakers = SpeakerSplit.seeded(clips, trained.devFraction(), trained.testFraction(), trained.seed());
            chosen = speakers.apply(clips).get(Part.valueOf(split.name()));
        }
        TrainingData loaded = TrainingData.load(chosen, labels, d.vad());
        List<Example> examples = new ArrayList<>(loaded.examples());
        int[] predicted = d.kind() == ModelKind.SVM
                ? SvmBaseline.load(modelDir).predict(examples)
                : Evaluator.predict(ModelBundle.load(modelDir).net(), examples, new Batcher(d.logMel(), Augmentation.NONE))
                        .get(d.network().decision());
        Metrics overall = Metrics.of(labels.labels(), Evaluator.truth(examples), predicted);
        return new Report(d.id(), split, examples.size(), loaded.failures().size(), overall,
                TrainingRun.perCorpus(labels, examples, predicted));
    }

    static TrainConfig trainingConfig(Path modelDir) throws IOException {
        var tree = JsonFiles.MAPPER.readTree(modelDir.resolve("config.json").toFile()).path("train");
        if (tree.isMissingNode()) {
            throw new IOException(modelDir.resolve("config.json") + " has no \"train\" section");
        }
        return JsonFiles.MAPPER.treeToValue(tree, TrainConfig.class);
    }
}
