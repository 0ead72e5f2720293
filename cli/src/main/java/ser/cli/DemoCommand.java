package ser.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.audio.ProbeResult;
import ser.audio.VadConfig;
import ser.data.Clip;
import ser.data.CorpusScan;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SpeakerSplit;

/**
 * The README's first command: runs the front end end to end on data it makes itself, so a fresh
 * machine shows what the engine does without any data of the user's.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the front end end to end on speech it synthesizes itself.",
                "Synthesizes a small corpus, reads it as CREMA-D with its speaker-independent split, probes",
                "six clips (decode + silence trimming) and writes one log-Mel matrix as .npy."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "working folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("ser-demo");

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        var printer = spec.commandLine().getOut();
        Path corpus = out.resolve("corpus");
        int rc = run("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "4");
        if (rc != ExitCodes.OK) {
            return rc;
        }
        CorpusScan scan = CorpusScan.of(List.of(corpus));
        LabelSet.Filtered filtered = LabelSet.SIX.filter(scan.clips());
        var parts = SpeakerSplit.seeded(filtered.kept(), 0.2, 0.2, 1).apply(filtered.kept());
        printer.printf("%nCorpus %s: %d clips read as CREMA-D%n", corpus, filtered.kept().size());
        printer.printf("%-8s %6s %6s %6s%n", "emotion", "train", "dev", "test");
        Map<String, int[]> counts = new TreeMap<>();
        parts.forEach((part, clips) -> clips.forEach(c -> counts.computeIfAbsent(c.label(), k -> new int[3])[part.ordinal()]++));
        counts.forEach((label, n) -> printer.printf("%-8s %6d %6d %6d%n", label, n[Part.TRAIN.ordinal()],
                n[Part.DEV.ordinal()], n[Part.TEST.ordinal()]));

        printer.printf("%nProbe (decode, trim silence):%n%-26s %8s %8s %8s%n", "file", "dur_s", "start_s", "end_s");
        for (Clip clip : filtered.kept().subList(0, Math.min(6, filtered.kept().size()))) {
            ProbeResult row = ProbeResult.of(clip.path(), VadConfig.DEFAULT);
            printer.printf("%-26s %8.2f %8.2f %8.2f%n", clip.path().getFileName(), row.durationS(), row.speechStartS(),
                    row.speechEndS());
        }
        Path example = filtered.kept().get(0).path();
        Path npy = out.resolve("example-logmel.npy");
        printer.println();
        printer.flush();
        rc = run("features", example.toString(), "--out", npy.toString());
        err.printf("%nNext: ./ser probe %s   |   ./ser features FILE --out F.npy   |   ./ser --help%n", corpus);
        return rc;
    }

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(spec.commandLine().getOut());
        cmd.setErr(spec.commandLine().getErr());
        return cmd.execute(args);
    }
}
