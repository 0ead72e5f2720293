package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.data.Clip;
import ser.data.CorpusScan;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SpeakerSplit;

@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Count the labelled clips of corpora per label and speaker-independent part.",
                "Folders are read by file-naming convention (CREMA-D, RAVDESS, TESS, EMO-DB); .csv files",
                "as path,label,speaker manifests. Labels outside --labels are dropped and counted."})
final class CorpusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR|CSV", description = "corpus folders or manifests")
    List<Path> roots;

    @Option(names = "--labels", split = ",", paramLabel = "LABEL",
            description = "label set to keep (default: ${DEFAULT-VALUE})")
    List<String> labels = LabelSet.SIX.labels();

    @Option(names = "--dev", description = "fraction of speakers for dev outside CREMA-D (default: ${DEFAULT-VALUE})")
    double dev = 0.2;

    @Option(names = "--test", description = "fraction of speakers for test outside CREMA-D (default: ${DEFAULT-VALUE})")
    double test = 0.2;

    @Option(names = "--seed", description = "speaker shuffle seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        CorpusScan scan;
        LabelSet labelSet;
        SpeakerSplit split;
        try {
            labelSet = new LabelSet(labels);
            scan = CorpusScan.of(roots);
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("ser corpus: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        LabelSet.Filtered filtered = labelSet.filter(scan.clips());
        try {
            split = SpeakerSplit.seeded(filtered.kept(), dev, test, seed);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ser corpus: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Map<String, Map<String, int[]>> counts = new TreeMap<>();
        split.apply(filtered.kept()).forEach((part, clips) -> clips.forEach(c -> counts
                .computeIfAbsent(c.corpus(), k -> new TreeMap<>())
                .computeIfAbsent(c.label(), k -> new int[Part.values().length])[part.ordinal()]++));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("clips", filtered.kept().size());
            report.put("speakers", filtered.kept().stream().map(Clip::speaker).distinct().count());
            report.put("counts", counts);
            report.put("dropped", filtered.dropped());
            report.put("unrecognised", scan.unrecognised().size());
            out.println(Json.pretty(report));
            return ExitCodes.OK;
        }
        out.printf("%-10s %-10s %7s %7s %7s%n", "corpus", "label", "train", "dev", "test");
        counts.forEach((corpus, byLabel) -> byLabel.forEach((label, n) ->
                out.printf("%-10s %-10s %7d %7d %7d%n", corpus, label, n[0], n[1], n[2])));
        out.printf("%s from %s kept%n", Plural.of(filtered.kept().size(), "clip"),
                Plural.of(filtered.kept().stream().map(Clip::speaker).distinct().count(), "speaker"));
        filtered.dropped().forEach((label, n) -> out.printf("dropped %s labelled %s (not in --labels)%n", Plural.of(n, "clip"), label));
        if (!scan.unrecognised().isEmpty()) {
            int n = scan.unrecognised().size();
            out.printf("%d file%s follow%s no known naming, e.g. %s%n", n, n == 1 ? "" : "s", n == 1 ? "s" : "",
                    scan.unrecognised().get(0));
        }
        return ExitCodes.OK;
    }
}
