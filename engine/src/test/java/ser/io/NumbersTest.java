package ser.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void roundingKeepsWhatANumberMeansAndDropsWhatDoesNotExist() {
        assertEquals(0.1235, Numbers.round(0.123456, Numbers.PROBABILITY));
        assertEquals(3.537, Numbers.round(3.536875, Numbers.SECONDS));
        assertNull(Numbers.round(Double.NaN, Numbers.PROBABILITY));
        assertNull(Numbers.round(Double.POSITIVE_INFINITY, Numbers.SECONDS));
        assertNull(Numbers.round(null, Numbers.SECONDS));
        assertEquals(4.01, Numbers.roundValue(4.006696, 100));
        assertEquals(Double.NaN, Numbers.roundValue(Double.NaN, 100));
    }

    @Test
    void smallNumbersArePlainAndOthersJavasShortestText() {
        assertEquals("0.0002", Numbers.plain(2e-4));
        assertEquals("-0.00001", Numbers.plain(-1e-5));
        assertEquals("0.0000001", Numbers.plain(1e-7));
        assertEquals("0.5", Numbers.plain(0.5));
        assertEquals("0.0", Numbers.plain(0));
        assertEquals("0.001", Numbers.plain(1e-3));
        assertEquals("1.0E20", Numbers.plain(1e20));
    }

    record Report(double small, float ratio, Float missing, double[] series, float[] weights) {
    }

    @Test
    void jsonHasNoNanInAnyNumberTypeAndNoExponentOnSmallNumbers() throws IOException {
        var report = new Report(2e-4, Float.NaN, null, new double[] {1e-4, Double.NaN, 0.25}, new float[] {0.1f, Float.POSITIVE_INFINITY});
        assertEquals("{\"small\":0.0002,\"ratio\":null,\"missing\":null,\"series\":[0.0001,null,0.25],\"weights\":[0.1,null]}",
                JsonFiles.MAPPER.writeValueAsString(report));
    }
}
