package ser.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.data.Clip;
import ser.data.CorpusScan;
import ser.data.LabelSet;
import ser.model.Decision;
import ser.model.ModelKind;
import ser.model.SerNet;
import ser.report.Metrics;

/**
 * Leave-one-speaker-out cross-validation, the usual protocol for small corpora such as EMO-DB: for
 * each speaker, a model of the given recipe is trained on the others (one of them, the next in
 * order, serving as dev for early stopping or the SVM's grid) and predicts the held-out speaker.
 * The pooled predictions give the overall figures; each fold's UA is reported too.
 */
public final class CrossValidation {
    private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

    public record Report(ModelKind model, int folds, Metrics pooled, Map<String, Double> uaBySpeaker) {
    }

    private CrossValidation() {
    }

    /** Reads the training recipe of a model directory (its config.json) and cross-validates it on {@code data}. */
    public static Report leaveOneSpeakerOut(Path modelDir, List<Path> data, Path workDir) throws IOException {
        return leaveOneSpeakerOut(EvaluationRun.trainingConfig(modelDir), data, workDir);
    }

    public static Report leaveOneSpeakerOut(TrainConfig recipe, List<Path> data, Path workDir) throws IOException {
        LabelSet labels = new LabelSet(recipe.labels());
        List<Clip> clips = labels.filter(CorpusScan.of(data).clips()).kept();
        List<Example> examples = TrainingData.load(clips, labels, recipe.vad()).examples();
        List<String> speakers = new ArrayList<>(new TreeSet<>(examples.stream().map(e -> e.clip().speaker()).toList()));
        if (speakers.size() < 3) {
            throw new IllegalArgumentException("leave-one-speaker-out needs at least 3 speakers, found " + speakers.size());
        }
        List<Integer> truth = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        Map<String, Double> uaBySpeaker = new TreeMap<>();
        for (int k = 0; k < speakers.size(); k++) {
            String heldOut = speakers.get(k);
            String devSpeaker = speakers.get((k + 1) % speakers.size());
            List<Example> test = bySpeaker(examples, heldOut);
            List<Example> dev = bySpeaker(examples, devSpeaker);
            List<Example> train = examples.stream()
                    .filter(e -> !e.clip().speaker().equals(heldOut) && !e.clip().speaker().equals(devSpeaker)).toList();
            int[] foldPredictions = trainAndPredict(recipe, train, dev, test, workDir.resolve("fold-" + k));
            int[] foldTruth = Evaluator.truth(test);
            double ua = Metrics.of(labels.labels(), foldTruth, foldPredictions).ua();
            uaBySpeaker.put(heldOut, ua);
            LOG.info("fold {}/{}: held out {} ({} clips), UA {}", k + 1, speakers.size(), heldOut, test.size(),
                    String.format("%.3f", ua));
            for (int i = 0; i < foldTruth.length; i++) {
                truth.add(foldTruth[i]);
                predicted.add(foldPredictions[i]);
            }
        }
        Metrics pooled = Metrics.of(labels.labels(), truth.stream().mapToInt(Integer::intValue).toArray(),
                predicted.stream().mapToInt(Integer::intValue).toArray());
        return new Report(recipe.model(), speakers.size(), pooled, uaBySpeaker);
    }

    private static List<Example> bySpeaker(List<Example> examples, String speaker) {
        return examples.stream().filter(e -> e.clip().speaker().equals(speaker)).toList();
    }

    private static int[] trainAndPredict(TrainConfig recipe, List<Example> train, List<Example> dev, List<Example> test,
                                         Path foldDir) throws IOException {
        if (recipe.model() == ModelKind.SVM) {
            return SvmBaseline.train(train, dev, recipe.labels(), recipe.logMel(), recipe.seed()).predict(test);
        }
        Files.createDirectories(foldDir);
        torch.manual_seed(recipe.seed());
        SerNet net = new SerNet(recipe.network());
        if (recipe.pretraining() == Pretraining.DAE) {
            Pretrainer.pretrain(net, train, recipe, TrainingListener.SILENT, new Device("cpu"));
        }
        new Trainer(recipe, net, new Checkpoints(foldDir), TrainingListener.SILENT).run(train, dev, false);
        return Evaluator.predict(Evaluator.scores(net, test, new Batcher(recipe.logMel(), Augmentation.NONE)),
                Decision.MOST_CONFIDENT_REGION, 1);
    }
}
