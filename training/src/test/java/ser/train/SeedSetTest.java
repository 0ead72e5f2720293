package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ser.report.Metrics;

class SeedSetTest {
    private static final List<String> LABELS = List.of("angry", "sad");

    /** Two clips of each class, {@code right} of the four recognised. */
    private static Metrics metrics(int right) {
        int[] truth = {0, 0, 1, 1};
        int[] predicted = {0, 0, 1, 1};
        for (int i = 0; i < 4 - right; i++) {
            predicted[i] = 1 - truth[i];
        }
        return Metrics.of(LABELS, truth, predicted);
    }

    @Test
    void theCorpusMeanCountsEachCorpusAlikeAndLeavesSubsetsOut() {
        var figures = new SeedSet.Figures(metrics(3), null, Map.of("ased", metrics(4), "ased:sentences-01-02", metrics(0),
                "ravdess", metrics(2)));
        assertEquals(1.0, figures.perCorpus().get("ased").ua());
        assertEquals(0.5, figures.perCorpus().get("ravdess").ua());
        assertEquals(0.75, figures.corpusMeanUa(), 1e-12, "ASED's subset is not a third corpus");
        assertNull(new SeedSet.Figures(metrics(3), null, Map.of()).corpusMeanUa());
    }

    @Test
    void theSummarySpreadsTheCorpusMeanOverTheRuns() {
        var one = new SeedSet.Figures(metrics(4), null, Map.of("ased", metrics(4), "ravdess", metrics(2)));
        var two = new SeedSet.Figures(metrics(2), null, Map.of("ased", metrics(2), "ravdess", metrics(2)));
        var spread = SeedSet.summarize(List.of(one, two)).overall().get("corpus_mean_ua");
        assertEquals(0.625, spread.mean(), 1e-12);
        assertEquals(0.25 / Math.sqrt(2), spread.sd(), 1e-12, "sample standard deviation of 0.75 and 0.5");
    }
}
