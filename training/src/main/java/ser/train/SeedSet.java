package ser.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import ser.data.CorpusNaming;
import ser.model.ModelBundle;
import ser.report.Calibration;
import ser.report.Metrics;
import ser.report.Spread;

/**
 * Runs of one recipe that differ only in their seed, saved as {@code DIR/seed-S}: their figures as
 * mean ± standard deviation over the runs, overall, per corpus and per class. One run is an
 * anecdote; this is what a recipe comparison reads.
 */
public final class SeedSet {
    public static final String PREFIX = "seed-";

    /** One run's figures on one split. */
    public record Figures(Metrics overall, Calibration calibration, Map<String, Metrics> perCorpus) {
        /**
         * The mean of the corpora's UAs, each corpus counting alike however many clips it has (subsets such as
         * ASED's shared sentences left out); null without corpora.
         */
        public Double corpusMeanUa() {
            var mean = perCorpus.entrySet().stream().filter(e -> !CorpusNaming.isSubset(e.getKey()))
                    .mapToDouble(e -> e.getValue().ua()).average();
            return mean.isPresent() ? mean.getAsDouble() : null;
        }
    }

    /**
     * @param overall   WA, UA, macro-F1, ECE and the mean of the corpora's UAs
     * @param perCorpus per corpus, WA and UA
     * @param recall    per class, recall over all corpora
     */
    public record Summary(int runs, Map<String, Spread> overall, Map<String, Map<String, Spread>> perCorpus,
                          Map<String, Spread> recall) {
    }

    private SeedSet() {
    }

    /** Where the run of {@code seed} goes inside a seed set. */
    public static Path member(Path dir, long seed) {
        return dir.resolve(PREFIX + seed);
    }

    /** The members of a seed set in seed order; empty for a model directory or anything else. */
    public static List<Path> members(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelBundle.DESCRIPTION)) || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve(ModelBundle.DESCRIPTION)))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(PREFIX.length()))))
                    .toList();
        }
    }

    public static Summary summarize(List<Figures> runs) {
        Map<String, Spread> overall = new LinkedHashMap<>();
        overall.put("wa", Spread.over(runs, f -> f.overall().wa()));
        overall.put("ua", Spread.over(runs, f -> f.overall().ua()));
        overall.put("macro_f1", Spread.over(runs, f -> f.overall().macroF1()));
        overall.put("ece", Spread.over(runs, f -> f.calibration() == null ? null : f.calibration().ece()));
        overall.put("corpus_mean_ua", Spread.over(runs, Figures::corpusMeanUa));
        Map<String, Map<String, Spread>> perCorpus = new TreeMap<>();
        TreeSet<String> corpora = new TreeSet<>();
        runs.forEach(f -> corpora.addAll(f.perCorpus().keySet()));
        for (String corpus : corpora) {
            Map<String, Spread> figures = new LinkedHashMap<>();
            figures.put("wa", Spread.over(runs, f -> f.perCorpus().containsKey(corpus) ? f.perCorpus().get(corpus).wa() : null));
            figures.put("ua", Spread.over(runs, f -> f.perCorpus().containsKey(corpus) ? f.perCorpus().get(corpus).ua() : null));
            perCorpus.put(corpus, figures);
        }
        Map<String, Spread> recall = new LinkedHashMap<>();
        List<String> labels = runs.isEmpty() ? List.of() : runs.get(0).overall().labels();
        for (int k = 0; k < labels.size(); k++) {
            int c = k;
            recall.put(labels.get(k), Spread.over(runs, f -> f.overall().perClass().get(c).recall()));
        }
        return new Summary(runs.size(), overall, perCorpus, recall);
    }
}
