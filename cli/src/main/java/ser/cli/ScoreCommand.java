package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.util.stream.Stream;
import ser.score.Input;
import ser.score.Inputs;
import ser.score.ResultsFile;
import ser.score.ScoreConfig;
import ser.score.ScorePipeline;
import ser.score.ScoreRow;
import ser.score.Scorer;
import ser.score.Shard;
import ser.io.JsonFiles;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score audio files: the emotion, all class scores and the regions, one row per file.",
                "INPUT is a file, a folder (recursive), an archive (.zip, .tar, .tar.gz: members are",
                "named archive.zip!/inner/path.wav and never extracted to disk), @list.txt (one path",
                "per line) or - (paths on stdin). A file that cannot be decoded is a row with error",
                "set; the run goes on. Rows are appended as they complete; --resume after a crash",
                "scores only what is missing."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "files, folders, archives, @lists or -")
    List<String> inputs;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "a network model directory (default: the shipped models/default)")
    Path model;

    @Option(names = "--out", paramLabel = "FILE", description = "results file (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results.jsonl");

    @Option(names = "--format", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ResultsFile.Format format = ResultsFile.Format.JSONL;

    @Option(names = "--resume", description = "continue a results file: drop a partial last line, skip files already scored")
    boolean resume;

    @Option(names = "--workers", description = "threads that decode and compute features (default: half the cores, ${DEFAULT-VALUE} here)")
    int workers = ScoreConfig.DEFAULT.workers();

    @Option(names = "--inference-threads", description = "threads that run the network, each on its own batches (default: cores, ${DEFAULT-VALUE} here)")
    int inferenceThreads = ScoreConfig.DEFAULT.inferenceThreads();

    @Option(names = "--batch", description = "windows per forward pass of the network, gathered across files (default: ${DEFAULT-VALUE})")
    int batch = ScoreConfig.DEFAULT.batch();

    @Option(names = "--device", description = "auto|cpu|cuda for the network (default: ${DEFAULT-VALUE})")
    String device = ScoreConfig.DEFAULT.device();

    @Option(names = "--shard", paramLabel = "K/N", description = "score only shard K (from 0) of N, by a stable hash of the path")
    String shard;

    @Option(names = "--window", paramLabel = "S", description = "window in seconds for longer speech (default: ${DEFAULT-VALUE})")
    double window = ScoreConfig.DEFAULT.windowS();

    @Option(names = "--hop", paramLabel = "S", description = "step between windows in seconds (default: ${DEFAULT-VALUE})")
    double hop = ScoreConfig.DEFAULT.hopS();

    @Option(names = "--in-memory", paramLabel = "S", description = "recordings up to this long are decoded once and held; "
            + "longer ones are streamed three times in bounded memory (default: ${DEFAULT-VALUE})")
    double inMemory = ScoreConfig.DEFAULT.inMemoryS();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path modelDir = model != null ? model : DefaultModel.path();
        ScoreConfig config;
        Shard part;
        try {
            config = new ScoreConfig(window, hop, workers, inferenceThreads, batch, device, inMemory);
            part = shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            err.println("ser score: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        err.println(Devices.forScoring(device));
        Scorer scorer;
        try {
            scorer = new Scorer(modelDir, config);
        } catch (IOException e) {
            err.println("ser score: no usable model: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        try (scorer) {
            ResultsFile.Opened opened;
            try {
                opened = ResultsFile.open(out, format, scorer.labels(), resume);
                JsonFiles.write(Path.of(out + ".config.json"), Map.of("score", config, "model", scorer.modelId(),
                        "model_dir", modelDir.toString(), "inputs", inputs, "shard", part.index() + "/" + part.count(),
                        "format", format));
            } catch (IOException e) {
                err.println("ser score: cannot write results: " + e.getMessage());
                return ExitCodes.CANNOT_WRITE;
            }
            try (ResultsFile results = opened.file()) {
                return run(scorer, results, opened, part, err);
            }
        }
    }

    private int run(Scorer scorer, ResultsFile results, ResultsFile.Opened opened, Shard part, PrintWriter err)
            throws InterruptedException {
        var counts = new Counts();
        var progress = new ScoreProgress(err, System.console() != null);
        long started = System.nanoTime();
        Predicate<String> wanted = name -> part.contains(name) && !opened.done().contains(name);
        countInBackground(wanted, progress);
        try (Stream<Input> all = Inputs.expand(inputs, System.in); ScorePipeline pipeline = new ScorePipeline(scorer)) {
            pipeline.run(all.filter(in -> wanted.test(in.name())),
                    row -> {
                        results.append(row);
                        counts.add(row);
                        progress.fileDone(row.error() != null, row.durationS() == null ? 0 : row.durationS());
                    });
        } catch (UncheckedIOException e) {
            err.println("ser score: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("ser score: cannot write results: " + e.getMessage());
            return ExitCodes.CANNOT_WRITE;
        } finally {
            progress.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf("scored %d files, %d failed%s; %.1f files/s, %.0fx real time; %s -> %s%n", counts.scored.get(),
                counts.failed.get(), opened.done().isEmpty() ? "" : " (" + opened.done().size() + " already done)",
                (counts.scored.get() + counts.failed.get()) / seconds, counts.audioSeconds.sum() / seconds,
                counts.emotions(), out);
        return ExitCodes.OK;
    }

    /** Counts the inputs beside the run, so the progress bar gains a total and an ETA without delaying the start. */
    private void countInBackground(Predicate<String> wanted, ScoreProgress progress) {
        Thread counter = new Thread(() -> {
            try {
                Inputs.count(inputs, wanted).ifPresent(progress::total);
            } catch (UncheckedIOException e) {
                // the run itself reports unreadable inputs; the bar goes on without a total
            }
        }, "ser-count");
        counter.setDaemon(true);
        counter.setPriority(Thread.MIN_PRIORITY);
        counter.start();
    }

    private static final class Counts {
        final AtomicInteger scored = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final DoubleAdder audioSeconds = new DoubleAdder();
        private final Map<String, Integer> byEmotion = new TreeMap<>();

        void add(ScoreRow row) {
            if (row.error() != null) {
                failed.incrementAndGet();
                return;
            }
            scored.incrementAndGet();
            audioSeconds.add(row.durationS());
            synchronized (byEmotion) {
                byEmotion.merge(row.emotion(), 1, Integer::sum);
            }
        }

        String emotions() {
            synchronized (byEmotion) {
                return byEmotion.toString();
            }
        }
    }
}
