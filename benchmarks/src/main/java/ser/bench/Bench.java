package ser.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ser.synth.SynthConfig;
import ser.synth.SyntheticCorpus;

/**
 * {@code ser bench}: each stage of ours and the reference tool on the same inputs, in one run, as
 * rates and their ratio. Absent reference tools are reported, not fatal.
 */
public final class Bench {
    /** A finished run: what ran where, and the table. */
    public record Report(String date, String machine, String revision, BenchConfig config, List<Result> results) {
    }

    private Bench() {
    }

    public static Report run(BenchConfig config, String revision, PrintWriter progress) throws Exception {
        List<Result> results = new ArrayList<>();
        Path synthetic = Files.createTempDirectory("ser-bench-corpus");
        try {
            if (!Files.isDirectory(config.data().resolve("ravdess"))) {
                progress.println("bench: no corpus at " + config.data() + "; synthetic clips stand in");
                var synth = new SynthConfig(4, 2, 7);
                for (SyntheticCorpus.Item item : SyntheticCorpus.plan(synth)) {
                    SyntheticCorpus.writeWav(SyntheticCorpus.render(synth, item), synthetic.resolve(item.fileName()));
                }
            }
            var corpus = DecodeStage.Corpus.of(config.data(), synthetic);
            for (String stage : config.stages()) {
                progress.println("bench: " + stage + "...");
                progress.flush();
                results.addAll(switch (stage) {
                    case "decode" -> DecodeStage.run(config, corpus);
                    case "logmel" -> LogMelStage.run(config);
                    case "roi" -> RoiStage.run(config);
                    case "train" -> TrainStage.run(config);
                    case "score" -> ScoreStage.run(config, config.quick()
                            ? corpus.clips(100) : corpus.everything(), corpus.clips(config.quick() ? 100 : 400));
                    default -> throw new IllegalArgumentException(stage);
                });
            }
        } finally {
            ser.io.FileTrees.delete(synthetic);
        }
        return new Report(Instant.now().toString(), machine(), revision, config, results);
    }

    /** The table as Markdown: rates at the median with [min–max], and ours / reference. */
    public static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("| stage | workload | unit | ours | reference | ratio | note |\n|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.stage(), r.workload(), r.unit(),
                    rate(r.ours()), r.reference() == null ? (r.referenceTool() == null ? "—" : "not measured")
                            : r.referenceTool() + ": " + rate(r.reference()),
                    r.ratio() == null ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio()), r.note()));
        }
        return out.toString();
    }

    private static String rate(Timing.Rate r) {
        return String.format(Locale.ROOT, "%s [%s–%s]", number(r.median()), number(r.min()), number(r.max()));
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the core count below still says something
        }
        long memoryGb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memoryGb + " GiB, no GPU used";
    }

}
