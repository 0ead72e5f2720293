package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.util.stream.Stream;
import ser.runtime.LibTorch;
import ser.score.Input;
import ser.score.Inputs;
import ser.score.ResultsFile;
import ser.score.ScoreConfig;
import ser.score.ScorePipeline;
import ser.score.ScoreRow;
import ser.score.Scorer;
import ser.score.Shard;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score audio files: the emotion, all class scores and the regions, one row per file.",
                "INPUT is a file, a folder (recursive, links followed), an archive (.zip, .tar, .tar.gz:",
                "members are named /abs/archive.zip!/inner/path.wav and never extracted to disk),",
                "@list.txt (one verbatim path per line) or - (paths on stdin). Rows are keyed by the",
                "absolute path. A file, folder, archive or member that cannot be read is a row with",
                "error set; the run goes on. Rows are appended as they complete; --resume after a",
                "crash scores only what is missing. Exit 0: done; 5: no input could be scored."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "files, folders, archives, @lists or -")
    List<String> inputs;

    @Mixin
    ModelOption model;

    @Option(names = "--out", paramLabel = "FILE|-", description = "results file, or - for rows on stdout (default: results.jsonl, results.csv with --format csv)")
    Path out;

    @Option(names = "--format", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ResultsFile.Format format = ResultsFile.Format.JSONL;

    @Option(names = "--resume", description = "continue a results file: drop a partial last line, skip files already scored; refused when the model, labels, window, hop or decision differ from the file's")
    boolean resume;

    @Option(names = "--retry-errors", description = "with --resume: take the error rows out and score their files again")
    boolean retryErrors;

    @Option(names = "--workers", description = "threads that decode and compute features (default: half the cores, "
            + "${DEFAULT-VALUE} here; on CUDA all cores but one)")
    int workers = ScoreConfig.DEFAULT.workers();

    @Option(names = "--inference-threads", description = "threads that run the network, each on its own batches "
            + "(default: cores, ${DEFAULT-VALUE} here; on CUDA " + ScoreConfig.CUDA_INFERENCE_THREADS + ")")
    int inferenceThreads = ScoreConfig.DEFAULT.inferenceThreads();

    @Option(names = "--batch", description = "windows per forward pass of the network, gathered across files "
            + "(default: ${DEFAULT-VALUE}; on CUDA " + ScoreConfig.CUDA_BATCH + ")")
    int batch = ScoreConfig.DEFAULT.batch();

    @Mixin
    DeviceOption device;

    @Option(names = "--shard", paramLabel = "K/N", description = "score only shard K (from 0) of N, by a stable hash of the path")
    String shard;

    @Option(names = "--window", paramLabel = "S", description = "window in seconds for longer speech (default: the "
            + "model's input, 3 s for the shipped model)")
    Double window = ScoreConfig.DEFAULT.windowS();

    @Option(names = "--hop", paramLabel = "S", description = "step between windows in seconds (default: half the window)")
    Double hop = ScoreConfig.DEFAULT.hopS();

    @Option(names = "--in-memory", paramLabel = "S", description = "recordings up to this long are decoded once and held; "
            + "longer ones are streamed three times in bounded memory (default: ${DEFAULT-VALUE})")
    double inMemory = ScoreConfig.DEFAULT.inMemoryS();

    /** The CUDA split of decoding and inference threads and the CUDA batch, where the command line did not set them. */
    static ScoreConfig onCuda(ScoreConfig given, Predicate<String> setOnCommandLine) {
        ScoreConfig cuda = ScoreConfig.CUDA_DEFAULT;
        return given.withThreads(setOnCommandLine.test("--workers") ? given.workers() : cuda.workers(),
                setOnCommandLine.test("--inference-threads") ? given.inferenceThreads() : cuda.inferenceThreads(),
                setOnCommandLine.test("--batch") ? given.batch() : cuda.batch());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path modelDir = model.dir();
        ScoreConfig config;
        Shard part;
        org.bytedeco.pytorch.Device ran = LibTorch.device(device.name());
        try {
            config = new ScoreConfig(window, hop, workers, inferenceThreads, batch, device.name(), inMemory);
            if (ran.is_cuda()) {
                config = onCuda(config, spec.commandLine().getParseResult()::hasMatchedOption);
            }
            part = shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            err.println("ser score: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        err.println(Devices.forScoring(device.name()));
        Scorer scorer;
        try {
            scorer = new Scorer(modelDir, config);
        } catch (IOException e) {
            err.println("ser score: no usable model: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("ser score: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        config = scorer.config();
        if (retryErrors && !resume) {
            err.println("ser score: --retry-errors continues a results file: give --resume too");
            return ExitCodes.USAGE;
        }
        boolean toStdout = out != null && out.toString().equals("-");
        boolean toDevice = !toStdout && out != null && isStream(out);
        if (out != null && Files.isDirectory(out)) {
            err.println("ser score: --out " + out + " is a folder: name a file, or - for stdout");
            return ExitCodes.USAGE;
        }
        if ((toStdout || toDevice) && resume) {
            err.println("ser score: --resume continues a results file; rows on " + (toStdout ? "stdout" : out) + " cannot be resumed");
            return ExitCodes.USAGE;
        }
        if (out == null) {
            out = Path.of(format == ResultsFile.Format.CSV ? "results.csv" : "results.jsonl");
        }
        try (scorer) {
            if (toStdout) {
                try (ResultsFile results = ResultsFile.streaming(spec.commandLine().getOut(), format, scorer.labels())) {
                    return run(scorer, results, java.util.Set.of(), part, err);
                }
            }
            if (toDevice) {
                err.println("rows go to " + out + " (a named pipe waits here until something reads it)");
                try (var device = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND));
                     ResultsFile results = ResultsFile.streaming(device, format, scorer.labels())) {
                    return run(scorer, results, java.util.Set.of(), part, err);
                } catch (IOException e) {
                    err.println("ser score: cannot write results to " + out + ": " + e.getMessage());
                    return ExitCodes.CANNOT_WRITE;
                }
            }
            ResultsFile.Opened opened;
            try {
                // "score" holds the device asked for; "device_used" the one that ran (the CPU when CUDA was not there)
                opened = ResultsFile.open(out, scorer.identity(format), Map.of("score", config,
                        "device_used", ran.str().getString(), "model_dir", modelDir.toString(),
                        "inputs", inputs, "shard", part.index() + "/" + part.count()),
                        resume, retryErrors);
            } catch (ResultsFile.Refused e) {
                err.println("ser score: " + e.getMessage());
                return e.usage() ? ExitCodes.USAGE : ExitCodes.CANNOT_WRITE;
            } catch (IOException e) {
                err.println("ser score: cannot write results: " + e.getMessage());
                return ExitCodes.CANNOT_WRITE;
            }
            if (opened.retried() > 0) {
                err.printf("retrying %s whose rows were errors%n", Plural.of(opened.retried(), "file"));
            }
            try (ResultsFile results = opened.file()) {
                return run(scorer, results, opened.done(), part, err);
            }
        }
    }

    /**
     * A named pipe, a device, or a descriptor's link ({@code /dev/stdout}, {@code /dev/fd/N}, {@code /proc/self/fd/N},
     * whatever it points to): rows are streamed there, with no sidecar or lock beside it. A regular file, also one
     * under {@code /dev/shm}, is a results file.
     */
    static boolean isStream(Path out) {
        if (!Files.exists(out) || Files.isDirectory(out)) {
            return false;
        }
        Path absolute = out.toAbsolutePath();
        return !Files.isRegularFile(out)
                || Files.isSymbolicLink(out) && (absolute.startsWith("/dev") || absolute.startsWith("/proc"));
    }

    private int run(Scorer scorer, ResultsFile results, java.util.Set<String> done, Shard part, PrintWriter err)
            throws InterruptedException {
        var counts = new Counts();
        var progress = new ScoreProgress(err, System.console() != null);
        long started = System.nanoTime();
        Predicate<String> wanted = name -> part.contains(name) && !done.contains(name);
        countInBackground(wanted, progress);
        try (Stream<Input> all = Inputs.expand(inputs, System.in); ScorePipeline pipeline = new ScorePipeline(scorer)) {
            pipeline.run(all.filter(in -> wanted.test(in.name())),
                    row -> {
                        results.append(row);
                        counts.add(row);
                        progress.fileDone(row.error() != null, row.durationS() == null ? 0 : row.durationS());
                    });
        } catch (IOException e) {
            err.println("ser score: cannot write results: " + e.getMessage());
            return ExitCodes.CANNOT_WRITE;
        } finally {
            progress.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(java.util.Locale.ROOT, "scored %s, %d failed%s; %.1f files/s, %.0fx real time; %s -> %s%n", Plural.of(counts.scored.get(), "file"),
                counts.failed.get(), done.isEmpty() ? "" : " (" + done.size() + " already done)",
                (counts.scored.get() + counts.failed.get()) / seconds, counts.audioSeconds.sum() / seconds,
                counts.emotions(), out);
        return counts.scored.get() == 0 && counts.failed.get() > 0 ? ExitCodes.NOTHING_SCORED : ExitCodes.OK;
    }

    /** Counts the inputs beside the run, so the progress bar gains a total and an ETA without delaying the start. */
    private void countInBackground(Predicate<String> wanted, ScoreProgress progress) {
        Thread counter = new Thread(() -> Inputs.count(inputs, wanted).ifPresent(progress::total), "ser-count");
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
