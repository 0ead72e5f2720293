package ser.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void weightedAndUnweightedAccuracyDifferOnImbalancedClasses() {
        // 8 of class a (all right), 2 of class b (both called a), 0 of class c.
        int[] truth = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Metrics m = Metrics.of(ABC, truth, predicted);
        assertEquals(0.8, m.wa(), 1e-12);
        assertEquals(0.5, m.ua(), 1e-12, "mean of recall a = 1 and recall b = 0; c has no support");
        assertEquals(0.8, m.perClass().get(0).precision(), 1e-12);
        assertEquals(2 * 0.8 / 1.8, m.perClass().get(0).f1(), 1e-12);
        assertTrue(Double.isNaN(m.perClass().get(1).precision()), "b was never predicted");
        assertEquals((2 * 0.8 / 1.8 + 0) / 2, m.macroF1(), 1e-12);
        assertEquals(8, m.confusion()[0][0]);
        assertEquals(2, m.confusion()[1][0]);
        assertEquals(10, m.total());
    }

    @Test
    void perfectPredictionsScoreOne() {
        int[] truth = {0, 1, 2, 2};
        Metrics m = Metrics.of(ABC, truth, truth.clone());
        assertEquals(1.0, m.wa());
        assertEquals(1.0, m.ua());
        assertEquals(1.0, m.macroF1());
    }
}
