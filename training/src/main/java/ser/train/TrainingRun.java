package ser.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.data.Clip;
import ser.data.CorpusScan;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SpeakerSplit;
import ser.data.SplitRecord;
import ser.dist.ProcessGroup;
import ser.io.JsonFiles;
import ser.model.Decision;
import ser.model.ModelBundle;
import ser.model.ModelConfig;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.model.SerNet;
import ser.report.Calibration;
import ser.report.Metrics;
import ser.report.Plots;
import ser.runtime.LibTorch;

/**
 * {@code ser train} from corpora to a model directory: read and split the corpora speaker-
 * independently, train with checkpoints, keep the decision rule the dev set prefers, and write
 * weights, model.json (with the decision rule and temperature fitted on dev), config.json, split.json,
 * provenance.json, metrics.json, curves.png, confusion.png and reliability.png.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** What the run produced; decision and state are null for the SVM, which has neither. */
    public record Summary(Path modelDir, Decision decision, Metrics dev, Calibration devCalibration,
                          Map<String, Metrics> devPerCorpus, TrainingState state, int trainClips, int devClips,
                          Map<String, Integer> dropped) {
        /** The dev figures, as a seed set collects them. */
        public SeedSet.Figures devFigures() {
            return new SeedSet.Figures(dev, devCalibration, devPerCorpus);
        }
    }

    private TrainingRun() {
    }

    public static Summary run(TrainConfig config, Path out, boolean resume, TrainingListener listener) throws IOException {
        return run(config, out, resume, listener, null, new Device("cpu"));
    }

    /**
     * The same as one rank of a data-parallel job: every rank reads the corpora and trains its
     * replica; rank 0 alone writes the model directory, and the other ranks return a summary without
     * metrics.
     *
     * @param device where the network and its denoising pre-training train: for a rank of a
     *               data-parallel job, its own ({@link ProcessGroup#deviceFor})
     */
    public static Summary run(TrainConfig config, Path out, boolean resume, TrainingListener listener, ProcessGroup group,
                              Device device) throws IOException {
        boolean leader = group == null || group.env().leader();
        LibTorch.load();
        CorpusScan scan = CorpusScan.of(config.data().stream().map(Path::of).toList());
        LabelSet labels = new LabelSet(config.labels());
        LabelSet.Filtered filtered = labels.filter(scan.clips());
        filtered.dropped().forEach((label, n) -> LOG.info("dropped {} clips labelled {} (not in the label set)", n, label));
        SpeakerSplit split = SpeakerSplit.seeded(filtered.kept(), config.devFraction(), config.testFraction(), config.splitSeed());
        Map<Part, List<Clip>> parts = split.apply(filtered.kept());
        LOG.info("speaker-independent split: {} train, {} dev, {} test clips", parts.get(Part.TRAIN).size(),
                parts.get(Part.DEV).size(), parts.get(Part.TEST).size());
        Checkpoints checkpoints = new Checkpoints(out.resolve("checkpoints"));
        // a finished run resumed (to average other epochs, say) trains nothing: its training audio is not decoded
        boolean nothingToTrain = resume && config.model() != ModelKind.SVM
                && checkpoints.state().map(s -> Trainer.finished(s, config)).orElse(false);
        List<Example> train = nothingToTrain ? List.of() : TrainingData.load(parts.get(Part.TRAIN), labels, config.vad()).examples();
        int trainClips = nothingToTrain ? parts.get(Part.TRAIN).size() : train.size();
        List<Example> dev = TrainingData.load(parts.get(Part.DEV), labels, config.vad()).examples();

        if (resume) {
            checkResumable(out, config, Provenance.manifestHash(filtered.kept()));
        }
        if (leader) {
            JsonFiles.write(out.resolve("provenance.json"), Provenance.of(filtered.kept(), config.seed()));
            JsonFiles.write(out.resolve(SplitRecord.FILE), SplitRecord.of(split, filtered.kept(), config.splitSeed(),
                    config.devFraction(), config.testFraction()));
        }
        if (config.model() == ModelKind.SVM) {
            if (group != null) {
                throw new IllegalArgumentException("the SVM baseline trains in one process; run it without a distributed job");
            }
            return svm(config, out, labels, train, dev, filtered.dropped());
        }
        torch.manual_seed(config.seed());
        ModelConfig network = config.network();
        SerNet net = new SerNet(network);
        if (leader) {
            Map<String, Object> saved = new java.util.LinkedHashMap<>(Map.of("train", config, "network", network, "world_size",
                    group == null ? 1 : group.env().worldSize()));
            if (group != null) { // what carried the gradients, as it ran
                saved.put("backend", group.backend().lowerCase());
                saved.put("bucket_bytes", group.bucketBytes());
            }
            JsonFiles.write(out.resolve("config.json"), saved);
        }
        if (config.pretraining() == Pretraining.DAE && !(resume && checkpoints.exist())) {
            double loss = Pretrainer.pretrain(net, train, config, listener, device);
            LOG.info("denoising autoencoder pre-trained the CNN for {} epochs, reconstruction loss {}", config.pretrainEpochs(),
                    String.format("%.4f", loss));
        }
        if (device.is_cuda()) {
            net.to(device, false);
        }
        Trainer.Result result = new Trainer(config, net, checkpoints, listener, group).run(train, dev, resume);
        if (device.is_cuda()) {
            net.to(new Device("cpu"), false); // the model directory holds CPU tensors, loadable anywhere
        }
        if (!leader) {
            return new Summary(out, null, null, null, Map.of(), result.state(), trainClips, dev.size(), filtered.dropped());
        }

        DecisionChoice choice = DecisionChoice.on(result.dev(), Evaluator.truth(dev), labels.labels());
        Decision decision = choice.decision();
        ModelConfig chosen = network.withCalibration(decision, choice.temperature());
        ModelBundle.save(out, net, new ModelDescription(modelId(out, config), config.model(), labels.labels(), chosen, config.logMel(), config.vad()));

        int[] predicted = Evaluator.predict(result.dev(), decision, choice.temperature());
        Map<String, Metrics> perCorpus = perCorpus(labels, dev, predicted);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("decision", decision);
        metrics.put("temperature", choice.temperature());
        metrics.put("best_epoch", result.state().bestEpoch());
        metrics.put("averaged_epochs", WeightAveraging.bestEpochs(result.state().history(), config.averageEpochs()));
        metrics.put("dev", choice.chosen().metrics());
        metrics.put("dev_calibration", Map.of("uncalibrated", choice.chosen().uncalibrated(), "calibrated",
                choice.chosen().calibrated()));
        metrics.put("dev_by_decision", new EnumMap<>(choice.candidates()));
        metrics.put("dev_per_corpus", perCorpus);
        metrics.put("clips", Map.of("train", trainClips, "dev", dev.size()));
        metrics.put("history", result.state().history());
        JsonFiles.write(out.resolve("metrics.json"), metrics);
        plot(out, result.state(), choice.chosen().metrics());
        Plots.reliability(out.resolve("reliability.png"), choice.chosen().calibrated(), "dev, temperature "
                + String.format("%.2f", choice.temperature()));
        return new Summary(out, decision, choice.chosen().metrics(), choice.chosen().calibrated(), perCorpus, result.state(),
                trainClips, dev.size(), filtered.dropped());
    }

    /** Settings a resumed run may change: how far it goes, how many threads it uses, how many epochs it averages. */
    private static final java.util.Set<String> RESUMABLE_CHANGES = java.util.Set.of("epochs", "threads", "data", "average_epochs");

    /**
     * Refuses to resume a run with another recipe or other data: everything in config.json but the
     * number of epochs and threads must match, and the clips must hash as provenance.json recorded them
     * (so the same data given by another path resumes).
     */
    static void checkResumable(Path out, TrainConfig config, String manifestHash) throws IOException {
        Path saved = out.resolve("config.json");
        Path provenance = out.resolve("provenance.json");
        if (!java.nio.file.Files.isRegularFile(saved) || !java.nio.file.Files.isRegularFile(provenance)) {
            return; // nothing was written yet: the run starts from the beginning
        }
        // through TrainConfig, so that a setting added since the run was saved reads as its default there too
        TrainConfig recordedConfig = TrainConfig.read(saved);
        List<String> differences = new ArrayList<>(JsonFiles.differences(JsonFiles.MAPPER.valueToTree(recordedConfig),
                JsonFiles.MAPPER.valueToTree(config), RESUMABLE_CHANGES));
        String recorded = JsonFiles.MAPPER.readTree(provenance.toFile()).path("data_manifest_sha256").asText();
        if (!recorded.equals(manifestHash)) {
            differences.add("the clips of --data differ from those the run read (names, labels, speakers or sizes)");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("--resume would continue another run in " + out + ": "
                    + String.join("; ", differences) + " (only --epochs, --threads and --average-epochs may change)");
        }
    }

    private static Summary svm(TrainConfig config, Path out, LabelSet labels, List<Example> train, List<Example> dev,
                               Map<String, Integer> dropped) throws IOException {
        JsonFiles.write(out.resolve("config.json"), Map.of("train", config));
        SvmBaseline svm = SvmBaseline.train(train, dev, labels.labels(), config.logMel(), config.seed());
        svm.save(out, new ModelDescription(modelId(out, config), ModelKind.SVM, labels.labels(), null, config.logMel(),
                config.vad()));
        int[] predicted = svm.predict(dev);
        Metrics devMetrics = Metrics.of(labels.labels(), Evaluator.truth(dev), predicted);
        Map<String, Metrics> perCorpus = perCorpus(labels, dev, predicted);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("dev", devMetrics);
        metrics.put("dev_per_corpus", perCorpus);
        metrics.put("clips", Map.of("train", train.size(), "dev", dev.size()));
        JsonFiles.write(out.resolve("metrics.json"), metrics);
        Plots.confusion(out.resolve("confusion.png"), devMetrics);
        return new Summary(out, null, devMetrics, null, perCorpus, null, train.size(), dev.size(), dropped);
    }

    private static String modelId(Path out, TrainConfig config) {
        return out.toAbsolutePath().getFileName() + "-" + config.model().name().toLowerCase() + "-seed" + config.seed();
    }

    static Map<String, Metrics> perCorpus(LabelSet labels, List<Example> examples, int[] predicted) {
        Map<String, List<Integer>> indices = new TreeMap<>();
        for (int i = 0; i < examples.size(); i++) {
            indices.computeIfAbsent(examples.get(i).clip().corpus(), k -> new ArrayList<>()).add(i);
        }
        Map<String, Metrics> out = new TreeMap<>();
        indices.forEach((corpus, idx) -> out.put(corpus, Metrics.of(labels.labels(),
                idx.stream().mapToInt(i -> examples.get(i).label()).toArray(),
                idx.stream().mapToInt(i -> predicted[i]).toArray())));
        return out;
    }

    private static void plot(Path out, TrainingState state, Metrics dev) throws IOException {
        List<Integer> epochs = state.history().stream().map(EpochStats::epoch).toList();
        Plots.curves(out.resolve("curves.png"), epochs, List.of("train loss", "train accuracy", "dev WA", "dev UA"),
                List.of(state.history().stream().map(EpochStats::trainLoss).toList(),
                        state.history().stream().map(EpochStats::trainAccuracy).toList(),
                        state.history().stream().map(EpochStats::devWa).toList(),
                        state.history().stream().map(EpochStats::devUa).toList()));
        Plots.confusion(out.resolve("confusion.png"), dev);
    }
}
