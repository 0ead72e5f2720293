package ser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import ser.io.JsonFiles;
import ser.score.Input;
import ser.score.ScoreConfig;
import ser.score.ScorePipeline;
import ser.score.ScoreRow;
import ser.score.Scorer;

/**
 * End-to-end scoring with the pipeline {@code ser score} runs, for several thread splits and batch sizes (the
 * default split last but one), with the process's resident memory as files are scored: the ratio to compare is
 * between those rows. The last row puts the default split beside the pipeline a PyTorch user would otherwise write
 * for the job (score_reference.py: one process, decoding in its main thread), on RAVDESS clips, which torchaudio's
 * sox backend decodes.
 */
final class ScoreStage {
    private static final int BATCH = 8;

    private ScoreStage() {
    }

    static List<Result> run(BenchConfig config, List<Path> clips, List<Path> referenceClips) throws Exception {
        List<Result> results = new ArrayList<>();
        int cores = config.threads();
        int[][] splits = config.quick() ? new int[][] {{Math.max(1, cores / 2), cores, 8}}
                : new int[][] {{1, 1, 1}, {1, cores, 1}, {Math.max(1, cores / 2), cores, 8}, {Math.max(1, cores / 2), cores, 32}};
        for (int[] split : splits) {
            results.add(once(config, clips, split[0], split[1], split[2], row -> { }));
        }
        results.add(againstPython(config, referenceClips));
        return results;
    }

    /**
     * ser's default split against the pipeline a PyTorch user would write (score_reference.py: the same weights,
     * trimming, windows, log-Mel and decision, torchaudio decoding), over the same files, with the same emotion
     * expected for each.
     */
    private static Result againstPython(BenchConfig config, List<Path> clips) throws Exception {
        int cores = config.threads();
        Map<String, ScoreRow> ours = new ConcurrentHashMap<>();
        Result serRow = once(config, clips, Math.max(1, cores / 2), cores, BATCH, row -> ours.put(row.path(), row));
        String workload = clips.size() + " files against the Python pipeline, " + cores + " threads each, batch " + BATCH;
        Optional<String> missing = Reference.pythonMissing("torchvision").or(() -> unsupported(config.model()));
        if (missing.isPresent()) {
            return new Result("score", workload, "files/s", serRow.ours(), "PyTorch pipeline", null, missing.get());
        }
        Path list = Files.createTempFile("ser-bench-", ".txt");
        Path rows = Files.createTempFile("ser-bench-", ".jsonl");
        try {
            Files.write(list, clips.stream().map(c -> c.toAbsolutePath().normalize().toString()).toList());
            JsonNode r = Reference.python("score_reference.py", config.model().toAbsolutePath(), list, cores, BATCH,
                    config.quick() ? 1 : 3, rows);
            int same = 0;
            double largest = 0;
            List<String> lines = Files.readAllLines(rows);
            for (String line : lines) {
                JsonNode theirs = JsonFiles.MAPPER.readTree(line);
                ScoreRow mine = ours.get(theirs.get("path").asText());
                if (mine == null || mine.emotion() == null || theirs.get("emotion").isNull()) {
                    continue;
                }
                same += mine.emotion().equals(theirs.get("emotion").asText()) ? 1 : 0;
                for (var score : mine.scores().entrySet()) {
                    largest = Math.max(largest, Math.abs(score.getValue() - theirs.get("scores").get(score.getKey()).asDouble()));
                }
            }
            String note = String.format("same emotion for %d of %d files, largest score difference %.4f; torch %s, torchaudio %s",
                    same, lines.size(), largest, r.get("torch").asText(), r.get("torchaudio").asText());
            return new Result("score", workload, "files/s", serRow.ours(), "PyTorch pipeline",
                    Timing.of(Reference.seconds(r.get("seconds"))).rate(clips.size()), note);
        } finally {
            Files.deleteIfExists(list);
            Files.deleteIfExists(rows);
        }
    }

    /** Why the Python pipeline cannot run the model, as the script itself judges it (it knows what it implements). */
    private static Optional<String> unsupported(Path model) {
        try {
            JsonNode check = Reference.python("score_reference.py", "--check", model.toAbsolutePath());
            return check.path("unsupported").isTextual()
                    ? Optional.of("reference not run: " + check.get("unsupported").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("reference not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("reference not run: interrupted");
        }
    }

    private static Result once(BenchConfig config, List<Path> clips, int workers, int inference, int batch,
                               Consumer<ScoreRow> rows) throws Exception {
        ScoreConfig scoreConfig = ScoreConfig.DEFAULT.withThreads(workers, inference, batch);
        List<Double> seconds = new ArrayList<>();
        List<String> memory = new ArrayList<>();
        double audioS = 0;
        try (Scorer scorer = new Scorer(config.model(), scoreConfig); ScorePipeline pipeline = new ScorePipeline(scorer)) {
            scorer.score(clips.get(0)); // loads the natives and warms the network outside the timing
            for (int run = 0; run < (config.quick() ? 1 : 3); run++) {
                AtomicInteger done = new AtomicInteger();
                DoubleAdder audio = new DoubleAdder();
                memory.clear();
                long start = System.nanoTime();
                pipeline.run(clips.stream().map(Input.File::new), row -> {
                    rows.accept(row);
                    int n = done.incrementAndGet();
                    audio.add(row.durationS() == null ? 0 : row.durationS());
                    if (n == clips.size() / 4 || n == clips.size() / 2 || n == clips.size()) {
                        memory.add(n + " files " + residentMb() + " MB");
                    }
                });
                seconds.add((System.nanoTime() - start) / 1e9);
                audioS = audio.sum();
            }
        }
        Timing timing = Timing.of(seconds);
        String note = String.format("%.0fx real time; resident %s", audioS / timing.medianS(), String.join(", ", memory));
        return new Result("score", clips.size() + " files, " + workers + " decoding + " + inference + " inference threads, batch " + batch, "files/s",
                timing.rate(clips.size()), null, null, note);
    }

    private static long residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
