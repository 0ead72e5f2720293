package ser.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import ser.score.Input;
import ser.score.ScoreConfig;
import ser.score.ScorePipeline;
import ser.score.Scorer;

/**
 * End-to-end scoring with the pipeline {@code ser score} runs, for several thread splits and batch
 * sizes (the default split last but one), and the process's resident memory as files are scored. No other tool does this job, so
 * there is no reference column; the ratio to compare is between the rows.
 */
final class ScoreStage {
    private ScoreStage() {
    }

    static List<Result> run(BenchConfig config, List<Path> clips) throws Exception {
        List<Result> results = new ArrayList<>();
        int cores = config.threads();
        int[][] splits = config.quick() ? new int[][] {{Math.max(1, cores / 2), cores, 8}}
                : new int[][] {{1, 1, 1}, {1, cores, 1}, {Math.max(1, cores / 2), cores, 8}, {Math.max(1, cores / 2), cores, 32}};
        for (int[] split : splits) {
            results.add(once(config, clips, split[0], split[1], split[2]));
        }
        return results;
    }

    private static Result once(BenchConfig config, List<Path> clips, int workers, int inference, int batch) throws Exception {
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
